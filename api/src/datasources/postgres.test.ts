import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureDatabase, httpErrorOf, testLimits } from '../testing/engine.fixture.js';
import { silentServer } from '../testing/ports.js';
import { postgresConfig, postgresFixture } from '../testing/postgres.fixture.js';
import { connectionError, openPostgres, tlsOptions } from './postgres.js';
import { parseArray } from './postgres-values.js';

/**
 * What the shared contract (connectors.test.ts) does not reach: PostgreSQL's value types,
 * error positions, TLS settings, and the races between a cancel request and the statements
 * around it.
 */
const limits = { ...testLimits, maxRows: 1_000 };

describe('tlsOptions', () => {
  it('sends plain text when TLS is off or unset', () => {
    expect(tlsOptions(undefined)).toBe(false);
    expect(tlsOptions({ mode: 'disable', ca: 'ignored' })).toBe(false);
  });

  it('encrypts without checking for require, and checks the chain (not the name) with a CA', () => {
    expect(tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    const withCa = tlsOptions({ mode: 'require', ca: 'PEM' });
    expect(withCa).toMatchObject({ ca: 'PEM', rejectUnauthorized: true });
    // Any host name is accepted: the CA is what is checked.
    const identity = withCa ? withCa.checkServerIdentity : undefined;
    expect(identity?.('db.example', {} as never)).toBeUndefined();
    expect(identity).toBeTypeOf('function');
  });

  it('checks chain and host name for verify-full', () => {
    expect(tlsOptions({ mode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    expect(tlsOptions({ mode: 'verify-full', ca: 'PEM' })).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM',
    });
  });
});

describe('parseArray', () => {
  const text = (v: string) => v;
  it('reads quoted, NULL, nested and bounded arrays', () => {
    expect(parseArray('{1,NULL,3}', Number)).toEqual([1, null, 3]);
    expect(parseArray('{"a,b","say \\"hi\\"","back\\\\slash",NULL,"NULL"}', text)).toEqual([
      'a,b',
      'say "hi"',
      'back\\slash',
      null,
      'NULL',
    ]);
    expect(parseArray('{{1,2},{3,4}}', Number)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseArray('[0:1]={7,8}', Number)).toEqual([7, 8]);
    expect(parseArray('{}', Number)).toEqual([]);
  });
});

describe('connectionError', () => {
  const config = {
    host: 'db.example',
    port: 5433,
    database: 'sales',
    user: 'bi',
    password: 'hunter2-secret',
  };
  const keyOf = (error: unknown) => {
    const mapped = connectionError(error, config, 2_000);
    return { key: mapped.key, params: mapped.params };
  };
  const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('names the cause a person can act on', () => {
    expect(keyOf(errno('EAI_AGAIN'))).toEqual({
      key: 'errors.dataSource.dns',
      params: { host: 'db.example' },
    });
    expect(keyOf(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]))).toEqual({
      key: 'errors.dataSource.refused',
      params: { host: 'db.example', port: 5433 },
    });
    expect(keyOf(errno('28P01', 'password authentication failed')).key).toBe(
      'errors.dataSource.auth',
    );
    expect(keyOf(errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toEqual({
      key: 'errors.dataSource.tls',
      params: { reason: 'self-signed certificate' },
    });
    expect(keyOf(errno('ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match')).key).toBe(
      'errors.dataSource.tls',
    );
    expect(
      keyOf(
        new Error('Connection terminated due to connection timeout', {
          cause: new Error('Connection terminated unexpectedly'),
        }),
      ),
    ).toEqual({
      key: 'errors.dataSource.timeout',
      params: { host: 'db.example', port: 5433, seconds: 2 },
    });
    const other = connectionError(errno('53300', 'sorry, too many clients already'), config, 1);
    expect(other.key).toBe('errors.dataSource.failed');
    expect(other.engineMessage).toBe('sorry, too many clients already');
  });
});

describe.skipIf(postgresFixture.skipReason !== null)('PostgreSQL connector', () => {
  let db: FixtureDatabase;
  let database: string;
  beforeAll(async () => {
    db = await postgresFixture.setUp();
    database = String((await db.raw('SELECT current_database()'))[0]?.[0]);
  });
  afterAll(() => db?.tearDown());

  it('turns every common type into a JSON-safe value with its column type', async () => {
    const result = await db.connector.run(
      `SELECT 9007199254740991::int8 AS safe, 9007199254740993::int8 AS big, 7::int2 AS small,
        2.5::float4 AS f4, 'NaN'::float8 AS nan, 12345678.9012::numeric AS dec,
        true AS yes, 'x'::varchar AS v, 'ab'::char(3) AS c, '00000000-0000-0000-0000-000000000001'::uuid AS id,
        date '2026-03-01' AS d, time '13:45:00.5' AS t, timestamp '0044-03-15 12:00:00.123456' AS old,
        'infinity'::timestamp AS forever, '1 day 02:00:00'::interval AS span,
        '{"a": [1, null]}'::jsonb AS doc, ARRAY[1, NULL, 3]::int8[] AS ints,
        ARRAY[timestamp '2026-01-01 01:00:00'] AS times, '\\x0102'::bytea AS bin,
        NULL::int AS nothing`,
      limits,
    );
    const byName = Object.fromEntries(
      result.columns.map((c, i) => [c.name, { type: c.type, value: result.rows[0]?.[i] }]),
    );
    expect(byName).toEqual({
      safe: { type: 'integer', value: 9007199254740991 },
      big: { type: 'integer', value: '9007199254740993' },
      small: { type: 'integer', value: 7 },
      f4: { type: 'number', value: 2.5 },
      nan: { type: 'number', value: 'NaN' },
      dec: { type: 'decimal', value: '12345678.9012' },
      yes: { type: 'boolean', value: true },
      v: { type: 'string', value: 'x' },
      c: { type: 'string', value: 'ab ' },
      id: { type: 'string', value: '00000000-0000-0000-0000-000000000001' },
      d: { type: 'date', value: '2026-03-01' },
      t: { type: 'time', value: '13:45:00.5' },
      old: { type: 'timestamp', value: '0044-03-15T12:00:00.123Z' },
      forever: { type: 'timestamp', value: 'infinity' },
      span: { type: 'interval', value: 'P1DT2H' },
      doc: { type: 'json', value: { a: [1, null] } },
      ints: { type: 'json', value: [1, null, 3] },
      times: { type: 'json', value: ['2026-01-01T01:00:00.000Z'] },
      bin: { type: 'binary', value: 'AQI=' },
      nothing: { type: 'integer', value: null },
    });
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('keeps columns that share a name apart', async () => {
    const result = await db.connector.run(
      'SELECT o.id, c.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 21',
      limits,
    );
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'id']);
    expect(result.rows).toEqual([[21, 1]]);
  });

  it('gives timestamptz in UTC whatever the session time zone', async () => {
    await db.raw(`ALTER DATABASE ${database} SET timezone = 'Asia/Kathmandu'`);
    const zoned = openPostgres(postgresConfig(database));
    try {
      const result = await zoned.run(
        `SELECT current_setting('TimeZone'), timestamptz '2026-01-01 06:45:00+05:45',
          timestamptz '1900-01-01 00:00:00+00', '-infinity'::timestamptz`,
        limits,
      );
      expect(result.rows).toEqual([
        ['Asia/Kathmandu', '2026-01-01T01:00:00.000Z', '1900-01-01T00:00:00.000Z', '-infinity'],
      ]);
    } finally {
      await zoned.close();
      await db.raw(`ALTER DATABASE ${database} RESET timezone`);
    }
  });

  it('reads only as many rows as asked from a result that never ends', async () => {
    const started = Date.now();
    const result = await db.connector.run(
      'SELECT a.x, b.y FROM generate_series(1, 100000) AS a(x) CROSS JOIN generate_series(1, 100000) AS b(y)',
      { ...limits, maxRows: 2_500 },
    );
    expect(result).toMatchObject({ rowCount: 2_500, truncated: true });
    expect(result.rows[2_499]).toEqual([1, 2_500]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is not truncated when the rows fit exactly', async () => {
    const result = await db.connector.run('SELECT id FROM customers', { ...limits, maxRows: 20 });
    expect(result).toMatchObject({ rowCount: 20, truncated: false });
    const none = await db.connector.run('SELECT id FROM customers WHERE false', limits);
    expect(none).toMatchObject({ columns: [{ name: 'id', type: 'integer' }], rows: [] });
  });

  it('takes a statement with its own semicolon, comments, a CTE or VALUES, in its order', async () => {
    const ended = await db.connector.run('SELECT 1 AS one; -- done\n/* really */', limits);
    expect(ended.rows).toEqual([[1]]);
    const commented = await db.connector.run('SELECT 2 AS two -- no newline after', limits);
    expect(commented.rows).toEqual([[2]]);
    const cte = await db.connector.run(
      'WITH t AS (SELECT id FROM customers) SELECT id FROM t ORDER BY id DESC',
      { ...limits, maxRows: 3 },
    );
    expect(cte).toMatchObject({ rows: [[20], [19], [18]], truncated: true });
    const values = await db.connector.run("VALUES (1, 'a'), (2, 'b');", limits);
    expect(values.rows).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('binds parameters of each kind', async () => {
    const result = await db.connector.run(
      'SELECT count(*) FROM orders WHERE status = $1 AND amount > $2 AND ($3::boolean OR $4::text IS NULL)',
      { ...limits, params: ['paid', 1200.5, false, null] },
    );
    expect(result.rows).toEqual([[30]]);
  });

  it('points at the error in the user text, line and column', async () => {
    const syntax = await httpErrorOf(
      db.connector.run('SELECT id,\n  amount +\n FROM orders', limits),
    );
    expect(syntax).toMatchObject({
      status: 400,
      key: 'errors.query.syntax',
      engineMessage: 'syntax error at or near "FROM"',
      extensions: { line: 3, column: 2 },
    });
    const unknown = await httpErrorOf(db.connector.run('SELECT ção, nope FROM orders', limits));
    expect(unknown).toMatchObject({
      key: 'errors.query.failed',
      extensions: { line: 1, column: 8 },
    });
    expect(unknown?.engineMessage).toMatch(/column "ção" does not exist/);
    const runtime = await httpErrorOf(db.connector.run('SELECT 1 / (id - id) FROM orders', limits));
    expect(runtime).toMatchObject({
      key: 'errors.query.failed',
      engineMessage: 'division by zero',
      extensions: {},
    });
  });

  it('stays read-only even for what the statement check lets through', async () => {
    await db.raw('CREATE SEQUENCE IF NOT EXISTS probe_seq');
    const refused = await httpErrorOf(db.connector.run("SELECT nextval('probe_seq')", limits));
    expect(refused).toMatchObject({
      key: 'errors.query.failed',
      engineMessage: 'cannot execute nextval() in a read-only transaction',
    });
    // Functions that run SQL from a string never reach the server.
    const hidden = await httpErrorOf(
      db.connector.run(
        "SELECT query_to_xml('DELETE FROM orders RETURNING id', false, false, '')",
        limits,
      ),
    );
    expect(hidden?.key).toBe('errors.query.forbiddenFunction');
    const [count] = await db.raw('SELECT count(*) FROM orders');
    expect(Number(count?.[0])).toBe(1000);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const refused = await httpErrorOf(
      db.connector.run('SELECT 1', { ...limits, signal: controller.signal }),
    );
    expect(refused).toMatchObject({ status: 499, key: 'errors.query.cancelled' });
  });

  it('stops the query whichever statement the cancel lands on, and keeps the pool usable', async () => {
    // Abort at many moments: before the connection, during BEGIN, DECLARE or FETCH.
    for (const delay of [0, 1, 2, 5, 10, 20, 50]) {
      const controller = new AbortController();
      const running = httpErrorOf(
        db.connector.run(db.slowSql, { ...limits, signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), delay);
      expect(await running, `abort after ${delay} ms`).toMatchObject({
        key: 'errors.query.cancelled',
      });
    }
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
    const after = await db.connector.run('SELECT count(*) FROM orders', limits);
    expect(after.rows).toEqual([[1000]]);
  });

  it('lets four timeouts run at once and still answers', async () => {
    const slow = Array.from({ length: 6 }, () =>
      httpErrorOf(db.connector.run(db.slowSql, { ...limits, timeoutMs: 200 })),
    );
    for (const result of await Promise.all(slow)) {
      expect(result).toMatchObject({
        status: 422,
        key: 'errors.query.timeout',
        params: { seconds: 0.2 },
      });
    }
    await expect.poll(() => db.runningQueries(), { timeout: 5_000 }).toBe(0);
    expect((await db.connector.run('SELECT 1 AS one', limits)).rows).toEqual([[1]]);
  });

  it('describes estimates, types and nullability', async () => {
    const info = await db.connector.introspect();
    const schemaNames = info.schemas.map((s) => s.name);
    expect(schemaNames).toContain('public');
    expect(schemaNames.some((s) => s.startsWith('pg_') || s === 'information_schema')).toBe(false);
    const tables = info.schemas.find((s) => s.name === 'public')?.tables ?? [];
    const orders = tables.find((t) => t.name === 'orders');
    expect(orders?.rowEstimate).toBe(1000);
    expect(orders?.columns.slice(0, 3)).toEqual([
      { name: 'id', type: 'integer', nullable: false },
      { name: 'customer_id', type: 'integer', nullable: true },
      { name: 'amount', type: 'numeric(10,2)', nullable: true },
    ]);
    expect(tables.find((t) => t.name === 'customers')?.rowEstimate).toBe(20);
    expect(tables.find((t) => t.name === 'paid_orders')).toMatchObject({
      kind: 'view',
      rowEstimate: null,
      foreignKeys: [],
    });
  });

  it('says the server did not answer in time, and never shows the password', async () => {
    const silent = await silentServer();
    const { port } = silent;
    const connector = openPostgres(
      { ...postgresConfig(database), host: '127.0.0.1', port, password: 'hunter2-secret' },
      { connectTimeoutMs: 300 },
    );
    try {
      const error = await httpErrorOf(connector.test());
      expect(error).toMatchObject({
        key: 'errors.dataSource.timeout',
        params: { host: '127.0.0.1', port, seconds: 0.3 },
      });
      const run = await httpErrorOf(connector.run('SELECT 1', limits));
      expect(run?.key).toBe('errors.dataSource.timeout');
      expect(JSON.stringify({ ...error, message: error?.message })).not.toContain('hunter2');
    } finally {
      await connector.close();
      await silent.close();
    }
  });
});
