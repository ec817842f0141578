import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureDatabase, testLimits } from '../testing/engine.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';
import { readTypeRow } from '../testing/type-table.js';
import type { ColumnType } from './result.js';

/**
 * The SQLite half of the type contract in result.ts, written out literally. A SQLite column's
 * declared type is only an affinity and each value has its own storage class, so the connector
 * types a column by the values it returned (sqlite.ts): each case is a column of its own, in a
 * table whose declared types show what they do and do not change. SQLite stores no NaN (it
 * becomes NULL); 9e999 overflows to infinity. JSON is text in SQLite, so it reads as text.
 */
const cases: [declared: string, literal: string, type: ColumnType, value: unknown][] = [
  ['TINYINT', '-128', 'integer', -128],
  ['INTEGER', '9007199254740991', 'integer', 9007199254740991],
  ['INTEGER', '-9007199254740993', 'integer', '-9007199254740993'],
  ['BIGINT', '9223372036854775807', 'integer', '9223372036854775807'],
  ['INTEGER', '-9223372036854775808', 'integer', '-9223372036854775808'],
  ['UNSIGNED BIG INT', '18446744073709551615', 'number', 18446744073709552000],
  ['BOOLEAN', 'TRUE', 'integer', 1],
  ['REAL', '2.5', 'number', 2.5],
  ['DOUBLE', '0.1', 'number', 0.1],
  ['REAL', '1e20', 'number', 1e20],
  ['REAL', '9e999', 'number', 'Infinity'],
  ['FLOAT', '-9e999', 'number', '-Infinity'],
  // The driver reads every number as a double: a whole REAL cannot be told from an integer.
  ['REAL', '5.0', 'integer', 5],
  ['NUMERIC', "'12.50'", 'number', 12.5],
  ['NUMERIC', "'10'", 'integer', 10],
  ['DECIMAL(20,2)', "'12345678901234567890.12'", 'number', 12345678901234567000],
  ['TEXT', "'olá'", 'string', 'olá'],
  ['CHAR(3)', "'ab'", 'string', 'ab'],
  ['VARCHAR(5)', "'9007199254740993'", 'string', '9007199254740993'],
  [
    'UUID',
    "'00000000-0000-0000-0000-000000000001'",
    'string',
    '00000000-0000-0000-0000-000000000001',
  ],
  ['DATE', "'2026-03-01'", 'date', '2026-03-01'],
  ['DATE', "unixepoch('2026-03-01')", 'integer', 1772323200],
  ['DATETIME', "'2026-03-01 12:30:00'", 'timestamp', '2026-03-01T12:30:00.000Z'],
  ['DATETIME', "'2000-01-01T08:00:00.123456Z'", 'timestamp', '2000-01-01T08:00:00.123Z'],
  ['TIMESTAMP', "'2026-06-01 12:00:00-03:00'", 'timestamp', '2026-06-01T15:00:00.000Z'],
  ['TIME', "'13:45:00.5'", 'time', '13:45:00.5'],
  ['JSON', '\'{"a": [1, null]}\'', 'string', '{"a": [1, null]}'],
  ['TEXT', 'json(\'{"a": [1, null]}\')', 'string', '{"a":[1,null]}'],
  ['BLOB', "x'DEADBEEF'", 'binary', '3q2+7w=='],
  ['', "x'DEADBEEF'", 'binary', '3q2+7w=='],
];

describe('SQLite values', () => {
  let db: FixtureDatabase;
  beforeAll(async () => {
    db = await sqliteFixture.setUp();
    await db.raw(
      `CREATE TABLE types (id INTEGER PRIMARY KEY, ${cases.map((c, i) => `c${i} ${c[0]}`).join(', ')})`,
    );
    await db.raw(`INSERT INTO types VALUES (1, ${cases.map((c) => c[1]).join(', ')})`);
    await db.raw('INSERT INTO types (id) VALUES (2)');
  });
  afterAll(() => db?.tearDown());

  const read = (id: number) => readTypeRow(db.connector, cases, id);
  const expected = (type: (c: (typeof cases)[number]) => ColumnType, value: unknown = null) =>
    cases.map((c) => ({
      column: `${c[0]} ${c[1]}`,
      type: type(c),
      value: value === null ? null : c[3],
    }));

  it('reads every value as the documented JSON value and column type', async () => {
    const { result, cells } = await read(1);
    expect(cells).toEqual(expected((c) => c[2], true));
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('reads an integer beyond 2^53 exactly in a column of many rows', async () => {
    const result = await db.connector.run(
      'WITH t(x) AS (VALUES (1), (9223372036854775807), (NULL), (-9007199254740993)) SELECT x FROM t ORDER BY x',
      testLimits,
    );
    expect(result.columns).toEqual([{ name: 'x', type: 'integer' }]);
    expect(result.rows).toEqual([[null], ['-9007199254740993'], [1], ['9223372036854775807']]);
  });

  it('reads NULL as null; a column of nulls only has no type to tell', async () => {
    const { cells } = await read(2);
    expect(cells).toEqual(expected(() => 'unknown'));
  });
});
