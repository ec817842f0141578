import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureDatabase, testLimits } from '../testing/engine.fixture.js';
import { postgresConfig, postgresFixture } from '../testing/postgres.fixture.js';
import type { Connector } from './connector.js';
import { openPostgres } from './postgres.js';
import type { ColumnType } from './result.js';

/**
 * The PostgreSQL half of the type contract in result.ts: every column type the engine has,
 * its JSON value and column type written out literally. The database's time zone is
 * Kathmandu (+05:45), so an instant that came back in local time would show.
 */
const cases: [sql: string, dbType: string, type: ColumnType, value: unknown][] = [
  ['-32768', 'int2', 'integer', -32768],
  ['2147483647', 'int4', 'integer', 2147483647],
  ['9007199254740991', 'int8', 'integer', 9007199254740991],
  ['-9223372036854775808', 'int8', 'integer', '-9223372036854775808'],
  ['12345678901234567890', 'numeric', 'decimal', '12345678901234567890'],
  ['12345678901234567890.123456789', 'numeric(38,9)', 'decimal', '12345678901234567890.123456789'],
  ['-1.50', 'numeric(4,2)', 'decimal', '-1.50'],
  ["'NaN'", 'numeric', 'decimal', 'NaN'],
  ["'Infinity'", 'numeric', 'decimal', 'Infinity'],
  ['2.5', 'float4', 'number', 2.5],
  ['0.1', 'float8', 'number', 0.1],
  ["'NaN'", 'float8', 'number', 'NaN'],
  ["'Infinity'", 'float8', 'number', 'Infinity'],
  ["'-Infinity'", 'float4', 'number', '-Infinity'],
  ['true', 'bool', 'boolean', true],
  ["'olá'", 'text', 'string', 'olá'],
  ["'ab'", 'char(3)', 'string', 'ab '],
  ["'x'", 'varchar(5)', 'string', 'x'],
  [
    "'00000000-0000-0000-0000-000000000001'",
    'uuid',
    'string',
    '00000000-0000-0000-0000-000000000001',
  ],
  ["'sad'", 'mood', 'string', 'sad'],
  ["'2026-03-01'", 'date', 'date', '2026-03-01'],
  ["'infinity'", 'date', 'date', 'infinity'],
  ["'13:45:00.5'", 'time', 'time', '13:45:00.5'],
  ["'08:00:00+02'", 'timetz', 'time', '08:00:00+02'],
  ["'2000-01-01 08:00:00.123456'", 'timestamp', 'timestamp', '2000-01-01T08:00:00.123Z'],
  ["'2000-01-01 08:00:00+00'", 'timestamptz', 'timestamp', '2000-01-01T08:00:00.000Z'],
  ["'2026-06-01 12:00:00-03'", 'timestamptz', 'timestamp', '2026-06-01T15:00:00.000Z'],
  ["'2026-01-01 06:45:00'", 'timestamptz', 'timestamp', '2026-01-01T01:00:00.000Z'],
  ["'-infinity'", 'timestamptz', 'timestamp', '-infinity'],
  ["'1 year 2 months 3 days 04:05:06.5'", 'interval', 'interval', 'P1Y2M3DT4H5M6.5S'],
  ["'-1 day'", 'interval', 'interval', 'P-1D'],
  ["'-04:05:06'", 'interval', 'interval', 'PT-4H-5M-6S'],
  ["'0 seconds'", 'interval', 'interval', 'PT0S'],
  ['\'{"a": [1, null]}\'', 'json', 'json', { a: [1, null] }],
  ["'{1,NULL,3}'", 'int8[]', 'json', [1, null, 3]],
  ["'{1.5,2.0}'", 'numeric[]', 'json', ['1.5', '2.0']],
  ['\'{"a b",NULL}\'', 'text[]', 'json', ['a b', null]],
  ['\'{"2000-01-01 08:00:00+00"}\'', 'timestamptz[]', 'json', ['2000-01-01T08:00:00.000Z']],
  ["'\\xdeadbeef'", 'bytea', 'binary', '3q2+7w=='],
  ["'192.168.0.1/32'", 'inet', 'string', '192.168.0.1'],
];

describe.skipIf(postgresFixture.skipReason !== null)('PostgreSQL values', () => {
  let db: FixtureDatabase;
  let connector: Connector;
  beforeAll(async () => {
    db = await postgresFixture.setUp();
    const database = String((await db.raw('SELECT current_database()'))[0]?.[0]);
    await db.raw("CREATE TYPE mood AS ENUM ('happy', 'sad')");
    await db.raw(`ALTER DATABASE ${database} SET timezone = 'Asia/Kathmandu'`);
    connector = openPostgres(postgresConfig(database));
  });
  afterAll(async () => {
    await connector?.close();
    await db?.tearDown();
  });

  const select = (expression: (c: (typeof cases)[number]) => string) =>
    `SELECT ${cases.map((c, i) => `${expression(c)} AS c${i}`).join(', ')}`;
  const expected = (value: (c: (typeof cases)[number]) => unknown) =>
    cases.map((c) => ({ sql: `${c[0]}::${c[1]}`, type: c[2], value: value(c) }));
  const actual = (result: Awaited<ReturnType<Connector['run']>>) =>
    cases.map((c, i) => ({
      sql: `${c[0]}::${c[1]}`,
      type: result.columns[i]?.type,
      value: result.rows[0]?.[i],
    }));

  it('reads every type as the documented JSON value and column type', async () => {
    const zone = await connector.run("SELECT current_setting('TimeZone')", testLimits);
    expect(zone.rows).toEqual([['Asia/Kathmandu']]);
    const result = await connector.run(
      select((c) => `CAST(${c[0]} AS ${c[1]})`),
      testLimits,
    );
    expect(actual(result)).toEqual(expected((c) => c[3]));
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('reads NULL of every type as null, with the column type', async () => {
    const result = await connector.run(
      select((c) => `CAST(NULL AS ${c[1]})`),
      testLimits,
    );
    expect(actual(result)).toEqual(expected(() => null));
  });
});
