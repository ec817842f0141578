import type { Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { thrownChartError } from '../testing/chart-errors.fixture.js';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { expectChartSnapshots } from '../testing/chart-snapshots.js';
import { ChartError } from './chart-error.js';
import { renderChart } from './render.js';
import type { ChartSpec } from './spec.js';

// Fields more than one chart below shows.
const flights = {
  field: 'flights',
  label: { en: 'Flights', 'pt-BR': 'Voos' },
  format: { style: 'integer' as const },
};
const meanDelay = { field: 'mean_delay', label: { en: 'Mean delay', 'pt-BR': 'Atraso médio' } };

const kpi: ChartSpec = {
  type: 'kpi',
  title: { en: 'All flights', 'pt-BR': 'Todos os voos' },
  encoding: {},
  options: {},
  columns: [
    flights,
    { ...meanDelay, format: { style: 'number', digits: 1, unit: { en: 'min' } } },
    {
      field: 'late_share',
      label: { en: 'Late', 'pt-BR': 'Atrasados' },
      format: { style: 'percent', digits: 1 },
    },
  ],
};
const kpiResult = queryResult(
  [
    ['flights', 'integer'],
    ['mean_delay', 'number'],
    ['late_share', 'number'],
  ],
  [['2999851', 9.3123, 0.2512]],
);

const line: ChartSpec = {
  type: 'line',
  title: { en: 'Mean delay by hour', 'pt-BR': 'Atraso médio por hora' },
  encoding: {
    x: {
      field: 'hour',
      label: { en: 'Hour of day', 'pt-BR': 'Hora do dia' },
      format: { style: 'hour' },
    },
    y: {
      field: 'mean_delay',
      label: { en: 'Mean delay (min)', 'pt-BR': 'Atraso médio (min)' },
      format: { style: 'number', digits: 1, unit: { en: 'min' } },
    },
  },
  options: {},
};
const lineResult = queryResult(
  [
    ['hour', 'integer'],
    ['mean_delay', 'number'],
  ],
  [
    [6, 2.5],
    [8, 4.25],
    [10, 1250.5],
    [12, 6.75],
    [14, 9.3],
    [16, null],
    [18, 12.125],
    [20, 10],
  ],
);

const barSpec = (orientation: 'vertical' | 'horizontal'): ChartSpec => {
  const category = { field: 'origin', label: { en: 'Airport', 'pt-BR': 'Aeroporto' } };
  return {
    type: 'bar',
    title: { en: 'Busiest origin airports', 'pt-BR': 'Aeroportos mais movimentados' },
    encoding:
      orientation === 'horizontal' ? { x: flights, y: category } : { x: category, y: flights },
    options: { orientation },
  };
};
const barResult = queryResult(
  [
    ['origin', 'string'],
    ['flights', 'integer'],
  ],
  [
    ['ORD', 152734],
    ['ATL', 141002],
    ['DFW', '120533'],
    ['LAX', null],
    ['SFO', 98012],
  ],
);

const table: ChartSpec = {
  type: 'table',
  title: { en: 'Worst routes', 'pt-BR': 'Piores rotas' },
  description: {
    en: 'Routes with at least 500 flights.',
    'pt-BR': 'Rotas com pelo menos 500 voos.',
  },
  encoding: {},
  options: {},
  columns: [
    { field: 'origin', label: { en: 'From', 'pt-BR': 'De' } },
    { field: 'destination', label: { en: 'To', 'pt-BR': 'Para' } },
    { field: 'day', label: { en: 'Worst day', 'pt-BR': 'Pior dia' }, format: { style: 'date' } },
    { ...meanDelay, format: { style: 'number', digits: 1 } },
  ],
};
const tableResult = queryResult(
  [
    ['origin', 'string'],
    ['destination', 'string'],
    ['day', 'date'],
    ['mean_delay', 'number'],
  ],
  [
    ['ORD', 'LGA', '2001-03-25', 1234.5],
    ['ATL', 'EWR', null, null],
  ],
);

const cases: [string, ChartSpec, QueryResult][] = [
  ['kpi', kpi, kpiResult],
  ['line', line, lineResult],
  ['bar-vertical', barSpec('vertical'), barResult],
  ['bar-horizontal', barSpec('horizontal'), barResult],
  ['table', table, tableResult],
  [
    'line-empty',
    line,
    queryResult(
      [
        ['hour', 'integer'],
        ['mean_delay', 'number'],
      ],
      [],
    ),
  ],
];

describe('renderChart', () => {
  for (const locale of ['en', 'pt-BR'] as Locale[]) {
    for (const [name, spec, data] of cases) {
      it(`${name} (${locale}) matches its snapshot`, () => {
        expectChartSnapshots(name, locale, renderChart(spec, data, locale));
      });
    }
  }

  it('renders the same bytes twice', () => {
    expect(renderChart(line, lineResult, 'en').svg).toBe(renderChart(line, lineResult, 'en').svg);
  });

  it('makes an accessible, responsive SVG', () => {
    const svg = renderChart(barSpec('horizontal'), barResult, 'pt-BR').svg ?? '';
    const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
    expect(root).toContain('role="img"');
    expect(root).toContain('aria-label="Aeroportos mais movimentados: gráfico de barras');
    expect(root).toContain('viewBox=');
    expect(root).not.toMatch(/\swidth="/);
    expect(root).toContain('width:100%;height:auto');
    expect(svg).not.toMatch(/<g(?![^>]*role=)[^>]*aria-label=/);
    expect(svg).toContain('fill="var(--chart-1, #0072b2)"');
    expect(svg).toContain('<title>ORD — 152.734</title>');
    // pt-BR ticks of an axis beyond 10.000 read compactly: `140 mil`.
    expect(svg).toMatch(/>1\d{2}&#160;mil</);
    expect(svg).not.toMatch(/\d+\.\d{3,}"/);
  });

  it('escapes author text in the aria-label', () => {
    const spec = { ...line, title: { en: 'Delay <min> & "late"' } };
    const svg = renderChart(spec, lineResult, 'en').svg ?? '';
    expect(svg).toContain('aria-label="Delay &lt;min&gt; &amp; &quot;late&quot;:');
  });

  it('lists the key first in the data table, with empty cells for nulls', () => {
    const { table: t } = renderChart(barSpec('horizontal'), barResult, 'en');
    expect(t.columns).toEqual([
      { label: 'Airport', numeric: false },
      { label: 'Flights', numeric: true },
    ]);
    expect(t.rows[3]).toEqual(['LAX', '']);
  });

  it('shows a large KPI compactly on the card, in full in its description and table', () => {
    const revenue: ChartSpec = {
      type: 'kpi',
      title: { en: 'Revenue' },
      encoding: {},
      options: {},
      columns: [{ field: 'revenue', format: { style: 'currency', currency: 'USD' } }],
    };
    const result = queryResult([['revenue', 'number']], [[20_000_000]]);
    const en = renderChart(revenue, result, 'en');
    expect(en.kpis?.[0]?.value).toBe('$20M');
    expect(en.description).toContain('$20,000,000.00');
    expect(en.table.rows).toEqual([['$20,000,000.00']]);
    const pt = renderChart(revenue, result, 'pt-BR');
    expect(pt.kpis?.[0]?.value).toBe('US$\u00a020\u00a0mi');
    expect(pt.table.rows).toEqual([['US$\u00a020.000.000,00']]);
    const standard = {
      ...revenue,
      columns: [{ field: 'revenue', format: { style: 'currency', notation: 'standard' } }],
    } satisfies ChartSpec;
    expect(renderChart(standard, result, 'en').kpis?.[0]?.value).toBe('$20,000,000.00');
  });

  it('reads an axis of billions compactly on every tick, with full values in tooltips', () => {
    const spec: ChartSpec = {
      type: 'bar',
      title: { en: 'Revenue by region' },
      encoding: {
        x: { field: 'region' },
        y: { field: 'revenue', format: { style: 'currency', currency: 'USD' } },
      },
      options: {},
    };
    const result = queryResult(
      [
        ['region', 'string'],
        ['revenue', 'number'],
      ],
      [
        ['North', 60_000_000_000],
        ['South', 25_000_000_000],
      ],
    );
    const svg = renderChart(spec, result, 'en').svg ?? '';
    expect(svg).toContain('>$60B<');
    expect(svg).not.toContain('>$60,000,000,000<');
    expect(svg).toContain('<title>North — $60,000,000,000.00</title>');
    expect(renderChart(spec, result, 'pt-BR').svg).toContain('>US$&#160;60&#160;bi<');
  });

  it('shows KPI values of the first row', () => {
    expect(renderChart(kpi, kpiResult, 'pt-BR').kpis).toEqual([
      { label: 'Voos', value: '3\u00a0mi' },
      { label: 'Atraso médio', value: '9,3\u00a0min' },
      { label: 'Atrasados', value: '25,1%' },
    ]);
  });

  it('says when rows were cut off', () => {
    const cut = { ...lineResult, truncated: true };
    expect(renderChart(line, cut, 'en').description).toMatch(/Only the first 8 rows are shown\.$/);
  });

  it('names a missing field and how to fix it', () => {
    const spec = { ...line, encoding: { ...line.encoding, y: { field: 'delay' } } };
    expect(() => renderChart(spec, lineResult, 'en')).toThrow(ChartError);
    const error = thrownChartError(() => renderChart(spec, lineResult, 'en'));
    expect(error.params).toMatchObject({ column: 'delay', available: '"hour", "mean_delay"' });
    expect(error.shown('en').detail).toMatch(
      /column "delay", but the query returns only "hour", "mean_delay"\. Rename the field/,
    );
  });
});
