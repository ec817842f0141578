import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbFixture } from '../testing/duckdb.fixture.js';
import {
  type EngineFixture,
  type FixtureDatabase,
  httpErrorOf,
  testLimits as limits,
} from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { postgresFixture } from '../testing/postgres.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';

/**
 * The contract every connector keeps, run against each real engine: the same sample data,
 * the same answers as the raw driver, parameters bound (never spliced), one reading
 * statement only, timeouts and cancellation that stop the engine, and connection failures
 * that say why.
 */
const fixtures: EngineFixture[] = [duckdbFixture, sqliteFixture, postgresFixture, mysqlFixture];

/** The status and key of the HttpError `promise` rejects with (`what` names it if it resolves). */
const problem = async (promise: Promise<unknown>, what?: string) => {
  const { status, key } = await httpErrorOf(promise, what);
  return { status, key };
};

describe.each(fixtures)('$engine connector', (fixture) => {
  const skip = fixture.skipReason !== null;
  let db: FixtureDatabase;
  beforeAll(async () => {
    if (!skip) db = await fixture.setUp();
  });
  afterAll(() => db?.tearDown());

  it.skipIf(skip)('answers a health check', async () => {
    await expect(db.connector.test()).resolves.toBeUndefined();
  });

  it.skipIf(skip)('gives the same numbers as the raw driver', async () => {
    const sql =
      "SELECT count(*) AS n, sum(amount) AS total, min(placed_at) AS first FROM orders WHERE status = 'paid'";
    const result = await db.connector.run(sql, limits);
    const [raw] = await db.raw(sql);
    expect(result.columns.map((c) => c.name)).toEqual(['n', 'total', 'first']);
    expect(result.rows[0]?.[0]).toBe(750);
    expect(Number(result.rows[0]?.[1])).toBeCloseTo(Number(raw?.[1]), 2);
    expect(Number(result.rows[0]?.[1])).toBeCloseTo(468_750, 2);
    expect(result.rows[0]?.[2]).toBe('2026-01-01T01:00:00.000Z');
    expect(result.truncated).toBe(false);
  });

  it.skipIf(skip)('types columns', async () => {
    const result = await db.connector.run(
      'SELECT orders.id, name, amount, placed_at FROM orders JOIN customers ON customers.id = orders.customer_id WHERE orders.id = 1',
      limits,
    );
    // SQLite has no exact decimal: its REAL is a double.
    const amount = fixture.engine === 'sqlite' ? (['number', 1.25] as const) : ['decimal', '1.25'];
    expect(result.columns.map((c) => c.type)).toEqual([
      'integer',
      'string',
      amount[0],
      'timestamp',
    ]);
    expect(result.rows).toEqual([[1, 'Customer 1', amount[1], '2026-01-01T01:00:00.000Z']]);
  });

  it.skipIf(skip)('binds parameters as values: an injection attempt is just a string', async () => {
    const p = (i: number) => db.connector.placeholder(i);
    const sql = `SELECT count(*) AS n FROM orders WHERE status = ${p(0)} AND amount >= ${p(1)}`;
    const paid = await db.connector.run(sql, { ...limits, params: ['paid', 1000] });
    expect(paid.rows).toEqual([[150]]);
    const injected = await db.connector.run(sql, { ...limits, params: ["paid' OR '1'='1", 0] });
    expect(injected.rows).toEqual([[0]]);
    const [count] = await db.raw('SELECT count(*) FROM orders');
    expect(Number(count?.[0])).toBe(1000);
  });

  it.skipIf(skip)('reads at most maxRows rows and says so', async () => {
    const result = await db.connector.run('SELECT id FROM orders ORDER BY id', {
      ...limits,
      maxRows: 10,
    });
    expect(result.rows).toHaveLength(10);
    expect(result.rowCount).toBe(10);
    expect(result.truncated).toBe(true);
  });

  it.skipIf(skip)('refuses writes, DDL and reaching outside the database', async () => {
    const attacks = [
      "INSERT INTO customers VALUES (99, 'x', 'BR')",
      'UPDATE orders SET amount = 0',
      'DELETE FROM orders',
      'DROP TABLE orders',
      'CREATE TABLE stolen (id integer)',
      'WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone',
      'SELECT 1; DROP TABLE orders',
      ...db.engineAttacks,
    ];
    for (const sql of attacks) {
      const refused = await problem(db.connector.run(sql, limits), sql);
      expect(refused?.status, sql).toBe(400);
      expect(refused?.key, sql).toMatch(
        /^errors\.query\.(readOnly|forbiddenFunction|multipleStatements)$/,
      );
    }
    const [count] = await db.raw('SELECT count(*) FROM orders');
    expect(Number(count?.[0])).toBe(1000);
  });

  it.skipIf(skip)('stops a query at its timeout; the engine is idle afterwards', async () => {
    const started = Date.now();
    const refused = await problem(db.connector.run(db.slowSql, { ...limits, timeoutMs: 300 }));
    expect(refused).toEqual({ status: 422, key: 'errors.query.timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
  });

  it.skipIf(skip)('cancels a running query in the engine', async () => {
    const controller = new AbortController();
    const running = problem(db.connector.run(db.slowSql, { ...limits, signal: controller.signal }));
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBeGreaterThan(0);
    controller.abort();
    expect(await running).toEqual({ status: 499, key: 'errors.query.cancelled' });
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
  });

  it.skipIf(skip)('describes tables, views, columns and foreign keys', async () => {
    const info = await db.connector.introspect();
    const tables = info.schemas.flatMap((s) => s.tables.map((t) => ({ ...t, schema: s.name })));
    const orders = tables.find((t) => t.name === 'orders');
    expect(orders?.kind).toBe('table');
    expect(orders?.columns.map((c) => c.name)).toEqual([
      'id',
      'customer_id',
      'amount',
      'placed_at',
      'status',
    ]);
    expect(orders?.foreignKeys).toEqual([
      {
        columns: ['customer_id'],
        refSchema: orders?.schema,
        refTable: 'customers',
        refColumns: ['id'],
      },
    ]);
    expect(tables.find((t) => t.name === 'paid_orders')?.kind).toBe('view');
    expect(tables.some((t) => t.name === 'customers')).toBe(true);
  });

  it.skipIf(skip)('says why a connection fails', async () => {
    for (const failure of db.failures) {
      const connector = await failure.open();
      try {
        expect(await problem(connector.test(), failure.key), failure.key).toMatchObject({
          key: failure.key,
        });
      } finally {
        await connector.close();
      }
    }
  });
});
