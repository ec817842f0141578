import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { bootCore, type Core } from '../boot.js';
import { loadConfig } from '../config.js';
import { createDb, migrate } from '../db/knex.js';
import { seedDemo } from '../demo/seed.js';
import { createLogger } from '../logger.js';
import { browser } from '../testing/browser.js';
import {
  createTestDatabase,
  metadataDatabases,
  type TestDatabase,
  tempDir,
} from '../testing/databases.js';

const logger = createLogger('silent');
const secrets = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123',
  COOKIE_SECRET: 'test-cookie-secret-0123456789abcdef',
  DATA_SOURCE_KEY: Buffer.alloc(32, 7).toString('base64'),
};

// A table of the old layout with the types an upload made: integers, decimals, timestamps,
// text with accents, and NULLs.
const oldTable = `CREATE TABLE vendas AS SELECT * FROM (VALUES
  (1, 9007199254740991::BIGINT, 1234.56::DECIMAL(12,2), 0.1::DOUBLE, TIMESTAMP '2026-01-02 03:04:05.123456', 'São Paulo — açaí', DATE '2026-01-02', true),
  (2, -42::BIGINT, -0.01::DECIMAL(12,2), NULL, NULL, NULL, NULL, NULL),
  (3, NULL, NULL, 1e300, TIMESTAMP '1999-12-31 23:59:59', 'Ñandú "quoted" ''single''', DATE '1970-01-01', false)
) t(id, grande, valor, razao, quando, cidade, dia, ativo)`;

describe.each(metadataDatabases())(
  'moving uploads of the old layout on $kind',
  ({ kind, skip }) => {
    let database: TestDatabase | undefined;
    const cores: Core[] = [];
    afterEach(async () => {
      await Promise.all(cores.splice(0).map((c) => c.close()));
      await database?.drop();
      database = undefined;
    });

    /** An instance as the previous release left it: an Uploads source over uploads.duckdb. */
    async function previousRelease() {
      const dataDir = tempDir();
      database = await createTestDatabase(kind, dataDir);
      const config = loadConfig(
        {
          DATA_DIR: dataDir,
          DEMO_DATA: 'false',
          ...(database.config.client === 'pg'
            ? { DATABASE_URL: database.config.connectionString, ...secrets }
            : {}),
        },
        dataDir,
      );
      const db = createDb(config.database);
      await migrate(db);
      const { workspaceId } = await seedDemo(db);
      const sourceId = randomUUID();
      const relative = path.join('workspaces', workspaceId, 'uploads.duckdb');
      await db('data_sources').insert({
        id: sourceId,
        workspace_id: workspaceId,
        name: 'Uploads',
        engine: 'duckdb',
        config: JSON.stringify({ file: relative }),
        built_in: true,
        created_at: new Date(),
        updated_at: new Date(),
      });
      await db.destroy();
      const file = path.join(dataDir, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const instance = await DuckDBInstance.create(file);
      const c = await instance.connect();
      await c.run(oldTable);
      await c.run('CREATE TABLE vazia (a INTEGER, b VARCHAR)');
      const described = (await c.runAndReadAll('DESCRIBE vendas')).getRowObjectsJson();
      c.closeSync();
      instance.closeSync();
      return {
        config,
        workspaceId,
        sourceId,
        file,
        types: described.map((d) => ({ name: d.column_name, type: d.column_type })),
      };
    }

    async function boot(config: ReturnType<typeof loadConfig>) {
      const core = await bootCore(config, logger);
      cores.push(core);
      return core;
    }

    /** The Demo owner's browser: the instance's first account owns Demo. */
    async function owner(core: Core) {
      const app = createApp({
        db: core.db,
        logger,
        services: core.services,
        publicUrl: 'http://x',
      });
      const b = browser(app);
      const login = { email: 'o@example.org', password: 'correct horse battery' };
      expect((await b.post('/api/auth/signup', { ...login, name: 'O', locale: 'en' })).status).toBe(
        202,
      );
      expect((await b.post('/api/auth/login', login)).status).toBe(200);
      return b;
    }

    it.skipIf(skip)(
      'exports each table to Parquet at boot, with the same values and types',
      async () => {
        const old = await previousRelease();
        const core = await boot(old.config);

        expect(fs.existsSync(old.file)).toBe(false);
        expect(fs.existsSync(`${old.file}.migrated`)).toBe(true);
        const folder = path.join(old.config.uploadsDir, old.workspaceId);
        expect(fs.readdirSync(folder).filter((f) => f.endsWith('.parquet'))).toHaveLength(2);
        const source = await core.db('data_sources').where({ id: old.sourceId }).first();
        expect(JSON.parse(source.config)).toEqual({ uploads: true });

        const b = await owner(core);
        const res = await b.post('/api/workspaces/demo/queries', {
          source: old.sourceId,
          sql: 'SELECT * FROM vendas ORDER BY id',
        });
        expect(res.status).toBe(200);
        expect(res.body.rows).toEqual([
          [
            1,
            9007199254740991,
            '1234.56',
            0.1,
            '2026-01-02T03:04:05.123Z',
            'São Paulo — açaí',
            '2026-01-02',
            true,
          ],
          [2, -42, '-0.01', null, null, null, null, null],
          [
            3,
            null,
            null,
            1e300,
            '1999-12-31T23:59:59.000Z',
            'Ñandú "quoted" \'single\'',
            '1970-01-01',
            false,
          ],
        ]);
        // Microseconds too, and decimals as the exact text they were.
        const exact = await b.post('/api/workspaces/demo/queries', {
          source: old.sourceId,
          sql: "SELECT strftime(quando, '%Y-%m-%d %H:%M:%S.%f'), valor::VARCHAR FROM vendas WHERE id = 1",
        });
        expect(exact.body.rows).toEqual([['2026-01-02 03:04:05.123456', '1234.56']]);

        const schema = await b.get(`/api/workspaces/demo/data-sources/${old.sourceId}/schema`);
        const tables = schema.body.schemas[0].tables;
        expect(tables.map((t: { name: string }) => t.name)).toEqual(['vazia', 'vendas']);
        const vendas = tables.find((t: { name: string }) => t.name === 'vendas');
        expect(vendas).toMatchObject({ kind: 'table', rowEstimate: 3 });
        expect(
          vendas.columns.map((c: { name: string; type: string }) => ({
            name: c.name,
            type: c.type,
          })),
        ).toEqual(old.types);

        // A second start finds nothing to move and leaves the tables as they are.
        await cores.splice(0)[0]?.close();
        const again = await boot(old.config);
        expect(fs.readdirSync(folder).filter((f) => f.endsWith('.parquet'))).toHaveLength(2);
        expect(await again.db('upload_tables').orderBy('name').pluck('name')).toEqual([
          'vazia',
          'vendas',
        ]);
        const count = await again.services.queries.run({
          workspaceId: old.workspaceId,
          sourceId: old.sourceId,
          sql: 'SELECT count(*) FROM vendas',
        });
        expect(count.rows).toEqual([[3]]);
      },
    );

    // Replicas that share a DATA_DIR and boot together on PostgreSQL: one moves, the other waits.
    it.skipIf(skip || kind !== 'postgres')(
      'moves once when two replicas boot together',
      async () => {
        const old = await previousRelease();
        await Promise.all([boot(old.config), boot(old.config)]);
        const folder = path.join(old.config.uploadsDir, old.workspaceId);
        expect(fs.readdirSync(folder).filter((f) => f.endsWith('.parquet'))).toHaveLength(2);
        expect(fs.existsSync(`${old.file}.migrated`)).toBe(true);
        const [core] = cores;
        const rows = await core?.db('upload_tables').orderBy('name').pluck('name');
        expect(rows).toEqual(['vazia', 'vendas']);
      },
    );
  },
);
