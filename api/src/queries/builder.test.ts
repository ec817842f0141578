import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../datasources/connector.js';
import { HttpError } from '../errors.js';
import { duckdbFixture } from '../testing/duckdb.fixture.js';
import type { EngineFixture, FixtureDatabase } from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { postgresFixture } from '../testing/postgres.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';
import { compileBuilder } from './builder.js';
import { bindParameters } from './parameters.js';
import type { BuilderQuery } from './question.js';

/**
 * The builder's questions compiled for each engine and run on the real one, over the connector
 * contract's sample data (testing/engine.fixture.ts), must give the numbers the data holds.
 */
const fixtures: EngineFixture[] = [duckdbFixture, sqliteFixture, postgresFixture, mysqlFixture];
// 2026-02-10, noon UTC: "the last 30 days" are 2026-01-11 up to the end of 2026-02-10.
const now = Date.parse('2026-02-10T12:00:00Z');

describe.each(fixtures)('the query builder on $engine', (fixture) => {
  const skip = fixture.skipReason !== null;
  let db: FixtureDatabase;
  let schema: SchemaInfo;
  beforeAll(async () => {
    if (skip) return;
    db = await fixture.setUp();
    schema = await db.connector.introspect();
  });
  afterAll(() => db?.tearDown());

  const ask = async (query: BuilderQuery, timeZone = 'UTC') => {
    const compiled = compileBuilder(query, { engine: fixture.engine, schema, timeZone, now });
    const bound = bindParameters(compiled.sql, compiled.parameters, db.connector.placeholder);
    const result = await db.connector.run(bound.sql, {
      timeoutMs: 10_000,
      maxRows: 1_000,
      params: bound.params,
    });
    return { compiled, rows: result.rows, columns: result.columns.map((c) => c.name) };
  };

  it.skipIf(skip)('groups and aggregates', async () => {
    const { rows, columns } = await ask({
      table: 'orders',
      groupBy: [{ column: 'status' }],
      aggregates: [
        { fn: 'count' },
        { fn: 'sum', column: 'amount' },
        { fn: 'countDistinct', column: 'customer_id' },
      ],
      orderBy: [{ column: 'status', direction: 'asc' }],
    });
    expect(columns).toEqual(['status', 'count', 'sum_amount', 'countDistinct_customer_id']);
    expect(rows.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3])])).toEqual([
      // Customers 4, 8, …, 20 only ever placed refunded orders (ids ≡ 0 mod 4).
      ['paid', 750, 468_750, 15],
      ['refunded', 250, 156_875, 5],
    ]);
  });

  it.skipIf(skip)('joins along the foreign key and filters the joined table', async () => {
    const { rows } = await ask({
      table: 'orders',
      joins: [{ table: 'customers', type: 'inner' }],
      filters: [{ column: 'customers.country', op: '=', value: 'BR' }],
      aggregates: [{ fn: 'count' }],
    });
    expect(Number(rows[0]?.[0])).toBe(500);
  });

  it.skipIf(skip)('truncates dates by month and sorts by an aggregate', async () => {
    const { rows } = await ask({
      table: 'orders',
      groupBy: [{ column: 'placed_at', truncate: 'month' }],
      aggregates: [{ fn: 'count' }],
      orderBy: [{ column: 'count', direction: 'desc' }],
    });
    expect(rows.map((r) => [String(r[0]).slice(0, 10), Number(r[1])])).toEqual([
      ['2026-01-01', 743],
      ['2026-02-01', 257],
    ]);
  });

  it.skipIf(skip)('filters: contains (any case), between, in, relative dates', async () => {
    const named = await ask({
      table: 'customers',
      columns: ['name'],
      filters: [{ column: 'name', op: 'contains', value: 'USTOMER 1' }],
    });
    expect(named.rows).toHaveLength(11);
    const between = await ask({
      table: 'orders',
      filters: [
        { column: 'amount', op: 'between', value: 10, value2: 20 },
        { column: 'customer_id', op: 'in', values: [8, 9, 10] },
      ],
      aggregates: [{ fn: 'count' }],
    });
    // Amounts 10–20 are ids 8–16; of those, customers 8, 9 and 10 placed ids 8, 9 and 10.
    expect(Number(between.rows[0]?.[0])).toBe(3);
    const recent = await ask({
      table: 'orders',
      filters: [{ column: 'placed_at', op: 'last', amount: 30, unit: 'day' }],
      aggregates: [{ fn: 'count' }],
    });
    expect(Number(recent.rows[0]?.[0])).toBe(744);
  });

  // DuckDB reads the same way (`AT TIME ZONE`, ICU is built in) but its fixture file is
  // read-only; MySQL and SQLite have no zoned type. Only PostgreSQL's suite has this test.
  if (fixture.engine === 'postgres')
    it.skipIf(skip)(
      'truncates and filters zoned timestamps on the reader’s wall clock',
      async () => {
        // 01:00 UTC on 2 Jan is still 1 Jan in São Paulo (UTC−3): that is the day its reader sees.
        await db.raw('CREATE TABLE zoned_events (id integer, happened_at timestamptz)');
        await db.raw("INSERT INTO zoned_events VALUES (1, '2026-01-02 01:00:00+00')");
        schema = await db.connector.introspect();
        const byDay = (timeZone: string) =>
          ask(
            {
              table: 'zoned_events',
              groupBy: [{ column: 'happened_at', truncate: 'day' }],
              aggregates: [{ fn: 'count' }],
            },
            timeZone,
          );
        const local = await byDay('America/Sao_Paulo');
        expect(local.rows.map((r) => [String(r[0]).slice(0, 10), Number(r[1])])).toEqual([
          ['2026-01-01', 1],
        ]);
        expect(local.compiled.sql).toContain("AT TIME ZONE 'America/Sao_Paulo'");
        const utc = await byDay('UTC');
        expect(String(utc.rows[0]?.[0]).slice(0, 10)).toBe('2026-01-02');
        expect(() =>
          compileBuilder(
            { table: 'zoned_events', groupBy: [{ column: 'happened_at', truncate: 'day' }] },
            { engine: fixture.engine, schema, timeZone: "UTC'; DROP TABLE x; --", now },
          ),
        ).toThrow(HttpError);
      },
    );

  it.skipIf(skip)('computes formula columns, with division by zero as NULL', async () => {
    const { rows, columns } = await ask({
      table: 'orders',
      columns: ['id', 'amount'],
      formulas: [
        { name: 'with_tax', expression: 'round(amount * 1.1, 2)' },
        { name: 'broken', expression: 'amount / (id - id)' },
      ],
      filters: [{ column: 'id', op: '=', value: 4 }],
    });
    expect(columns).toEqual(['id', 'amount', 'with_tax', 'broken']);
    expect(rows.map((r) => [Number(r[0]), Number(r[1]), Number(r[2]), r[3]])).toEqual([
      [4, 5, 5.5, null],
    ]);
  });

  it.skipIf(skip)(
    'binds values: an injection attempt through a filter is only a value',
    async () => {
      const { rows, compiled } = await ask({
        table: 'orders',
        filters: [{ column: 'status', op: '=', value: "paid' OR '1'='1" }],
        aggregates: [{ fn: 'count' }],
      });
      expect(Number(rows[0]?.[0])).toBe(0);
      expect(compiled.sql).not.toContain("OR '1'='1");
      expect(compiled.sql).toContain('{{b1}}');
    },
  );

  it.skipIf(skip)(
    'refuses names the schema does not have, and joins without a foreign key',
    async () => {
      const refusal = (query: BuilderQuery) => {
        try {
          compileBuilder(query, { engine: fixture.engine, schema, timeZone: 'UTC', now });
          return null;
        } catch (error) {
          return error instanceof HttpError ? error.key : error;
        }
      };
      expect(refusal({ table: 'users' })).toBe('errors.builder.unknownName');
      expect(refusal({ table: 'orders', columns: ['password'] })).toBe(
        'errors.builder.unknownName',
      );
      expect(
        refusal({
          table: 'orders',
          joins: [{ table: 'customers', type: 'left' }],
          columns: ['id'],
        }),
      ).toBe('errors.builder.unknownName');
      expect(refusal({ table: 'orders', joins: [{ table: 'paid_orders', type: 'left' }] })).toBe(
        'errors.builder.noJoin',
      );
      expect(
        refusal({
          table: 'orders',
          formulas: [{ name: 'x', expression: 'amount; DROP TABLE orders' }],
        }),
      ).toBe('errors.builder.formula');
      expect(
        refusal({ table: 'orders', formulas: [{ name: 'x', expression: 'pg_read_file(amount)' }] }),
      ).toBe('errors.builder.formula');
    },
  );
});
