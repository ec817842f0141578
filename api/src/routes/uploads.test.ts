import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let owner: Browser;

beforeAll(async () => {
  t = await createTestApp({ demoTables: [], uploadMaxBytes: 64 * 1024 });
  owner = (await person(t, 'o@example.org')).b;
});
afterAll(() => t?.close());

const upload = (query: string, body: Buffer | string, type = 'text/csv', as = owner) =>
  request(t.app)
    .post(`/api/workspaces/demo/uploads?${query}`)
    .set(as.session())
    .set('Content-Type', type)
    .send(body);

const query = (source: string, sql: string) =>
  owner.post('/api/workspaces/demo/queries', { source, sql });

describe('uploading files into the workspace’s own DuckDB database', () => {
  it('imports a CSV as a table of the built-in Uploads source, then replaces it', async () => {
    const csv =
      'região,vendas,dia\nnorte,10.5,2026-01-01\nsul,20,2026-01-02\nnorte,1.5,2026-01-03\n';
    const res = await upload(`name=${encodeURIComponent('Vendas 2026.csv')}`, csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ table: 'vendas_2026', rowCount: 3 });
    expect(res.body.dataSource).toMatchObject({ name: 'Uploads', engine: 'duckdb', builtIn: true });
    expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual([
      'região',
      'vendas',
      'dia',
    ]);
    const source = res.body.dataSource.id as string;
    const total = await query(
      source,
      'SELECT sum(vendas) FROM vendas_2026 WHERE "região" = \'norte\'',
    );
    expect(total.body.rows).toEqual([[12]]);
    const again = await upload('name=vendas.csv&table=vendas_2026', 'região,vendas\nleste,7\n');
    expect(again.body).toMatchObject({
      table: 'vendas_2026',
      rowCount: 1,
      dataSource: { id: source },
    });
    expect((await query(source, 'SELECT count(*) FROM vendas_2026')).body.rows).toEqual([[1]]);
    expect(
      (await owner.patch(`/api/workspaces/demo/data-sources/${source}`, { name: 'x' })).status,
    ).toBe(403);
    // The uploaded file itself is gone: queries read Parquet files in the uploads folder, one
    // per import (the replaced one is kept a while for queries that may still read it).
    const dir = path.join(t.dataDir, 'workspaces', t.services.workspaceId);
    expect(fs.readdirSync(dir)).toEqual([]);
    const files = fs.readdirSync(path.join(t.uploadsDir, t.services.workspaceId));
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^[0-9a-f-]{36}\.parquet$/.test(f))).toBe(true);
  });

  it('imports Parquet', async () => {
    const file = path.join(tempDir(), 'stocks.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(
      `COPY (SELECT 'AAPL' AS symbol, i AS day, i * 2.5 AS price FROM range(1, 101) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    c.closeSync();
    instance.closeSync();
    const res = await upload(
      'name=stocks.parquet',
      fs.readFileSync(file),
      'application/vnd.apache.parquet',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ table: 'stocks', rowCount: 100 });
    const avg = await query(res.body.dataSource.id, 'SELECT avg(price) FROM stocks');
    expect(avg.body.rows).toEqual([[126.25]]);
  });

  it('refuses what it cannot import, with a clear 4xx', async () => {
    const pt = (q: string, body: Buffer | string, type?: string) =>
      upload(q, body, type).set('Accept-Language', 'pt-BR');
    const garbage = await pt(
      'name=broken.parquet',
      Buffer.from('not parquet at all'),
      'application/octet-stream',
    );
    expect(garbage.status).toBe(400);
    expect(garbage.body.title).toBe('Não foi possível ler o arquivo');
    expect(JSON.stringify(garbage.body)).not.toContain(t.dataDir);
    expect((await pt('name=notes.docx', 'x', 'application/msword')).status).toBe(415);
    expect((await pt('name=empty.csv', '')).status).toBe(400);
    expect((await pt('name=%21%21%21.csv', 'a\n1\n')).status).toBe(400);
    expect((await pt('', 'a\n1\n')).status).toBe(400);
    const big = await pt('name=big.csv', `a\n${'1\n'.repeat(40_000)}`);
    expect(big.status).toBe(413);
    const dir = path.join(t.dataDir, 'workspaces', t.services.workspaceId);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('incoming-'))).toEqual([]);
  });

  it('is for admins only', async () => {
    const { b: editor } = await person(t, 'v@example.org', 'editor');
    const res = await upload('name=a.csv', 'a\n1\n', 'text/csv', editor);
    expect(res.status).toBe(403);
    expect(
      (
        await request(t.app)
          .post('/api/workspaces/demo/uploads?name=a.csv')
          .set('Content-Type', 'text/csv')
          .send('a\n1\n')
      ).status,
    ).toBe(401);
  });
});
