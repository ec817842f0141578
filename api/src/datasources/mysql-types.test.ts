import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase } from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { readTypeRow } from '../testing/type-table.js';
import type { ColumnType } from './result.js';

/**
 * The MariaDB half of the type contract in result.ts: every column type the engine has, stored
 * in a table (MariaDB's CAST reaches few types), its JSON value and column type written out
 * literally. The row is written in a +03:00 session, so a TIMESTAMP read back in local time
 * would show. MariaDB has no NaN or infinity: FLOAT and DOUBLE refuse them, so there are no
 * such cases here. BOOLEAN is TINYINT(1), an integer like any other: the server says nothing
 * more of it.
 */
const cases: [dbType: string, literal: string, type: ColumnType, value: unknown][] = [
  ['TINYINT', '-128', 'integer', -128],
  ['TINYINT UNSIGNED', '255', 'integer', 255],
  ['SMALLINT', '-32768', 'integer', -32768],
  ['SMALLINT UNSIGNED', '65535', 'integer', 65535],
  ['MEDIUMINT', '-8388608', 'integer', -8388608],
  ['MEDIUMINT UNSIGNED', '16777215', 'integer', 16777215],
  ['INT', '-2147483648', 'integer', -2147483648],
  ['INT UNSIGNED', '4294967295', 'integer', 4294967295],
  ['BIGINT', '9007199254740991', 'integer', 9007199254740991],
  ['BIGINT', '-9007199254740992', 'integer', '-9007199254740992'],
  ['BIGINT', '-9223372036854775808', 'integer', '-9223372036854775808'],
  ['BIGINT UNSIGNED', '18446744073709551615', 'integer', '18446744073709551615'],
  ['BOOLEAN', 'TRUE', 'integer', 1],
  ['DECIMAL(65,0)', '9'.repeat(65), 'decimal', '9'.repeat(65)],
  ['DECIMAL(38,9)', '12345678901234567890.123456789', 'decimal', '12345678901234567890.123456789'],
  ['DECIMAL(4,2)', '-1.5', 'decimal', '-1.50'],
  ['DECIMAL(18,6)', '0.000001', 'decimal', '0.000001'],
  ['FLOAT', '2.5', 'number', 2.5],
  ['DOUBLE', '0.1', 'number', 0.1],
  ['DOUBLE', '-1.7976931348623157e308', 'number', -1.7976931348623157e308],
  ['BIT(1)', "b'1'", 'boolean', true],
  ['BIT(10)', "b'1010000000'", 'integer', 640],
  [
    'BIT(64)',
    "b'1111111111111111111111111111111111111111111111111111111111111111'",
    'integer',
    '18446744073709551615',
  ],
  ['CHAR(3)', "'ab'", 'string', 'ab'],
  ['VARCHAR(5)', "'x'", 'string', 'x'],
  ['TINYTEXT', "'olá'", 'string', 'olá'],
  ['TEXT', "'olá'", 'string', 'olá'],
  ['LONGTEXT', "'olá'", 'string', 'olá'],
  [
    'UUID',
    "'00000000-0000-0000-0000-000000000001'",
    'string',
    '00000000-0000-0000-0000-000000000001',
  ],
  ['INET4', "'192.168.0.1'", 'string', '192.168.0.1'],
  ['INET6', "'::1'", 'string', '::1'],
  ["ENUM('a', 'b')", "'b'", 'string', 'b'],
  ["SET('a', 'b', 'c')", "'a,c'", 'string', 'a,c'],
  ['DATE', "'2026-03-01'", 'date', '2026-03-01'],
  ['DATE', "'0000-00-00'", 'date', null],
  ['TIME', "'13:45:00'", 'time', '13:45:00'],
  ['TIME(1)', "'13:45:00.5'", 'time', '13:45:00.5'],
  ['TIME', "'-838:59:59'", 'time', '-838:59:59'],
  ['DATETIME', "'2000-01-01 08:00:00'", 'timestamp', '2000-01-01T08:00:00.000Z'],
  ['DATETIME(6)', "'2000-01-01 08:00:00.123456'", 'timestamp', '2000-01-01T08:00:00.123Z'],
  ['DATETIME', "'0000-00-00 00:00:00'", 'timestamp', null],
  ['TIMESTAMP', "'2026-06-01 12:00:00'", 'timestamp', '2026-06-01T09:00:00.000Z'],
  ['TIMESTAMP(3)', "'2000-01-01 08:00:00.123'", 'timestamp', '2000-01-01T05:00:00.123Z'],
  ['YEAR', '2026', 'integer', 2026],
  ['JSON', '\'{"a": [1, null]}\'', 'json', { a: [1, null] }],
  ['BLOB', "x'DEADBEEF'", 'binary', '3q2+7w=='],
  ['LONGBLOB', "x'DEADBEEF'", 'binary', '3q2+7w=='],
  ['BINARY(4)', "x'DEADBEEF'", 'binary', '3q2+7w=='],
  ['VARBINARY(4)', "x'DEADBEEF'", 'binary', '3q2+7w=='],
];

describe.skipIf(mysqlFixture.skipReason !== null)('MariaDB values', () => {
  let db: FixtureDatabase;
  beforeAll(async () => {
    db = await mysqlFixture.setUp();
    await db.raw(
      `CREATE TABLE types (id INT PRIMARY KEY, ${cases.map((c, i) => `c${i} ${c[0]} NULL`).join(', ')})`,
    );
    // A zero date is refused under the default SQL mode; older data holds them all the same.
    await db.raw("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
    await db.raw("SET time_zone = '+03:00'");
    await db.raw(`INSERT INTO types VALUES (1, ${cases.map((c) => c[1]).join(', ')})`);
    await db.raw('INSERT INTO types (id) VALUES (2)');
  });
  afterAll(() => db?.tearDown());

  const read = (id: number) => readTypeRow(db.connector, cases, id);
  const expected = (value: (c: (typeof cases)[number]) => unknown) =>
    cases.map((c) => ({ column: `${c[0]} ${c[1]}`, type: c[2], value: value(c) }));

  it('reads every type as the documented JSON value and column type', async () => {
    const { result, cells } = await read(1);
    expect(cells).toEqual(expected((c) => c[3]));
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('reads NULL of every type as null, with the column type', async () => {
    const { cells } = await read(2);
    expect(cells).toEqual(expected(() => null));
  });
});
