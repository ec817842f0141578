import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../datasources/connector.js';
import { createDuckDbConnector } from '../datasources/duckdb.js';
import { testLimits } from '../testing/engine.fixture.js';
import { renderChart } from './render.js';
import type { ChartSpec } from './spec.js';

/**
 * A line chart over what an upload of dates with an offset becomes in DuckDB: TIMESTAMPTZ
 * instants against exact DECIMAL amounts, straight from the connector.
 */
const spec: ChartSpec = {
  type: 'line',
  title: { en: 'Revenue' },
  encoding: {
    x: { field: 'placed', label: { en: 'When' } },
    y: { field: 'revenue', label: { en: 'Revenue' } },
  },
  options: {},
};

describe('lineChart over DuckDB values', () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = createDuckDbConnector(await DuckDBInstance.create(':memory:'));
  });
  afterAll(() => connector?.close());

  it('draws timestamptz against decimals, and lists the decimals exactly', async () => {
    const result = await connector.run(
      `SELECT placed::TIMESTAMPTZ AS placed, revenue::DECIMAL(38,2) AS revenue FROM (VALUES
        ('2026-01-01 08:00:00-03', '12345678901234567.89'),
        ('2026-01-02 08:00:00-03', '12345678901234568.01'),
        ('2026-01-03 08:00:00-03', '2.50')) AS t(placed, revenue)`,
      testLimits,
    );
    const chart = renderChart(spec, result, 'en');
    // The line mark's path, one vertex per row: `M x,y L x,y L x,y`.
    const line = /aria-label="line">\s*<path d="M([^"]+)"/.exec(chart.svg ?? '');
    expect(line?.[1]?.split('L')).toHaveLength(3);
    expect(chart.svg).not.toContain('No data');
    expect(chart.table?.rows.map((row) => row[1])).toEqual([
      '12,345,678,901,234,567.89',
      '12,345,678,901,234,568.01',
      '2.5',
    ]);
  });
});
