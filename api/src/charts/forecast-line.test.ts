import { describe, expect, it } from 'vitest';
import { thrownChartError } from '../testing/chart-errors.fixture.js';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { renderChart } from './render.js';
import { type ChartSpec, chartSpec } from './spec.js';

// Three years of monthly sales: a rising line with a summer peak.
const months = Array.from({ length: 36 }, (_, i) => [
  new Date(Date.UTC(2025, i, 1)).toISOString().slice(0, 10),
  1000 + 20 * i + [0, 0, 10, 30, 60, 120, 150, 120, 60, 30, 10, 0][i % 12]!,
]);
const sales = queryResult(
  [
    ['month', 'date'],
    ['sales', 'integer'],
  ],
  months,
);
const spec = (options: ChartSpec['options'], type: ChartSpec['type'] = 'line'): ChartSpec => ({
  type,
  title: { en: 'Sales', 'pt-BR': 'Vendas' },
  encoding: {
    x: { field: 'month', format: { style: 'month' } },
    y: { field: 'sales', format: { style: 'integer' } },
  },
  options,
});

describe('a forecast on a chart', () => {
  it('draws the next periods with a band, names its method, error and interval, and lists them', () => {
    const chart = renderChart(spec({ forecast: { periods: 3 } }), sales, 'en');
    expect(chart.description).toMatch(
      /Forecast of the next 3 periods by exponential smoothing with a trend and a season of 12 periods \(Holt-Winters\): [\d,]+ at Mar 2028, 95% interval [\d,]+ to [\d,]+\. Fitted without the last 3 points, it missed them by [\d.,]+ on average \([\d.]+%\)\./,
    );
    // The query's 36 rows, then one per period ahead with the forecast and its bounds.
    expect(chart.table.columns.map((c) => c.label)).toEqual([
      'month',
      'sales',
      'Forecast',
      'Low (95%)',
      'High (95%)',
    ]);
    expect(chart.table.rows).toHaveLength(39);
    expect(chart.table.rows[35]?.slice(2)).toEqual(['', '', '']);
    const ahead = chart.table.rows.slice(36);
    expect(ahead.map((r) => r[0])).toEqual(['Jan 2028', 'Feb 2028', 'Mar 2028']);
    for (const row of ahead) {
      expect(row[1]).toBe('');
      const [value, low, high] = row.slice(2).map((c) => Number(c.replace(/,/g, '')));
      expect(low).toBeLessThan(value!);
      expect(high).toBeGreaterThan(value!);
    }
    expect(chart.legend?.map((l) => l.label)).toEqual(['Forecast (95% interval)']);
    expect(chart.svg).toMatch(/fill-opacity="0.15"/);
    expect(chart.svg).toContain('stroke-dasharray="2 3"');
    expect(chart.svg).toMatch(/<title>Forecast \(95% interval\), Jan 2028 — [\d,]+ \(95 %: /);
  });

  it('speaks Portuguese, with Portuguese numbers and months', () => {
    const chart = renderChart(spec({ forecast: { periods: 1 } }), sales, 'pt-BR');
    expect(chart.description).toMatch(
      /Previsão do próximo período por suavização exponencial com tendência e sazonalidade de 12 períodos \(Holt-Winters\): [\d.]+ em jan\. de 2028, intervalo de 95% de [\d.]+ a [\d.]+\. Ajustada sem o último ponto, errou-o por [\d,]+ \([\d,]+\s?%\)\./,
    );
    expect(chart.table.columns.at(-1)?.label).toBe('Máximo (95%)');
  });

  it('forecasts a stacked area by its total, and says why a short series gets none', () => {
    const stacked = queryResult(
      [
        ['month', 'date'],
        ['carrier', 'string'],
        ['sales', 'integer'],
      ],
      months.flatMap(([m, v]) => [
        [m, 'AA', v],
        [m, 'DL', 100],
      ]),
    );
    const area: ChartSpec = {
      ...spec({ forecast: { periods: 2 } }, 'area'),
      encoding: { ...spec({}).encoding, color: { field: 'carrier' } },
    };
    const chart = renderChart(area, stacked, 'en');
    expect(chart.description).toMatch(/Forecast of the next 2 periods by .*: [\d,]+ at Feb 2028/);
    // One forecast, of the total: no carrier on its rows.
    expect(chart.table.rows.slice(72).map((r) => r.slice(0, 3))).toEqual([
      ['Jan 2028', '', ''],
      ['Feb 2028', '', ''],
    ]);

    const short = renderChart(
      spec({ forecast: { periods: 2 } }),
      { ...sales, rows: sales.rows.slice(0, 3) },
      'en',
    );
    expect(short.description).toContain(
      'No forecast: there are 3 points, and a forecast needs at least 4.',
    );
    expect(short.table.columns).toHaveLength(2);
    const gap = renderChart(
      spec({ forecast: { periods: 2 } }),
      { ...sales, rows: sales.rows.filter((_, i) => i !== 5) },
      'en',
    );
    expect(gap.description).toContain('No forecast: the points are not evenly spaced');
  });

  it('refuses a forecast along categories, and on a chart type without a time axis', () => {
    const byName: ChartSpec = {
      ...spec({ forecast: { periods: 2 } }),
      encoding: { x: { field: 'month' }, y: { field: 'sales' } },
    };
    const text = queryResult(
      [
        ['month', 'string'],
        ['sales', 'integer'],
      ],
      [['a', 1]],
    );
    expect(thrownChartError(() => renderChart(byName, text, 'en')).shown('en').detail).toMatch(
      /options\.forecast continues the series along the x axis, but the column "month" holds categories/,
    );
    const bars = chartSpec.safeParse(spec({ forecast: { periods: 2 } }, 'bar'));
    expect(bars.error?.issues[0]?.message).toBe(
      'options.forecast does not apply to a bar chart, only to line, area: remove it or change the type',
    );
  });
});
