import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type FixtureDatabase,
  httpErrorOf,
  testLimits as limits,
} from '../testing/engine.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';

// The statement guard can be switched off here, to show what the engine refuses on its own.
const guard = vi.hoisted(() => ({ on: true }));
vi.mock('./sql-guard.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./sql-guard.js')>();
  return {
    ...original,
    checkReadOnly: (...args: Parameters<typeof original.checkReadOnly>) => {
      if (guard.on) original.checkReadOnly(...args);
    },
  };
});

describe('openSqlite', () => {
  let db: FixtureDatabase;
  beforeAll(async () => {
    db = await sqliteFixture.setUp();
  });
  afterAll(() => db?.tearDown());
  const run = (sql: string, options = {}) => db.connector.run(sql, { ...limits, ...options });

  it('types columns from their values', async () => {
    const result = await run(
      `SELECT 1 AS flag, 2.5 AS ratio, 'x' AS label, date('2026-03-01') AS day,
         datetime('2026-03-01 12:30:00') AS at, time('2026-03-01 12:30:00') AS clock,
         x'00ff' AS bytes, NULL AS empty`,
    );
    expect(result.columns).toEqual([
      { name: 'flag', type: 'integer' },
      { name: 'ratio', type: 'number' },
      { name: 'label', type: 'string' },
      { name: 'day', type: 'date' },
      { name: 'at', type: 'timestamp' },
      { name: 'clock', type: 'time' },
      { name: 'bytes', type: 'binary' },
      { name: 'empty', type: 'unknown' },
    ]);
    expect(result.rows).toEqual([
      [1, 2.5, 'x', '2026-03-01', '2026-03-01T12:30:00.000Z', '12:30:00', 'AP8=', null],
    ]);
  });

  it('reads a column as the widest type its values share', async () => {
    const result = await run(
      `VALUES (1, '2026-01-01', '2026-01-01T10:00:00.5Z', 7, '2026-02-30'),
              (2.5, '2026-01-02 03:04:05', '2026-01-01 10:00:00-03:00', 'seven', NULL)`,
    );
    expect(result.columns.map((c) => c.type)).toEqual([
      'number',
      'timestamp',
      'timestamp',
      'string',
      // February 30th is no date: the column stays text.
      'string',
    ]);
    expect(result.rows).toEqual([
      [1, '2026-01-01T00:00:00.000Z', '2026-01-01T10:00:00.500Z', '7', '2026-02-30'],
      [2.5, '2026-01-02T03:04:05.000Z', '2026-01-01T13:00:00.000Z', 'seven', null],
    ]);
  });

  it('names the columns of an empty result without running the statement', async () => {
    const result = await run(`${db.slowSql.replace('count(*)', 'x AS n, 1 AS one')} LIMIT 0`);
    expect(result.columns).toEqual([
      { name: 'n', type: 'unknown' },
      { name: 'one', type: 'unknown' },
    ]);
    expect(result.rows).toEqual([]);
    const filtered = await run('SELECT id, name FROM customers WHERE id < ?', { params: [0] });
    expect(filtered.columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('stops an endless statement at the row cap', async () => {
    const result = await run(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n',
      { maxRows: 5 },
    );
    expect(result.rows).toEqual([[1], [2], [3], [4], [5]]);
    expect(result.truncated).toBe(true);
    await expect.poll(() => db.runningQueries()).toBe(0);
  });

  it('binds booleans and numbers as SQLite values', async () => {
    const result = await run('SELECT ? AS yes, ? AS no, ? AS n, ? AS s', {
      params: [true, false, 1.5, 'a'],
    });
    expect(result.rows).toEqual([[1, 0, 1.5, 'a']]);
  });

  it('stops only the query that timed out; the next one runs', async () => {
    const other = run(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000) SELECT count(*) FROM n',
    );
    const slow = httpErrorOf(run(db.slowSql, { timeoutMs: 100 }));
    expect((await slow).key).toBe('errors.query.timeout');
    expect((await other).rows).toEqual([[2_000_000]]);
    expect((await run('SELECT count(*) FROM orders')).rows).toEqual([[1000]]);
  });

  it('refuses a query already cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const refused = await httpErrorOf(run('SELECT 1', { signal: controller.signal }));
    expect(refused.status).toBe(499);
  });

  it('returns the engine message and where the error is', async () => {
    const syntax = await httpErrorOf(run('SELECT id\nFORM orders'));
    expect(syntax).toMatchObject({
      status: 400,
      key: 'errors.query.syntax',
      engineMessage: 'near "orders": syntax error',
      extensions: { line: 2, column: 6 },
    });
    const missing = await httpErrorOf(run('SELECT * FROM nope'));
    expect(missing).toMatchObject({
      key: 'errors.query.failed',
      engineMessage: 'no such table: nope',
      extensions: {},
    });
  });

  it('refuses writes, files and other databases in the engine too', async () => {
    guard.on = false;
    try {
      const attacks = {
        "INSERT INTO customers VALUES (99, 'x', 'BR')": /readonly/,
        "ATTACH DATABASE '/tmp/other.sqlite' AS other": /too many attached databases/,
        "SELECT load_extension('/tmp/x')": /not authorized/,
      };
      for (const [sql, message] of Object.entries(attacks)) {
        expect((await httpErrorOf(run(sql))).engineMessage, sql).toMatch(message);
      }
      // The pragma only reaches the handle of its own run, which is closed after it.
      await run('PRAGMA query_only = 0');
      expect((await httpErrorOf(run('DELETE FROM orders'))).engineMessage).toMatch(/readonly/);
    } finally {
      guard.on = true;
    }
    const [count] = await db.raw('SELECT count(*) FROM orders');
    expect(count).toEqual([1000]);
  });

  it('describes row estimates, types and nullability', async () => {
    const info = await db.connector.introspect();
    expect(info.schemas.map((s) => s.name)).toEqual(['main']);
    const tables = info.schemas[0]?.tables ?? [];
    expect(tables.map((t) => [t.name, t.kind, t.rowEstimate])).toEqual([
      ['customers', 'table', 20],
      ['orders', 'table', 1000],
      ['paid_orders', 'view', null],
    ]);
    expect(tables.find((t) => t.name === 'orders')?.columns).toEqual([
      { name: 'id', type: 'INTEGER', nullable: false },
      { name: 'customer_id', type: 'INTEGER', nullable: true },
      { name: 'amount', type: 'decimal(10,2)', nullable: true },
      { name: 'placed_at', type: 'timestamp', nullable: true },
      { name: 'status', type: 'TEXT', nullable: true },
    ]);
  });

  it('names a file it cannot open by its base name only', async () => {
    for (const { open } of db.failures) {
      const connector = await open();
      try {
        const refused = await httpErrorOf(connector.test());
        expect(refused.key).toBe('errors.dataSource.file');
        expect(refused.params.file).toMatch(/^[\w.-]+\.sqlite$/);
        expect(JSON.stringify(refused.params)).not.toContain('/');
        const run = await httpErrorOf(connector.run('SELECT 1', limits));
        expect(run.key).toBe('errors.dataSource.file');
      } finally {
        await connector.close();
      }
    }
  });

  it('stops running queries when closed', async () => {
    const other = await sqliteFixture.setUp();
    try {
      const slow = httpErrorOf(other.connector.run(other.slowSql, limits));
      await expect.poll(() => other.runningQueries()).toBeGreaterThan(0);
      await other.connector.close();
      expect(await other.runningQueries()).toBe(0);
      await slow;
    } finally {
      await other.tearDown();
    }
  });
});
