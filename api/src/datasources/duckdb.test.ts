import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpErrorOf, testLimits } from '../testing/engine.fixture.js';
import type { Connector } from './connector.js';
import { createDuckDbConnector } from './duckdb.js';

/**
 * How the DuckDB connector reads: a statement that can be wrapped under a row cap runs to
 * completion, the others stream. Either way the rows, their order and the column names are the
 * statement's own.
 */
describe('DuckDB reads', () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = createDuckDbConnector(await DuckDBInstance.create(':memory:'));
  });
  afterAll(() => connector?.close());

  const run = (sql: string, maxRows = testLimits.maxRows) =>
    connector.run(sql, { ...testLimits, maxRows });

  it('keeps the order of a result spanning many vectors, cut at the cap', async () => {
    const result = await run('SELECT i FROM range(10000) t(i) ORDER BY i DESC', 5000);
    expect(result.truncated).toBe(true);
    expect(result.rows).toEqual(Array.from({ length: 5000 }, (_, k) => [9999 - k]));
  });

  it('returns every row of a selective filter, not only those of the first vectors', async () => {
    const result = await run('SELECT i FROM range(200000) t(i) WHERE i % 997 = 0 ORDER BY i');
    expect(result.truncated).toBe(false);
    expect(result.rows).toEqual(Array.from({ length: 201 }, (_, k) => [k * 997]));
  });

  it.each([
    ['repeated column names', 'SELECT 1 AS a, 2 AS a', ['a', 'a'], [[1, 2]]],
    ['a trailing semicolon', 'SELECT 42 AS x;', ['x'], [[42]]],
    ['a trailing comment', 'SELECT 42 AS x -- the answer', ['x'], [[42]]],
    ['a bare FROM', 'FROM range(3) t(i) SELECT i', ['i'], [[0], [1], [2]]],
    ['a VALUES list', 'VALUES (1, 2)', ['col0', 'col1'], [[1, 2]]],
  ])('reads a statement with %s as written', async (_, sql, names, rows) => {
    const result = await run(sql);
    expect(result.columns.map((c) => c.name)).toEqual(names);
    expect(result.rows).toEqual(rows);
  });

  it('binds new values each time it runs a statement it prepared before', async () => {
    const sql = 'SELECT count(*) AS n FROM range(1000) t(i) WHERE i < $1';
    const counts = [];
    for (const limit of [10, 500, 10, 0]) {
      const result = await connector.run(sql, { ...testLimits, params: [limit] });
      counts.push(result.rows[0]?.[0]);
    }
    expect(counts).toEqual([10, 500, 10, 0]);
  });

  it('answers the next queries after one was stopped at its timeout', async () => {
    const slow = 'SELECT count(*) FROM range(10000000000) a(i)';
    const refused = await httpErrorOf(connector.run(slow, { ...testLimits, timeoutMs: 200 }));
    expect(refused.key).toBe('errors.query.timeout');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => run(`SELECT ${i} AS n`)),
    );
    expect(answers.map((a) => a.rows)).toEqual(Array.from({ length: 12 }, (_, i) => [[i]]));
  });

  it('answers statements it no longer keeps prepared, and the ones it keeps', async () => {
    // More distinct statements than a connection keeps: the oldest are let go and prepared anew.
    const sqls = Array.from({ length: 40 }, (_, i) => `SELECT ${i} AS n, 'kept' AS note`);
    const first = [];
    for (const sql of sqls) first.push((await run(sql)).rows);
    const again = [];
    for (const sql of [...sqls].reverse()) again.push((await run(sql)).rows);
    expect(first).toEqual(sqls.map((_, i) => [[i, 'kept']]));
    expect(again).toEqual(first.reverse());
  });
});

describe('DuckDB statements kept prepared', () => {
  it('are prepared anew once told that a view was replaced', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const writer = await instance.connect();
    // One idle connection: both runs go through the same connection and its statements.
    const connector = createDuckDbConnector(instance, { idleConnections: 1 });
    try {
      await writer.run('CREATE VIEW sales AS SELECT 1 AS region');
      const sql = 'SELECT * FROM sales';
      const before = await connector.run(sql, testLimits);
      await writer.run(`CREATE OR REPLACE VIEW sales AS SELECT 'north' AS region, 2.5 AS total`);
      connector.catalogChanged();
      const after = await connector.run(sql, testLimits);
      expect(before.columns.map((c) => c.name)).toEqual(['region']);
      expect(before.rows).toEqual([[1]]);
      expect(after.columns.map((c) => c.name)).toEqual(['region', 'total']);
      expect(after.rows).toEqual([['north', '2.5']]);
    } finally {
      writer.closeSync();
      await connector.close();
    }
  });
});
