import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureDatabase,
  httpErrorOf,
  testLimits as limits,
} from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { silentServer } from '../testing/ports.js';
import { openMysql, tlsOptions } from './mysql.js';

describe('tlsOptions', () => {
  it('leaves TLS off unless asked', () => {
    expect(tlsOptions(undefined)).toBeUndefined();
    expect(tlsOptions({ mode: 'disable' })).toBeUndefined();
  });

  it('encrypts on require, and checks the chain only when a CA is given', () => {
    expect(tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(tlsOptions({ mode: 'require', ca: 'PEM' })).toEqual({
      ca: 'PEM',
      rejectUnauthorized: true,
      verifyIdentity: false,
    });
  });

  it('checks the chain and the host name on verify-full', () => {
    expect(tlsOptions({ mode: 'verify-full' })).toEqual({
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
    expect(tlsOptions({ mode: 'verify-full', ca: 'PEM' })).toMatchObject({ ca: 'PEM' });
  });
});

describe('openMysql without a server', () => {
  it('says the server did not answer when the handshake never comes', async () => {
    const server = await silentServer();
    const { port } = server;
    const connector = openMysql(
      { host: '127.0.0.1', port, database: 'x', user: 'x', password: 'hunter2-secret' },
      { connectTimeoutMs: 200 },
    );
    try {
      const error = await httpErrorOf(connector.test());
      expect(error).toMatchObject({
        status: 400,
        key: 'errors.dataSource.timeout',
        params: { host: '127.0.0.1', port, seconds: 0.2 },
      });
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain('hunter2');
    } finally {
      await connector.close();
      await server.close();
    }
  });

  it('cancels before connecting when the signal is already aborted', async () => {
    const connector = openMysql({ host: '127.0.0.1', port: 1, database: 'x', user: 'x' });
    try {
      const error = await httpErrorOf(
        connector.run('SELECT 1', { ...limits, signal: AbortSignal.abort() }),
      );
      expect(error).toMatchObject({ status: 499, key: 'errors.query.cancelled' });
    } finally {
      await connector.close();
    }
  });
});

/**
 * One column per kind of MariaDB value: its SQL type, a value written in SQL, and the column type
 * and JSON-safe value the connector answers with.
 */
const kinds: [name: string, sqlType: string, sqlValue: string, type: string, value: unknown][] = [
  ['flag', 'BIT(1)', "b'1'", 'boolean', true],
  ['bits', 'BIT(8)', "b'10000001'", 'integer', 129],
  ['doc', 'JSON', `'{"a": [1, 2]}'`, 'json', { a: [1, 2] }],
  ['at', 'DATETIME(6)', "'2026-03-04 05:06:07.123456'", 'timestamp', '2026-03-04T05:06:07.123Z'],
  ['day', 'DATE', "'2026-03-04'", 'date', '2026-03-04'],
  ['span', 'TIME', "'-01:02:03'", 'time', '-01:02:03'],
  ['year', 'YEAR', '2026', 'integer', 2026],
  ['bytes', 'BINARY(2)', "x'ff00'", 'binary', '/wA='],
  ['pick', "ENUM('a', 'b')", "'b'", 'string', 'b'],
  ['huge', 'BIGINT UNSIGNED', '18446744073709551615', 'integer', '18446744073709551615'],
  ['tiny', 'TINYINT(1)', '1', 'integer', 1],
  ['ratio', 'FLOAT', '1.5', 'number', 1.5],
  ['wide', 'DOUBLE', '0.1', 'number', 0.1],
  [
    'exact',
    'DECIMAL(38,9)',
    '12345678901234567890.123456789',
    'decimal',
    '12345678901234567890.123456789',
  ],
  ['cents', 'DECIMAL(4,2)', '-1.50', 'decimal', '-1.50'],
  ['low', 'BIGINT', '-9223372036854775808', 'integer', '-9223372036854775808'],
  ['note', 'TEXT', "'text'", 'string', 'text'],
];

describe.skipIf(mysqlFixture.skipReason !== null)('openMysql on MariaDB', () => {
  let db: FixtureDatabase;
  beforeAll(async () => {
    db = await mysqlFixture.setUp();
    const columns = kinds.map(([name, sqlType]) => `${name} ${sqlType}`);
    await db.raw(`CREATE TABLE kinds (${columns.join(', ')})`);
    const values = kinds.map(([, , sqlValue]) => sqlValue);
    const nulls = kinds.map(() => 'NULL');
    await db.raw(`INSERT INTO kinds VALUES (${values.join(', ')}), (${nulls.join(', ')})`);
  });
  afterAll(() => db?.tearDown());

  it('converts every kind of value to JSON-safe values, with column types', async () => {
    const result = await db.connector.run('SELECT * FROM kinds', limits);
    expect(result.columns).toEqual(kinds.map(([name, , , type]) => ({ name, type })));
    expect(result.rows).toEqual([kinds.map(([, , , , value]) => value), kinds.map(() => null)]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('keeps integers exact: numbers while safe, strings beyond 2^53', async () => {
    const result = await db.connector.run(
      'SELECT 9007199254740991 AS safe, 9007199254740993 AS unsafe, -9007199254740993 AS negative',
      limits,
    );
    expect(result.rows).toEqual([[9007199254740991, '9007199254740993', '-9007199254740993']]);
  });

  it('binds nulls, booleans and strings', async () => {
    const result = await db.connector.run('SELECT ? IS NULL, ? + 0, CONCAT(?, ?)', {
      ...limits,
      params: [null, true, "it's", ' ok'],
    });
    expect(result.rows).toEqual([[1, 1, "it's ok"]]);
  });

  it('reads in a read-only session in UTC, with the server-side statement limit', async () => {
    const result = await db.connector.run(
      'SELECT @@session.time_zone, @@session.tx_read_only, @@session.max_statement_time',
      { ...limits, timeoutMs: 2_500 },
    );
    expect(result.rows).toEqual([['+00:00', 1, 2.5]]);
  });

  it('points at the line and column of a syntax error', async () => {
    const error = await httpErrorOf(
      db.connector.run('SELECT id\nFROM orders\nWHERE id = = 1', limits),
    );
    expect(error).toMatchObject({
      status: 400,
      key: 'errors.query.syntax',
      extensions: { line: 3, column: 12 },
    });
    expect(error.engineMessage).toMatch(/near '= 1' at line 3/);
  });

  it("passes on the engine's message when a query fails", async () => {
    const error = await httpErrorOf(db.connector.run('SELECT nope FROM orders', limits));
    expect(error).toMatchObject({ status: 400, key: 'errors.query.failed' });
    expect(error.engineMessage).toMatch(/Unknown column 'nope'/);
  });

  it('stops reading a huge result at maxRows and stops the engine', async () => {
    const started = Date.now();
    const result = await db.connector.run(
      'SELECT a.id, b.id, c.id FROM orders a CROSS JOIN orders b CROSS JOIN orders c',
      { ...limits, maxRows: 5 },
    );
    expect(result).toMatchObject({ rowCount: 5, truncated: true });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
  });

  it('stops more slow queries than the pool holds, then answers again', async () => {
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        httpErrorOf(db.connector.run(db.slowSql, { ...limits, timeoutMs: 400 })),
      ),
    );
    for (const error of outcomes) {
      expect(error).toMatchObject({
        status: 422,
        key: 'errors.query.timeout',
        params: { seconds: 0.4 },
      });
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
    const after = await db.connector.run('SELECT count(*) FROM customers', limits);
    expect(after.rows).toEqual([[20]]);
  });

  it('fails at once when the server drops the connection mid-query', async () => {
    const running = httpErrorOf(db.connector.run(db.slowSql, limits));
    // The statement itself, not the session set-up before it (those run as 'Query').
    const executing = async () =>
      (
        await db.raw(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Execute'",
        )
      )[0]?.[0];
    await expect.poll(executing, { timeout: 5_000 }).toBeDefined();
    const thread = await executing();
    const started = Date.now();
    await db.raw(`KILL CONNECTION ${Number(thread)}`);
    expect(await running).toMatchObject({ status: 400, key: 'errors.query.failed' });
    expect(Date.now() - started).toBeLessThan(3_000);
    const after = await db.connector.run('SELECT count(*) FROM customers', limits);
    expect(after.rows).toEqual([[20]]);
  });

  it('reports row estimates, column types and nullability', async () => {
    const info = await db.connector.introspect();
    expect(info.schemas).toHaveLength(1);
    const tables = info.schemas[0]?.tables ?? [];
    const orders = tables.find((t) => t.name === 'orders');
    expect(orders?.rowEstimate).toBeGreaterThan(0);
    expect(orders?.columns[2]).toEqual({ name: 'amount', type: 'decimal(10,2)', nullable: true });
    expect(orders?.columns[0]).toMatchObject({ name: 'id', nullable: false });
    expect(tables.find((t) => t.name === 'paid_orders')?.rowEstimate).toBeNull();
  });
});
