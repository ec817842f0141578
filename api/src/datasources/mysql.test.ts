import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import type { FixtureDatabase } from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { openMysql, tlsOptions } from './mysql.js';

const limits = { timeoutMs: 10_000, maxRows: 100_000 };

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the promise to fail');
};

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
    // Accepts connections and stays silent, like a firewall that swallows the handshake.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const connector = openMysql(
      { host: '127.0.0.1', port, database: 'x', user: 'x', password: 'hunter2-secret' },
      { connectTimeoutMs: 200 },
    );
    try {
      const error = await failure(connector.test());
      expect(error).toMatchObject({
        status: 400,
        key: 'errors.dataSource.timeout',
        params: { host: '127.0.0.1', port, seconds: 0.2 },
      });
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain('hunter2');
    } finally {
      await connector.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('cancels before connecting when the signal is already aborted', async () => {
    const connector = openMysql({ host: '127.0.0.1', port: 1, database: 'x', user: 'x' });
    try {
      const error = await failure(
        connector.run('SELECT 1', { ...limits, signal: AbortSignal.abort() }),
      );
      expect(error).toMatchObject({ status: 499, key: 'errors.query.cancelled' });
    } finally {
      await connector.close();
    }
  });
});

describe.skipIf(mysqlFixture.skipReason !== null)('openMysql on MariaDB', () => {
  let db: FixtureDatabase;
  beforeAll(async () => {
    db = await mysqlFixture.setUp();
    await db.raw(
      `CREATE TABLE kinds (flag BIT(1), bits BIT(8), doc JSON, at DATETIME(6), day DATE, span TIME,
        year YEAR, bytes BINARY(2), pick ENUM('a', 'b'), huge BIGINT UNSIGNED, tiny TINYINT(1),
        ratio FLOAT, note TEXT)`,
    );
    await db.raw(
      `INSERT INTO kinds VALUES (b'1', b'10000001', '{"a": [1, 2]}', '2026-03-04 05:06:07.123456',
        '2026-03-04', '-01:02:03', 2026, x'ff00', 'b', 18446744073709551615, 1, 1.5, 'text'),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
  });
  afterAll(() => db?.tearDown());

  it('converts every kind of value to JSON-safe values, with column types', async () => {
    const result = await db.connector.run('SELECT * FROM kinds', limits);
    expect(result.columns).toEqual([
      { name: 'flag', type: 'boolean' },
      { name: 'bits', type: 'integer' },
      { name: 'doc', type: 'json' },
      { name: 'at', type: 'timestamp' },
      { name: 'day', type: 'date' },
      { name: 'span', type: 'time' },
      { name: 'year', type: 'integer' },
      { name: 'bytes', type: 'unknown' },
      { name: 'pick', type: 'string' },
      { name: 'huge', type: 'integer' },
      { name: 'tiny', type: 'integer' },
      { name: 'ratio', type: 'number' },
      { name: 'note', type: 'string' },
    ]);
    expect(result.rows).toEqual([
      [
        true,
        129,
        { a: [1, 2] },
        '2026-03-04T05:06:07.123Z',
        '2026-03-04',
        '-01:02:03',
        2026,
        '\\xff00',
        'b',
        '18446744073709551615',
        1,
        1.5,
        'text',
      ],
      Array.from({ length: 13 }, () => null),
    ]);
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
    const error = await failure(db.connector.run('SELECT id\nFROM orders\nWHERE id = = 1', limits));
    expect(error).toMatchObject({
      status: 400,
      key: 'errors.query.syntax',
      extensions: { line: 3, column: 12 },
    });
    expect(error.engineMessage).toMatch(/near '= 1' at line 3/);
  });

  it("passes on the engine's message when a query fails", async () => {
    const error = await failure(db.connector.run('SELECT nope FROM orders', limits));
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
        failure(db.connector.run(db.slowSql, { ...limits, timeoutMs: 400 })),
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
    const running = failure(db.connector.run(db.slowSql, limits));
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
