import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const queriesPath = '/api/workspaces/demo/queries';
let t: TestApp;
let editorKey: string;
let viewerKey: string;
beforeAll(async () => {
  t = await createTestApp({ demoTables: ['stocks'], query: { timeoutMs: 300, rowLimit: 100 } });
  // The first account owns Demo; its keys carry the roles the tests need.
  const { b: owner } = await person(t, 'o@example.org');
  editorKey = await apiKeyOf(owner, 'editor');
  viewerKey = await apiKeyOf(owner, 'viewer');
});
afterAll(() => t.close());

const run = (body: unknown, lang = 'en', key = editorKey) =>
  request(t.app)
    .post(queriesPath)
    .set('Accept-Language', lang)
    .set('Authorization', `Bearer ${key}`)
    .send(body as object);

describe('who may query', () => {
  it('refuses anonymous callers, viewers, and workspaces the caller is not in', async () => {
    const anonymous = await request(t.app)
      .post(queriesPath)
      .send({ source: 'demo', sql: 'SELECT 1' })
      .expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const viewer = await run({ source: 'demo', sql: 'SELECT 1' }, 'pt-BR', viewerKey).expect(403);
    expect(viewer.headers['content-language']).toBe('pt-BR');
    await request(t.app)
      .post('/api/workspaces/someone-else/queries')
      .set('Authorization', `Bearer ${editorKey}`)
      .send({ source: 'demo', sql: 'SELECT 1' })
      .expect(404);
    await request(t.app).get('/api/workspaces/demo/data-sources').expect(401);
  });
});

describe('POST /api/workspaces/:workspace/queries', () => {
  it('returns typed columns and JSON-safe rows', async () => {
    const res = await run({
      source: 'demo',
      sql: "SELECT symbol, count(*) AS n, round(avg(price), 2) AS mean, min(date) AS first, 9007199254740993::BIGINT AS big FROM stocks WHERE symbol = 'AAPL' GROUP BY symbol",
    }).expect(200);
    expect(res.body.columns).toEqual([
      { name: 'symbol', type: 'string' },
      { name: 'n', type: 'integer' },
      { name: 'mean', type: 'number' },
      { name: 'first', type: 'date' },
      { name: 'big', type: 'integer' },
    ]);
    expect(res.body.rows).toEqual([
      ['AAPL', 123, expect.any(Number), '2000-01-01', '9007199254740993'],
    ]);
    expect(res.body).toMatchObject({ rowCount: 1, truncated: false });
  });

  it('cuts results at the row cap and says so', async () => {
    const res = await run({ source: 'demo', sql: 'SELECT * FROM range(250) r(i)' }).expect(200);
    expect(res.body.rowCount).toBe(100);
    expect(res.body.truncated).toBe(true);
    const fewer = await run({
      source: 'demo',
      sql: 'SELECT * FROM range(250) r(i)',
      maxRows: 7,
    }).expect(200);
    expect(fewer.body.rows).toHaveLength(7);
  });

  it.each([
    ['DROP TABLE stocks', 'DROP'],
    ["INSERT INTO stocks VALUES ('X', DATE '2020-01-01', 1)", 'INSERT'],
    ['DELETE FROM stocks', 'DELETE'],
    ['UPDATE stocks SET price = 0', 'UPDATE'],
    ['CREATE TABLE t AS SELECT 1', 'CREATE'],
    ["ATTACH '/tmp/other.duckdb' AS o", 'ATTACH'],
    ['SET lock_configuration = false', 'SET'],
    ['INSTALL httpfs', 'INSTALL'],
  ])('refuses %s before it runs', async (sql, statement) => {
    const res = await run({ source: 'demo', sql }, 'pt-BR').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.title).toBe('Só são permitidas consultas de leitura');
    expect(res.body.detail).toContain(statement);
    const count = await run({ source: 'demo', sql: 'SELECT count(*) AS n FROM stocks' }).expect(
      200,
    );
    expect(count.body.rows[0][0]).toBe(560);
  });

  it.each([
    "COPY stocks TO '/tmp/painel-out.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM 'https://example.org/x.parquet'",
  ])('cannot reach files or the network: %s', async (sql) => {
    const res = await run({ source: 'demo', sql }).expect(400);
    expect(res.body.type).toMatch(/#query-(readOnly|forbiddenFunction)$/);
  });

  it('sends one statement at a time', async () => {
    const res = await run({ source: 'demo', sql: 'SELECT 1; DROP TABLE stocks' }).expect(400);
    expect(res.body.detail).toBe('The text holds 2 statements; run them one by one.');
  });

  it("returns the engine's message for bad SQL, with the line", async () => {
    const syntax = await run({ source: 'demo', sql: 'SELECT *\nFROM WHERE 1' }).expect(400);
    expect(syntax.body.title).toBe('The query has an error');
    expect(syntax.body.detail).toMatch(/syntax error at or near "WHERE"/);
    expect(syntax.body.line).toBe(2);
    const binder = await run({ source: 'demo', sql: 'SELECT nope FROM stocks' }).expect(400);
    expect(binder.body.detail).toMatch(/nope/);
  });

  it('stops a query at the timeout and the engine is free afterwards', async () => {
    const res = await run({
      source: 'demo',
      sql: 'SELECT count(*) FROM range(100000000000) a',
    }).expect(422);
    expect(res.body.detail).toBe(
      'It was stopped after 0.3 s. Filter or aggregate more, or ask an admin to raise the limit.',
    );
    const after = await run({ source: 'demo', sql: 'SELECT 42 AS answer' }).expect(200);
    expect(after.body.rows).toEqual([[42]]);
  });

  it('answers 404 for an unknown data source', async () => {
    const res = await run({ source: 'nope', sql: 'SELECT 1' }).expect(404);
    expect(res.body.title).toBe('Data source not found');
  });

  it.each([
    [{ sql: 'SELECT 1' }, 'source', 'Required'],
    [{ source: 'demo', sql: 1 }, 'sql', 'Expected string'],
    [{ source: 'demo', sql: '' }, 'sql', 'Must be at least 1 character'],
    [{ source: 'demo', sql: 'SELECT 1', extra: true }, 'extra', 'Unknown field "extra"'],
    [{ source: 'demo', sql: 'SELECT 1', maxRows: 0 }, 'maxRows', 'Must be at least 1'],
  ])('rejects the body %j field by field', async (body, path, message) => {
    const res = await run(body).expect(400);
    expect(res.body.errors).toContainEqual({ path, message });
    expect(res.body.title).toBe('Some fields are not valid');
  });

  it('rejects malformed JSON, other content types and oversized bodies in the reader language', async () => {
    const bad = await request(t.app)
      .post(queriesPath)
      .set('Authorization', `Bearer ${editorKey}`)
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'pt-BR')
      .send('{"source": ')
      .expect(400);
    expect(bad.body.title).toBe('O corpo da requisição não é um JSON válido');
    await request(t.app)
      .post(queriesPath)
      .set('Authorization', `Bearer ${editorKey}`)
      .set('Content-Type', 'text/plain')
      .send('SELECT 1')
      .expect(415);
    const big = await run({ source: 'demo', sql: `SELECT '${'x'.repeat(300_000)}'` }).expect(413);
    expect(big.body.detail).toBe('Send at most 256 KB.');
  });

  it('lists the data sources to viewers, never with a password', async () => {
    const res = await request(t.app)
      .get('/api/workspaces/demo/data-sources')
      .set('Authorization', `Bearer ${viewerKey}`)
      .expect(200);
    expect(res.body.dataSources).toEqual([
      expect.objectContaining({
        id: 'demo',
        name: 'Demo',
        engine: 'duckdb',
        builtIn: true,
        hasPassword: false,
      }),
    ]);
  });
});

describe('POST /api/workspaces/:workspace/builder/compile', () => {
  const compile = (body: unknown, key = editorKey) =>
    request(t.app)
      .post('/api/workspaces/demo/builder/compile')
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);

  it('turns a grouped question into SQL that the queries endpoint runs as it is', async () => {
    const compiled = await compile({
      source: 'demo',
      query: {
        table: 'stocks',
        filters: [{ column: 'symbol', op: 'in', values: ['AAPL', 'MSFT'] }],
        groupBy: [{ column: 'symbol' }, { column: 'date', truncate: 'year' }],
        aggregates: [{ fn: 'avg', column: 'price' }, { fn: 'count' }],
        orderBy: [{ column: 'symbol' }, { column: 'date_year' }],
        limit: 3,
      },
    }).expect(200);
    expect(compiled.body.sql).toMatch(/DATE_TRUNC\('year'/);
    expect(compiled.body.parameters.map((p: { value: unknown }) => p.value)).toEqual([
      'AAPL',
      'MSFT',
    ]);
    const built = await run({
      source: 'demo',
      sql: compiled.body.sql,
      parameters: compiled.body.parameters,
    }).expect(200);
    const direct = await run({
      source: 'demo',
      sql: "SELECT symbol, CAST(date_trunc('year', date) AS DATE) AS y, avg(price), count(*) FROM stocks WHERE symbol IN ('AAPL', 'MSFT') GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 3",
    }).expect(200);
    expect(built.body.columns.map((c: { name: string }) => c.name)).toEqual([
      'symbol',
      'date_year',
      'avg_price',
      'count',
    ]);
    expect(built.body.rows).toEqual(direct.body.rows);
  });

  it('refuses viewers, unknown names and bad input with 4xx problems', async () => {
    await compile({ source: 'demo', query: { table: 'stocks' } }, viewerKey).expect(403);
    const unknown = await compile({
      source: 'demo',
      query: { table: 'stocks', columns: ['secret'] },
    }).expect(400);
    expect(unknown.body.errors).toEqual([{ path: 'columns.0', message: expect.any(String) }]);
    await compile({
      source: 'demo',
      query: { table: 'stocks', filters: [{ column: 'price', op: 'like', value: 1 }] },
    }).expect(400);
    await compile({ source: 'demo', query: { table: 'stocks' }, timeZone: 'Mars/Olympus' }).expect(
      400,
    );
    await compile({ source: 'nope', query: { table: 'stocks' } }).expect(404);
  });
});
