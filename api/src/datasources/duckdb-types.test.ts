import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLimits } from '../testing/engine.fixture.js';
import type { Connector } from './connector.js';
import { createDuckDbConnector } from './duckdb.js';
import type { ColumnType } from './result.js';

/**
 * The DuckDB half of the type contract in result.ts: every column type the engine has, its
 * JSON value and column type written out literally. DuckDB without its ICU extension (which
 * the locked-down connector never loads) has no session time zone: a TIMESTAMPTZ written
 * without an offset is UTC.
 */
const cases: [sql: string, dbType: string, type: ColumnType, value: unknown][] = [
  ['-128', 'TINYINT', 'integer', -128],
  ['32767', 'SMALLINT', 'integer', 32767],
  ['-2147483648', 'INTEGER', 'integer', -2147483648],
  ['9007199254740991', 'BIGINT', 'integer', 9007199254740991],
  ['-9223372036854775808', 'BIGINT', 'integer', '-9223372036854775808'],
  [
    '170141183460469231731687303715884105727',
    'HUGEINT',
    'integer',
    '170141183460469231731687303715884105727',
  ],
  ['255', 'UTINYINT', 'integer', 255],
  ['65535', 'USMALLINT', 'integer', 65535],
  ['4294967295', 'UINTEGER', 'integer', 4294967295],
  ['18446744073709551615', 'UBIGINT', 'integer', '18446744073709551615'],
  [
    '340282366920938463463374607431768211455',
    'UHUGEINT',
    'integer',
    '340282366920938463463374607431768211455',
  ],
  ['12345678901234567890', 'DECIMAL(38,0)', 'decimal', '12345678901234567890'],
  ['12345678901234567890.123456789', 'DECIMAL(38,9)', 'decimal', '12345678901234567890.123456789'],
  ['-1.50', 'DECIMAL(4,2)', 'decimal', '-1.50'],
  ['0.000001', 'DECIMAL(18,6)', 'decimal', '0.000001'],
  ['2.5', 'FLOAT', 'number', 2.5],
  ['0.1', 'DOUBLE', 'number', 0.1],
  ["'NaN'", 'DOUBLE', 'number', 'NaN'],
  ["'Infinity'", 'DOUBLE', 'number', 'Infinity'],
  ["'-Infinity'", 'FLOAT', 'number', '-Infinity'],
  ['true', 'BOOLEAN', 'boolean', true],
  ["'olá'", 'VARCHAR', 'string', 'olá'],
  [
    "'00000000-0000-0000-0000-000000000001'",
    'UUID',
    'string',
    '00000000-0000-0000-0000-000000000001',
  ],
  ["'b'", "ENUM('a', 'b')", 'string', 'b'],
  ["'101'", 'BIT', 'string', '101'],
  ["'2026-03-01'", 'DATE', 'date', '2026-03-01'],
  ["'infinity'", 'DATE', 'date', 'infinity'],
  ["'13:45:00.5'", 'TIME', 'time', '13:45:00.5'],
  ["'08:00:00+02'", 'TIMETZ', 'time', '08:00:00+02'],
  ["'2000-01-01 08:00:00.123456'", 'TIMESTAMP', 'timestamp', '2000-01-01T08:00:00.123Z'],
  ["'1969-12-31 23:59:59.9995'", 'TIMESTAMP', 'timestamp', '1969-12-31T23:59:59.999Z'],
  ["'2000-01-01 08:00:00'", 'TIMESTAMP_S', 'timestamp', '2000-01-01T08:00:00.000Z'],
  ["'2000-01-01 08:00:00.123'", 'TIMESTAMP_MS', 'timestamp', '2000-01-01T08:00:00.123Z'],
  ["'2000-01-01 08:00:00.123456789'", 'TIMESTAMP_NS', 'timestamp', '2000-01-01T08:00:00.123Z'],
  ["'2000-01-01 08:00:00+00'", 'TIMESTAMPTZ', 'timestamp', '2000-01-01T08:00:00.000Z'],
  ["'2026-06-01 12:00:00-03'", 'TIMESTAMPTZ', 'timestamp', '2026-06-01T15:00:00.000Z'],
  ["'2026-06-01 12:00:00'", 'TIMESTAMPTZ', 'timestamp', '2026-06-01T12:00:00.000Z'],
  ["'infinity'", 'TIMESTAMPTZ', 'timestamp', 'infinity'],
  ["'1 year 2 months 3 days 04:05:06.5'", 'INTERVAL', 'interval', 'P1Y2M3DT4H5M6.5S'],
  ["'-1 day'", 'INTERVAL', 'interval', 'P-1D'],
  ["'-04:05:06'", 'INTERVAL', 'interval', 'PT-4H-5M-6S'],
  ["'0 seconds'", 'INTERVAL', 'interval', 'PT0S'],
  ['\'{"a": [1, null]}\'', 'JSON', 'json', { a: [1, null] }],
  ['[1, NULL, 3]', 'BIGINT[]', 'json', [1, null, 3]],
  ['[1.5, 2]', 'DECIMAL(3,1)[]', 'json', ['1.5', '2.0']],
  ['[1, 2]', 'INTEGER[2]', 'json', [1, 2]],
  [
    "{'x': 1, 'since': TIMESTAMPTZ '2000-01-01 00:00:00+00'}",
    'STRUCT(x INTEGER, since TIMESTAMPTZ)',
    'json',
    { x: 1, since: '2000-01-01T00:00:00.000Z' },
  ],
  ["MAP {'k': 1}", 'MAP(VARCHAR, INTEGER)', 'json', [{ key: 'k', value: 1 }]],
  ["union_value(s := 'x')", 'UNION(n INTEGER, s VARCHAR)', 'json', { tag: 's', value: 'x' }],
  ["'\\xDE\\xAD\\xBE\\xEF'", 'BLOB', 'binary', '3q2+7w=='],
];

describe('DuckDB values', () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = createDuckDbConnector(await DuckDBInstance.create(':memory:'));
  });
  afterAll(() => connector?.close());

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
