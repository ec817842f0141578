import { describe, expect, it } from 'vitest';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { renderChart } from './render.js';
import type { ChartSpec } from './spec.js';

// Four years of monthly sales with a summer peak, a little noise, and one month gone wild.
const usual = Array.from({ length: 48 }, (_, i) => [
  new Date(Date.UTC(2023, i, 1)).toISOString().slice(0, 10),
  1000 + 5 * i + [0, 0, 10, 30, 60, 120, 150, 120, 60, 30, 10, 0][i % 12]! + ((i * 37) % 17) - 8,
]);
const columns: Parameters<typeof queryResult>[0] = [
  ['month', 'date'],
  ['sales', 'integer'],
];
const result = queryResult(
  columns,
  usual.map(([month, value], i) => [month, (value as number) + (i === 30 ? 300 : 0)]),
);
const spec: ChartSpec = {
  type: 'line',
  title: { en: 'Sales' },
  encoding: {
    x: { field: 'month', format: { style: 'month' } },
    y: { field: 'sales', format: { style: 'integer' } },
  },
  options: { anomalies: true },
};

describe('unusual points on a chart', () => {
  it('rings the one month the season does not explain, says so and marks its row', () => {
    const chart = renderChart(spec, result, 'en');
    // Every summer peaks; only July 2025's 300 extra stand out.
    expect(chart.description).toMatch(
      /1 unusual point \(robust z-score beyond 3\.5\): Jul 2025, 1,597 where about 1,\d{3} was expected \(z \+\d+(\.\d)?\)\./,
    );
    expect(chart.table.columns.at(-1)?.label).toBe('Unusual');
    const marked = chart.table.rows.filter((row) => row.at(-1) !== '');
    expect(marked.map((row) => row[0])).toEqual(['Jul 2025']);
    expect(marked[0]?.at(-1)).toMatch(/^about 1,\d{3} expected \(z \+\d/);
    expect(chart.svg).toMatch(/<title>Unusual point: Jul 2025 — 1,597 \(about 1,\d{3} expected\)/);
    expect(chart.legend?.map((l) => l.label)).toEqual(['Unusual point']);
  });

  it('speaks Portuguese, finds none in a usual series, and does not judge a short one', () => {
    const pt = renderChart(spec, result, 'pt-BR');
    expect(pt.description).toMatch(
      /1 ponto atípico \(escore z robusto além de 3,5\): jul\. de 2025, 1\.597/,
    );
    const none = renderChart(spec, queryResult(columns, usual), 'en');
    expect(none.description).toContain('No unusual points (robust z-score beyond 3.5).');
    expect(none.table.rows.every((row) => row.at(-1) === '')).toBe(true);
    const short = renderChart(spec, { ...result, rows: result.rows.slice(0, 5) }, 'en');
    expect(short.description).toContain(
      'Unusual points not checked: there are 5 points, and the check needs at least 7.',
    );
    expect(short.table.columns.map((c) => c.label)).toEqual(['month', 'sales']);
  });

  it('names the first five of many and counts the rest; the table marks every one', () => {
    const spikes = [5, 12, 19, 26, 33, 40, 47, 54];
    const rows = Array.from({ length: 60 }, (_, i) => [
      i,
      100 + ((i * 37) % 17) + (spikes.includes(i) ? 500 : 0),
    ]);
    const chart = renderChart(
      {
        type: 'line',
        title: { en: 'Load' },
        encoding: { x: { field: 'n', format: { style: 'integer' } }, y: { field: 'v' } },
        options: { anomalies: true },
      },
      queryResult(
        [
          ['n', 'integer'],
          ['v', 'integer'],
        ],
        rows,
      ),
      'en',
    );
    expect(chart.description).toMatch(/8 unusual points .*: 5, 6\d\d where .*; 3 more\./);
    expect(chart.description.match(/ where about /g)).toHaveLength(5);
    expect(chart.table.rows.filter((row) => row.at(-1) !== '').map((row) => row[0])).toEqual(
      spikes.map(String),
    );
  });
});
