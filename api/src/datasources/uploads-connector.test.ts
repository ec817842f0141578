import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, migrate } from '../db/knex.js';
import { createTestDatabase, type TestDatabase, tempDir } from '../testing/databases.js';
import type { Connector } from './connector.js';
import { uploadFolder } from './upload-files.js';
import { createUploadStore } from './upload-store.js';
import { confinedInstance, openUploads } from './uploads-connector.js';

// The statement check refuses file functions, ATTACH and SET before SQL reaches the engine
// (uploads-isolation.test.ts through HTTP). These run SQL on the Uploads instance itself, past
// that check: its own settings must still keep a workspace to its folder.
const options = { timeoutMs: 10_000, maxRows: 100 };

describe('the Uploads DuckDB instance on its own', () => {
  let database: TestDatabase;
  let db: Db;
  let uploadsDir: string;
  let connector: Connector;
  /** A connection to an instance confined to workspace A's folder, with no statement check. */
  let raw: DuckDBConnection;
  let rawInstance: DuckDBInstance;
  const fileA = `${randomUUID()}.parquet`;
  /** Another workspace's Parquet and CSV files, and a file outside every workspace. */
  let neighbour: { parquet: string; csv: string };
  let outside: string;
  let store: ReturnType<typeof createUploadStore>;

  beforeAll(async () => {
    const dir = tempDir();
    uploadsDir = path.join(dir, 'uploads');
    database = await createTestDatabase('sqlite', dir);
    db = createDb(database.config);
    await migrate(db);
    const at = new Date();
    await db('workspaces').insert([
      { id: 'ws-a', slug: 'a', name: 'A', created_at: at },
      { id: 'ws-b', slug: 'b', name: 'B', created_at: at },
    ]);
    const folderA = uploadFolder(uploadsDir, 'ws-a');
    const folderB = uploadFolder(uploadsDir, 'ws-b');
    fs.mkdirSync(folderA, { recursive: true });
    fs.mkdirSync(folderB, { recursive: true });
    neighbour = { parquet: path.join(folderB, 'b.parquet'), csv: path.join(folderB, 'b.csv') };
    outside = path.join(dir, 'outside.csv');
    fs.writeFileSync(neighbour.csv, 'secret\nzebra-azul\n');
    fs.writeFileSync(outside, 'secret\nzebra-azul\n');
    const writer = await (await DuckDBInstance.create(':memory:')).connect();
    await writer.run(`COPY (SELECT 1 AS x) TO '${path.join(folderA, fileA)}' (FORMAT parquet)`);
    await writer.run(
      `COPY (SELECT 'zebra-azul' AS secret) TO '${neighbour.parquet}' (FORMAT parquet)`,
    );
    writer.closeSync();
    store = createUploadStore({ db });
    const columns = JSON.stringify([{ name: 'x', type: 'INTEGER' }]);
    await store.save({ workspace_id: 'ws-a', name: 'a', file: fileA, row_count: 1, columns, at });
    connector = await openUploads({ store, workspaceId: 'ws-a', uploadsDir, tempDir: tempDir() });
    rawInstance = await confinedInstance(folderA, tempDir());
    raw = await rawInstance.connect();
  });

  const fileInA = () => path.join(uploadFolder(uploadsDir, 'ws-a'), fileA);

  afterAll(async () => {
    raw?.closeSync();
    rawInstance?.closeSync();
    await connector?.close();
    await db?.destroy();
    await database?.drop();
  });

  it('reads its own workspace’s table, through the connector and on the instance', async () => {
    expect((await connector.run('SELECT x FROM a', options)).rows).toEqual([[1]]);
    const own = await raw.runAndReadAll(`SELECT x FROM read_parquet('${fileInA()}')`);
    expect(own.getRows()).toEqual([[1]]);
  });

  it.each([
    [
      'read_parquet of another workspace',
      () => `SELECT * FROM read_parquet('${neighbour.parquet}')`,
    ],
    ['read_csv of another workspace', () => `SELECT * FROM read_csv('${neighbour.csv}')`],
    ['a file outside the uploads folder', () => `SELECT * FROM read_csv('${outside}')`],
    ['a file named by its path', () => `SELECT * FROM '${neighbour.parquet}'`],
    ['glob over the uploads folder', () => `SELECT * FROM glob('${uploadsDir}/*/*')`],
    ['ATTACH', () => `ATTACH '${path.join(uploadsDir, 'x.duckdb')}' AS x`],
    ['COPY to a file', () => `COPY (SELECT 1) TO '${path.join(uploadsDir, 'ws-b', 'w.csv')}'`],
  ])('refuses %s', async (_name, sql) => {
    const error = await raw.run(sql()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/Permission Error|disabled|not allowed/i);
    expect(String(error)).not.toContain('zebra-azul');
    expect(fs.existsSync(path.join(uploadsDir, 'ws-b', 'w.csv'))).toBe(false);
    expect(fs.existsSync(path.join(uploadsDir, 'x.duckdb'))).toBe(false);
  });

  it.each([
    `SET allowed_directories = ['${path.sep}']`,
    'SET enable_external_access = true',
    'RESET allowed_directories',
    'SET lock_configuration = false',
  ])('keeps its settings locked: %s', async (sql) => {
    await expect(raw.run(sql)).rejects.toThrow(/lock/i);
    // Still confined after the attempt.
    await expect(raw.run(`SELECT * FROM read_parquet('${neighbour.parquet}')`)).rejects.toThrow(
      /Permission Error/,
    );
  });

  it('answers from the new file once a table is replaced, though it ran the same SQL before', async () => {
    const sql = 'SELECT * FROM a';
    expect((await connector.run(sql, options)).rows).toEqual([[1]]);
    const replacement = `${randomUUID()}.parquet`;
    const writer = await (await DuckDBInstance.create(':memory:')).connect();
    await writer.run(
      `COPY (SELECT 'two' AS x, 2.5 AS y) TO '${path.join(uploadFolder(uploadsDir, 'ws-a'), replacement)}' (FORMAT parquet)`,
    );
    writer.closeSync();
    const columns = JSON.stringify([
      { name: 'x', type: 'VARCHAR' },
      { name: 'y', type: 'DOUBLE' },
    ]);
    await store.save({
      workspace_id: 'ws-a',
      name: 'a',
      file: replacement,
      row_count: 1,
      columns,
      at: new Date(),
    });
    const after = await connector.run(sql, options);
    expect(after.columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect(after.rows).toEqual([['two', '2.5']]);
  });
});
