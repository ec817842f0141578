import type { Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { thrownChartError } from '../testing/chart-errors.fixture.js';
import {
  chartExample,
  chartExamples,
  queryResult,
  renderExample,
} from '../testing/chart-examples.fixture.js';
import { expectChartSnapshots } from '../testing/chart-snapshots.js';
import { ChartError } from './chart-error.js';
import { renderChart } from './render.js';
import { type ChartSpec, chartSpec } from './spec.js';

describe('renderChart, every chart type', () => {
  for (const locale of ['en', 'pt-BR'] as Locale[]) {
    for (const { name, spec, result } of chartExamples) {
      it(`${name} (${locale}) matches its snapshot`, () => {
        expectChartSnapshots(name, locale, renderChart(spec, result, locale));
      });
    }
  }

  it('parses every example spec with the schema', () => {
    for (const { spec } of chartExamples) expect(chartSpec.parse(spec)).toEqual(spec);
  });

  it('keeps a <title> on every data mark and marks it for cross-filtering', () => {
    const bars = renderExample('bar-stacked', 'en');
    expect(bars.svg).toMatch(/<rect data-value="ORD" data-field="origin"[^>]*><title>AA, ORD — /);
    const pie = renderExample('donut', 'en').svg ?? '';
    expect(pie).toMatch(
      /<path data-value="ORD" data-field="origin"[^>]*><title>ORD — 152,734 \(20\.9%\)<\/title>/,
    );
    // "Other" is several categories: nothing to filter by.
    expect(pie).toMatch(/<path (?![^>]*data-field)[^>]*><title>Other — 60,532 \(8\.3%\)/);
    const map = renderExample('map-us', 'pt-BR').svg ?? '';
    expect(map).toMatch(
      /data-value="California" data-field="state"[^>]*><title>California — 310\.000<\/title>/,
    );
    const cells = renderExample('heatmap', 'en').svg ?? '';
    expect(cells).toMatch(/<rect data-value="6" data-field="hour"[^>]*><title>6 AM, Mon — /);
  });

  it('tells series apart by shape and dash as well as colour', () => {
    const { svg, legend } = renderExample('line-series', 'en');
    expect(legend?.map((l) => l.label)).toEqual(['AA', 'DL', 'UA', 'Linear trend']);
    expect(legend?.[0]).toMatchObject({
      color: 'var(--chart-1, #0072b2)',
      symbol: expect.stringMatching(/^M/),
    });
    expect(legend?.[1]?.dash).toBe('6 3');
    expect(legend?.[3]).toMatchObject({ color: 'currentColor', dash: '6 4' });
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(new Set(legend?.slice(0, 3).map((l) => l.symbol)).size).toBe(3);
  });

  it('returns the heatmap and map colour classes as a titled legend', () => {
    const { legend, legendTitle } = renderExample('map-world', 'pt-BR');
    expect(legendTitle).toBe('Visitantes');
    expect(legend?.[0]).toEqual({
      label: '6,6\u00a0mi a 9,6\u00a0mi',
      color: 'var(--chart-seq-1, #d4e6f5)',
    });
    expect(legend?.at(-1)?.color).toBe('var(--chart-seq-5, #08407d)');
  });

  it('compares a KPI with the previous period and draws its history', () => {
    const { kpis, description } = renderExample('kpi-comparison', 'pt-BR');
    expect(kpis?.[0]).toMatchObject({
      label: 'Voos',
      value: '532\u00a0mil',
      comparison: {
        direction: 'up',
        text: '+3,1% em relação ao período anterior',
        tone: 'positive',
      },
    });
    expect(kpis?.[0]?.sparkline).toMatch(/^<svg[^>]*role="img"/);
    expect(kpis?.[1]).toEqual({ label: 'Atraso médio', value: '7,5\u00a0min' });
    expect(description).toBe(
      'Voos: 532.000 (+3,1% em relação ao período anterior); Atraso médio: 7,5\u00a0min. Voos: em alta, de 480.000 para 532.000.',
    );
  });

  it('draws "No data" for a chart type without rows', () => {
    for (const name of ['pie', 'scatter', 'histogram', 'heatmap', 'map-world', 'area-stacked']) {
      const { spec, result } = chartExample(name);
      const empty = { ...result, rows: [], rowCount: 0 };
      const rendered = renderChart(spec, empty, 'en');
      expect(rendered.svg, name).toContain('>No data</text>');
      expect(rendered.description, name).toMatch(/: no data to show\.$/);
    }
  });
});

describe('chart errors', () => {
  const spec = (patch: Partial<ChartSpec>): ChartSpec => ({
    ...chartExample('pie').spec,
    ...patch,
  });
  const data = chartExample('pie').result;

  it('names a measure that holds text', () => {
    const bad = spec({ encoding: { x: { field: 'flights' }, y: { field: 'origin' } } });
    expect(() => renderChart(bad, data, 'en')).toThrow(ChartError);
    const error = thrownChartError(() => renderChart(bad, data, 'en'));
    expect(error).toMatchObject({ key: 'errors.chart.notNumeric', status: 422 });
    expect(error.shown('en').detail).toMatch(
      /column "origin" holds text \(such as "ORD"\), but a chart of type pie needs numbers for the slice sizes/,
    );
  });

  it('names a missing encoding and what it is for', () => {
    const error = thrownChartError(() =>
      renderChart(spec({ encoding: { x: { field: 'origin' } } }), data, 'en'),
    );
    expect(error.params).toEqual({ channel: 'y', type: 'pie', role: 'sliceSizes' });
    expect(error.shown('en').detail).toBe(
      'A chart of type pie draws the slice sizes from encoding.y, which this chart lacks. Add encoding.y with a column of the query.',
    );
  });

  it('refuses negative slices and a trend over categories', () => {
    const negative = queryResult(
      [
        ['origin', 'string'],
        ['flights', 'integer'],
      ],
      [
        ['ORD', 3],
        ['ATL', -1],
      ],
    );
    expect(thrownChartError(() => renderChart(spec({}), negative, 'en')).shown('en')).toEqual({
      title: 'A pie cannot show negative values',
      detail:
        'The slice "ATL" has the negative value -1. Filter it out in the SQL, or use a bar chart.',
    });
    const line: ChartSpec = {
      type: 'line',
      title: { en: 'Flights' },
      encoding: { x: { field: 'origin' }, y: { field: 'flights' } },
      options: { trend: true },
    };
    expect(thrownChartError(() => renderChart(line, data, 'en')).shown('en').detail).toMatch(
      /options\.trend fits a line along the x axis, but the column "origin" holds categories/,
    );
  });

  it('rejects options that do not apply to the chart type, and a map without an atlas', () => {
    const parsed = chartSpec.safeParse({ ...chartExample('pie').spec, options: { bins: 10 } });
    expect(parsed.error?.issues[0]?.message).toBe(
      'options.bins does not apply to a pie chart, only to histogram: remove it or change the type',
    );
    const map = chartSpec.safeParse({ ...chartExample('map-us').spec, options: {} });
    expect(map.error?.issues[0]?.message).toMatch(/^a map chart needs options\.map/);
  });
});
