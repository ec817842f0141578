import { createT, type Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { resolveColumn } from './column.js';
import { compareKpi, describeKpis } from './kpi.js';
import { renderChart } from './render.js';
import type { ChartSpec, Comparison } from './spec.js';

const result = queryResult([['n', 'number']], [[1]]);
const integer = resolveColumn({ field: 'n', format: { style: 'integer' } }, result, 'en');

function compare(
  current: unknown,
  previous: unknown,
  options: Partial<Comparison> = {},
  locale: Locale = 'en',
) {
  const column = resolveColumn({ field: 'n', format: { style: 'integer' } }, result, locale);
  return compareKpi(
    current,
    previous,
    column,
    { field: 'previous', ...options },
    locale,
    createT(locale),
  );
}

describe('compareKpi', () => {
  it('gives the signed relative change and its direction', () => {
    expect(compare(1123, 1000)).toEqual({
      direction: 'up',
      text: '+12.3% vs previous period',
      tone: 'positive',
    });
    expect(compare(900, 1000)).toEqual({
      direction: 'down',
      text: '-10.0% vs previous period',
      tone: 'negative',
    });
  });

  it('calls a change too small to show flat', () => {
    expect(compare(100_002, 100_000)).toMatchObject({
      direction: 'flat',
      text: '0.0% vs previous period',
      tone: 'neutral',
    });
    expect(compare(5, 5)?.direction).toBe('flat');
  });

  it('measures a change from a negative value by its size', () => {
    expect(compare(-50, -100)).toMatchObject({
      direction: 'up',
      text: '+50.0% vs previous period',
    });
  });

  it('gives the difference itself when the compared value is zero', () => {
    expect(compare(1500, 0)?.text).toBe('+1,500 vs previous period');
    expect(compare(0, 0)?.direction).toBe('flat');
  });

  it('reads big integers sent as strings', () => {
    expect(compare('9007199254740993', '9007199254740993')?.direction).toBe('flat');
  });

  it('has nothing to say when either value is missing', () => {
    expect(compare(10, null)).toBeUndefined();
    expect(compare(undefined, 10)).toBeUndefined();
    expect(compare('n/a', 10)).toBeUndefined();
  });

  it('turns the tone round when lower is better, and takes the author’s wording', () => {
    expect(compare(12, 10, { better: 'lower' })?.tone).toBe('negative');
    expect(compare(8, 10, { better: 'lower' })?.tone).toBe('positive');
    const label = { en: 'vs last year', 'pt-BR': 'em relação ao ano passado' };
    expect(compare(1123, 1000, { label }, 'pt-BR')?.text).toBe('+12,3% em relação ao ano passado');
    expect(compare(1123, 1000, {}, 'pt-BR')?.text).toBe('+12,3% em relação ao período anterior');
  });

  it('formats a change from zero with the column’s own format', () => {
    expect(compareKpi(2, 0, integer, { field: 'p' }, 'en', createT('en'))?.text).toBe(
      '+2 vs previous period',
    );
  });
});

describe('kpiChart', () => {
  const history = queryResult(
    [
      ['month', 'date'],
      ['sales', 'number'],
      ['previous', 'number'],
    ],
    [
      ['2001-03-01', 130, 120],
      ['2001-01-01', 100, null],
      ['2001-02-01', 120, 100],
    ],
  );
  const spec: ChartSpec = {
    type: 'kpi',
    title: { en: 'Sales' },
    encoding: { x: { field: 'month', format: { style: 'month' } } },
    options: { comparison: { field: 'previous' } },
  };

  it('shows the latest row of a history, whatever the query’s order, with a sparkline', () => {
    const { kpis, table } = renderChart(spec, history, 'en');
    expect(kpis).toHaveLength(1);
    expect(kpis?.[0]).toMatchObject({
      label: 'sales',
      value: '130',
      comparison: { direction: 'up', text: '+8.3% vs previous period' },
    });
    expect(kpis?.[0]?.sparkline).toContain('<title>Mar 2001 — 130</title>');
    expect(table.columns.map((c) => c.label)).toEqual(['month', 'sales']);
  });

  it('reads the first row and draws no sparkline without encoding.x', () => {
    const { kpis } = renderChart({ ...spec, encoding: {} }, history, 'en');
    expect(kpis?.map((k) => k.label)).toEqual(['month', 'sales']);
    expect(kpis?.[0]?.sparkline).toBeUndefined();
  });
});

describe('describeKpis', () => {
  it('lists each value with its label', () => {
    const t = createT('pt-BR');
    expect(
      describeKpis(
        [
          { label: 'Voos', value: '2.999.851' },
          { label: 'Atraso', value: '' },
        ],
        t,
      ),
    ).toBe('Voos: 2.999.851; Atraso: Sem dados.');
  });
});
