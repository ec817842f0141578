import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import sqlite3 from 'sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { postgresUrl } from '../testing/databases.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const base = '/api/workspaces/demo/data-sources';
let t: TestApp;
let owner: Browser;
let ownerKey: string;

/** A member of Demo with `role`, logged in through the API, whose browser asks for pt-BR. */
const member = async (email: string, role: 'viewer' | 'editor' | 'admin') =>
  (await person(t, email, role, { lang: 'pt-BR' })).b;

beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
  owner = (await person(t, 'owner@example.org')).b;
  ownerKey = await apiKeyOf(owner, 'admin');
  // A DuckDB file in the folder file sources may use (the data folder's files/ by default).
  const files = path.join(t.dataDir, 'files');
  fs.mkdirSync(files, { recursive: true });
  const instance = await DuckDBInstance.create(path.join(files, 'sales.duckdb'));
  const c = await instance.connect();
  await c.run(
    "CREATE TABLE sales AS SELECT i AS id, i * 10 AS amount, CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END AS region FROM range(1, 11) t(i)",
  );
  c.closeSync();
  instance.closeSync();
});
afterAll(() => t?.close());

describe('data sources', () => {
  it('connects a DuckDB file from the allowed folder, lists, browses and queries it', async () => {
    const created = await owner.post(base, {
      engine: 'duckdb',
      name: 'Sales',
      config: { file: 'sales.duckdb' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Sales',
      engine: 'duckdb',
      builtIn: false,
      hasPassword: false,
    });
    const id = created.body.id as string;
    const list = await owner.get(base);
    expect(list.body.dataSources.map((s: { name: string }) => s.name)).toEqual(['Demo', 'Sales']);
    const schema = await owner.get(`${base}/${id}/schema`);
    expect(schema.status).toBe(200);
    const sales = schema.body.schemas
      .flatMap((s: { tables: { name: string }[] }) => s.tables)
      .find((x: { name: string }) => x.name === 'sales');
    expect(sales.columns.map((col: { name: string }) => col.name)).toEqual([
      'id',
      'amount',
      'region',
    ]);
    const run = await owner.post('/api/workspaces/demo/queries', {
      source: id,
      sql: 'SELECT sum(amount) AS total FROM sales WHERE region = {{region}}',
      parameters: [{ name: 'region', type: 'text', value: 'north' }],
    });
    expect(run.status).toBe(200);
    expect(run.body.rows).toEqual([[300]]);
    expect(run.body.cache).toMatchObject({ hit: false });
    expect((await owner.post(`${base}/${id}/test`)).status).toBe(204);
    const events = await t.db('audit_events').where({ type: 'data-source.create' });
    expect(events).toHaveLength(1);
  });

  it('refuses files outside the allowed folder and Painel’s own files, without saying where they are', async () => {
    for (const file of ['../painel.sqlite', '/etc/passwd', '../secrets.json', 'missing.duckdb']) {
      const res = await owner.post(base, { engine: 'sqlite', name: `x-${file}`, config: { file } });
      expect(res.status, file).toBe(400);
      expect(res.body.type).toMatch(/#datasource-file$/i);
      expect(JSON.stringify(res.body)).not.toContain(t.dataDir);
    }
    expect((await owner.get(base)).body.dataSources).toHaveLength(2);
  });

  it('keeps the built-in Demo source as it is', async () => {
    expect((await owner.patch(`${base}/demo`, { name: 'Mine' })).status).toBe(403);
    expect((await owner.delete(`${base}/demo`)).status).toBe(403);
  });

  it('lets members see sources, editors browse schemas, only admins manage them', async () => {
    const viewer = await member('viewer@example.org', 'viewer');
    const editor = await member('editor@example.org', 'editor');
    expect((await viewer.get(base)).status).toBe(200);
    expect((await viewer.get(`${base}/demo/schema`)).status).toBe(403);
    expect((await editor.get(`${base}/demo/schema`)).status).toBe(200);
    const denied = await editor.post(base, {
      engine: 'duckdb',
      name: 'E',
      config: { file: 'sales.duckdb' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.title).toMatch(/papel/i);
    const { b: outsider } = await person(t, 'out@example.org');
    expect((await outsider.get(base)).status).toBe(404);
    expect((await outsider.get(`${base}/demo`)).status).toBe(404);
  });

  it('answers bad input with 4xx problems in the request’s language', async () => {
    const pt = (body: object) =>
      request(t.app)
        .post(base)
        .set('Authorization', `Bearer ${ownerKey}`)
        .set('Accept-Language', 'pt-BR')
        .send(body);
    for (const body of [
      {},
      { engine: 'oracle', name: 'x', config: {} },
      {
        engine: 'postgres',
        name: 'x',
        config: { host: 'h', port: '5432', database: 'd', user: 'u' },
      },
      {
        engine: 'postgres',
        name: 'x',
        config: { host: 'h', port: 5432, database: 'd', user: 'u', extra: 1 },
      },
      { engine: 'sqlite', name: 'x', config: { file: 'a.db' }, password: 'p' },
      { engine: 'duckdb', name: '', config: { file: 'sales.duckdb' } },
    ]) {
      const res = await pt(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.title).toBe('Alguns campos não são válidos');
    }
    // A file that is not a DuckDB database, and a rename onto a taken name.
    fs.writeFileSync(path.join(t.dataDir, 'files', 'notes.duckdb'), 'just text');
    const notDuckDb = await owner.post(base, {
      engine: 'duckdb',
      name: 'Notes',
      config: { file: 'notes.duckdb' },
    });
    expect(notDuckDb.status).toBe(400);
    expect(notDuckDb.body.type).toMatch(/#datasource-file$/i);
    const sales = (await owner.get(base)).body.dataSources.find(
      (s: { name: string }) => s.name === 'Sales',
    );
    expect((await owner.patch(`${base}/${sales.id}`, { name: 'Demo' })).status).toBe(409);
    const anonymous = await request(t.app).post(base).send({ bogus: true });
    expect(anonymous.status).toBe(401);
    expect(
      (
        await owner.post(base, {
          engine: 'duckdb',
          name: 'Sales',
          config: { file: 'sales.duckdb' },
        })
      ).status,
    ).toBe(409);
  });

  it.skipIf(!postgresUrl)(
    'stores a PostgreSQL password encrypted and never returns it',
    async () => {
      const url = new URL(postgresUrl ?? '');
      const secret = 'hunter2-not-in-any-answer';
      const config = {
        host: url.hostname,
        port: Number(url.port || 5432),
        database: url.pathname.slice(1) || 'postgres',
        user: decodeURIComponent(url.username || 'postgres'),
      };
      const created = await owner.post(base, {
        engine: 'postgres',
        name: 'Warehouse',
        config,
        password: secret,
      });
      expect(created.status).toBe(201);
      expect(created.body.hasPassword).toBe(true);
      const row = await t.db('data_sources').where({ id: created.body.id }).first();
      expect(row.secret).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain(secret);
      const answers = [
        created,
        await owner.get(base),
        await owner.get(`${base}/${created.body.id}`),
      ];
      const renamed = await owner.patch(`${base}/${created.body.id}`, { name: 'Warehouse 2' });
      expect(renamed.body).toMatchObject({ name: 'Warehouse 2', hasPassword: true });
      for (const res of [...answers, renamed])
        expect(JSON.stringify(res.body)).not.toContain(secret);
      const run = await owner.post('/api/workspaces/demo/queries', {
        source: created.body.id,
        sql: 'SELECT 40 + {{n}} AS answer',
        parameters: [{ name: 'n', type: 'number', value: 2 }],
      });
      expect(run.body.rows).toEqual([[42]]);
      // A port nothing listens on: the change is refused, saying why, and nothing is saved.
      const refused = await owner.patch(`${base}/${created.body.id}`, {
        config: { ...config, port: 1 },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.type).toMatch(/#datasource-refused$/i);
      expect((await owner.get(`${base}/${created.body.id}`)).body.config.port).toBe(config.port);
      expect((await owner.delete(`${base}/${created.body.id}`)).status).toBe(204);
    },
  );
});

describe('the nightly schema refresh', () => {
  /** Runs SQL on a SQLite file of the allowed folder, as another program would. */
  async function onSqliteFile(file: string, sql: string) {
    const db = new sqlite3.Database(path.join(t.dataDir, 'files', file));
    await new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  const tablesOf = async (id: string) =>
    (await owner.get(`${base}/${id}/schema`)).body.schemas
      .flatMap((s: { tables: { name: string }[] }) => s.tables)
      .map((x: { name: string }) => x.name);

  it('reads the tables added since a schema was cached, and keeps it for a source that fails', async () => {
    await onSqliteFile('nightly.sqlite', 'CREATE TABLE orders (id INTEGER)');
    await onSqliteFile('gone.sqlite', 'CREATE TABLE kept (id INTEGER)');
    const nightly = (
      await owner.post(base, {
        engine: 'sqlite',
        name: 'Nightly',
        config: { file: 'nightly.sqlite' },
      })
    ).body.id as string;
    const gone = (
      await owner.post(base, { engine: 'sqlite', name: 'Gone', config: { file: 'gone.sqlite' } })
    ).body.id as string;
    expect(await tablesOf(nightly)).toEqual(['orders']);
    expect(await tablesOf(gone)).toEqual(['kept']);
    // Read from the cache until the refresh.
    await onSqliteFile('nightly.sqlite', 'CREATE TABLE returns (id INTEGER)');
    expect(await tablesOf(nightly)).toEqual(['orders']);
    // The file disappears (and the process restarts, so no connection holds it open).
    fs.rmSync(path.join(t.dataDir, 'files', 'gone.sqlite'));
    await t.services.dataSources.release(t.services.workspaceId, gone);

    const result = await t.services.dataSources.refreshSchemas();
    expect(result.failed).toEqual([
      { workspaceId: t.services.workspaceId, id: gone, error: expect.any(String) },
    ]);
    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    expect(await tablesOf(nightly)).toEqual(['orders', 'returns']);
    expect(await tablesOf(gone)).toEqual(['kept']);
  });
});
