import type { DashboardSpec } from '@painel/api/browser';
import { dashboardSpec } from '@painel/api/browser';
import { describe, expect, it } from 'vitest';
import { buildSpec, previewSpec, probeId, probeQuery } from './build';
import {
  type ChartCardDraft,
  type DashboardDraft,
  draftFromSpec,
  emptyDashboard,
  newChartCard,
  newFilter,
  newTextCard,
  slugify,
  uniqueId,
} from './form';

/** A spec using every part the form shows and some it only keeps. */
const weather: DashboardSpec = {
  slug: 'weather',
  title: { en: 'Seattle weather', 'pt-BR': 'Clima em Seattle' },
  description: { en: 'Four years.' },
  source: 'Demo',
  public: true,
  refreshSeconds: 300,
  filters: [
    {
      id: 'period',
      type: 'dateRange',
      label: { en: 'Period', 'pt-BR': 'Período' },
      parameter: 'period',
      default: { start: '2012-01-01', end: '2015-12-31' },
    },
    {
      id: 'weather',
      type: 'select',
      label: { en: 'Weather' },
      parameter: 'kinds',
      multiple: true,
      valueType: 'text',
      options: { sql: 'SELECT DISTINCT weather FROM seattle_weather ORDER BY 1' },
      default: ['rain', 'sun'],
    },
    {
      id: 'temp',
      type: 'numberRange',
      label: { en: 'High' },
      parameters: { min: 'tmin', max: 'tmax' },
      default: { min: 10 },
    },
  ],
  cards: [
    {
      id: 'summary',
      kind: 'chart',
      layout: { x: 0, y: 0, w: 12, h: 2 },
      query: { sql: 'SELECT count(*) AS days, 1 AS before FROM seattle_weather' },
      chart: {
        type: 'kpi',
        title: { en: 'Days' },
        encoding: {},
        columns: [
          {
            field: 'days',
            label: { en: 'Days', 'pt-BR': 'Dias' },
            format: { style: 'integer', unit: { en: 'd' } },
          },
        ],
        options: { comparison: { field: 'before', better: 'lower' } },
      },
    },
    {
      id: 'by-weather',
      kind: 'chart',
      layout: { x: 0, y: 2, w: 6, h: 5 },
      query: {
        sql: 'SELECT weather, count(*) AS days FROM seattle_weather WHERE date BETWEEN {{period.start}} AND {{period.end}} GROUP BY 1',
      },
      chart: {
        type: 'bar',
        title: { en: 'Days by weather' },
        encoding: { x: { field: 'days', format: { style: 'integer' } }, y: { field: 'weather' } },
        options: {
          orientation: 'horizontal',
          referenceLines: [{ value: 100, label: { en: '100' } }],
          height: 300,
        },
      },
      crossFilter: 'weather',
    },
    {
      id: 'counted',
      kind: 'chart',
      layout: { x: 6, y: 2, w: 6, h: 5 },
      query: {
        source: 'Other',
        builder: {
          table: 'seattle_weather',
          groupBy: [{ column: 'seattle_weather.date', truncate: 'year' }],
          aggregates: [{ fn: 'count' }, { fn: 'avg', column: 'seattle_weather.wind' }],
          orderBy: [{ column: 'count', direction: 'desc' }],
        },
      },
      chart: { type: 'pie', title: { en: 'Share' }, encoding: {}, options: { donut: true } },
    },
    {
      id: 'days',
      kind: 'chart',
      layout: { x: 0, y: 9, w: 12, h: 6 },
      query: { sql: 'SELECT date, temp_max, precipitation FROM seattle_weather' },
      chart: {
        type: 'table',
        title: { en: 'Every day' },
        encoding: {},
        options: {
          totals: ['precipitation'],
          conditionalFormats: [
            { field: 'temp_max', kind: 'scale' },
            { field: 'precipitation', kind: 'threshold', op: '>=', value: 20, tone: 'warning' },
          ],
        },
      },
    },
    {
      id: 'note',
      kind: 'text',
      layout: { x: 0, y: 7, w: 12, h: 2 },
      text: { en: '**Source:** NOAA', 'pt-BR': '**Fonte:** NOAA' },
    },
  ],
};

/** The smallest dashboard the API takes, with `parts` of its own. */
const dashboard = (parts: Partial<DashboardDraft> = {}): DashboardDraft => ({
  ...emptyDashboard('Demo'),
  slug: 's',
  title: { en: 'T', pt: '' },
  ...parts,
});

describe('draftFromSpec and buildSpec', () => {
  it('give back the spec they were given, kept parts included', () => {
    const built = buildSpec(draftFromSpec(weather));
    expect(built.problems).toEqual([]);
    expect(built.spec).toEqual(weather);
    expect(dashboardSpec.safeParse(built.spec).success).toBe(true);
  });

  it('names what the API would refuse, by the API’s paths', () => {
    const draft = emptyDashboard('');
    draft.slug = 'Not a slug';
    draft.title.pt = 'Só português';
    const card = newChartCard('card-1', { x: 0, y: 0, w: 6, h: 4 }, 'histogram');
    card.options.bins = '1';
    const filter = newFilter('select', []);
    if (filter.type === 'select') filter.parameter = '1bad';
    draft.cards = [card];
    draft.filters = [filter, { ...newFilter('dateRange', []), id: filter.id }];
    const { problems } = buildSpec(draft);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'slug', key: 'slug' },
        { path: 'title.en', key: 'required' },
        { path: 'source', key: 'required' },
        { path: 'filters.0.parameter', key: 'parameter' },
        { path: 'filters.0.options', key: 'options' },
        { path: 'filters.0.label.en', key: 'required' },
        { path: 'filters.1.id', key: 'duplicate' },
        { path: 'cards.0.query.sql', key: 'required' },
        { path: 'cards.0.chart.title.en', key: 'required' },
        { path: 'cards.0.chart.options.bins', key: 'bins' },
      ]),
    );
  });

  it('keeps a chosen notation with its format, and drops it when the format goes', () => {
    const card: ChartCardDraft = newChartCard('c', { x: 0, y: 0, w: 6, h: 4 }, 'bar', {
      sql: 'SELECT 1 AS a, 2 AS b',
    });
    card.title.en = 'Bar';
    card.encoding.x = { field: 'a', style: '', notation: '', keep: {} };
    card.encoding.y = {
      field: 'b',
      style: 'currency',
      notation: 'standard',
      keep: { format: { style: 'number', currency: 'BRL', notation: 'compact' } },
    };
    const built = buildSpec(dashboard({ cards: [card] }));
    expect(built.problems).toEqual([]);
    const chart = (spec: typeof built.spec) => {
      const first = spec.cards[0];
      return first?.kind === 'chart' ? first.chart : undefined;
    };
    expect(chart(built.spec)?.encoding.y).toEqual({
      field: 'b',
      format: { style: 'currency', currency: 'BRL', notation: 'standard' },
    });
    expect(dashboardSpec.safeParse(built.spec).success).toBe(true);
    // Automatic again: the format's own default, no notation written.
    card.encoding.y = { ...card.encoding.y, notation: '' };
    expect(chart(buildSpec(dashboard({ cards: [card] })).spec)?.encoding.y).toEqual({
      field: 'b',
      format: { style: 'currency', currency: 'BRL' },
    });
  });

  it('drops options that do not apply to the chart type and channels it does not draw', () => {
    const card: ChartCardDraft = newChartCard('c', { x: 0, y: 0, w: 6, h: 4 }, 'line', {
      sql: 'SELECT 1 AS a, 2 AS b',
    });
    card.title.en = 'Line';
    card.options.donut = true;
    card.options.orientation = 'horizontal';
    card.options.trend = true;
    card.encoding.x.field = 'a';
    card.encoding.y = { field: 'b', style: 'percent', notation: '', keep: {} };
    card.encoding.size.field = 'b';
    card.crossFilter = 'gone';
    const { spec, problems } = buildSpec(dashboard({ cards: [card] }));
    expect(problems).toEqual([]);
    expect(spec.cards[0]).toEqual({
      id: 'c',
      kind: 'chart',
      layout: { x: 0, y: 0, w: 6, h: 4 },
      query: { sql: 'SELECT 1 AS a, 2 AS b' },
      chart: {
        type: 'line',
        title: { en: 'Line' },
        encoding: { x: { field: 'a' }, y: { field: 'b', format: { style: 'percent' } } },
        options: { trend: true },
      },
    });
    expect(dashboardSpec.safeParse(spec).success).toBe(true);
  });

  it('forecasts a line or an area for a whole number of periods, names a bad one, rings unusual points', () => {
    const card: ChartCardDraft = newChartCard('c', { x: 0, y: 0, w: 6, h: 4 }, 'area', {
      sql: 'SELECT 1 AS a, 2 AS b',
    });
    card.title.en = 'Area';
    card.encoding.x.field = 'a';
    card.encoding.y = { field: 'b', style: '', notation: '', keep: {} };
    card.options.forecast = ' 6 ';
    card.options.anomalies = true;
    const built = buildSpec(dashboard({ cards: [card] }));
    expect(built.problems).toEqual([]);
    const chart = built.spec.cards[0]?.kind === 'chart' ? built.spec.cards[0].chart : null;
    expect(chart?.options).toEqual({ forecast: { periods: 6 }, anomalies: true });
    expect(dashboardSpec.safeParse(built.spec).success).toBe(true);
    card.options.forecast = '0';
    expect(buildSpec(dashboard({ cards: [card] })).problems).toEqual([
      { path: 'cards.0.chart.options.forecast', key: 'forecast' },
    ]);
    // A bar chart has no forecast: what was typed for the area is dropped.
    card.type = 'bar';
    card.options.forecast = '6';
    const bar = buildSpec(dashboard({ cards: [card] })).spec.cards[0];
    expect(bar?.kind === 'chart' && bar.chart.options).toEqual({});
  });

  it('builds filters from typed lists, numbers and preset defaults', () => {
    const draft = dashboard();
    const select = newFilter('select', []);
    const range = newFilter('numberRange', []);
    const period = newFilter('dateRange', []);
    if (select.type !== 'select' || range.type !== 'numberRange') throw new Error('types');
    Object.assign(select, {
      label: { en: 'Year', pt: 'Ano' },
      valueType: 'number',
      optionsKind: 'values',
      values: '2012\n 2013 \n\n2014',
      defaultValue: '2013',
    });
    Object.assign(range, { label: { en: 'Wind', pt: '' }, defaultMax: '7,5' });
    period.label.en = 'Period';
    draft.filters = [select, range, period];
    const { spec, problems } = buildSpec(draft);
    expect(problems).toEqual([]);
    expect(spec.filters).toEqual([
      {
        id: 'choice',
        type: 'select',
        label: { en: 'Year', 'pt-BR': 'Ano' },
        parameter: 'choice',
        multiple: false,
        valueType: 'number',
        options: { values: [2012, 2013, 2014] },
        default: 2013,
      },
      {
        id: 'range',
        type: 'numberRange',
        label: { en: 'Wind' },
        parameters: { min: 'range_min', max: 'range_max' },
        default: { max: 7.5 },
      },
      {
        id: 'period',
        type: 'dateRange',
        label: { en: 'Period' },
        parameter: 'period',
        default: 'last30days',
      },
    ]);
    expect(dashboardSpec.safeParse(spec).success).toBe(true);
  });

  it('keeps a text card’s Markdown as typed and drops an empty title', () => {
    const text = newTextCard('note', { x: 0, y: 0, w: 6, h: 2 });
    text.text.en = '# Hello\n';
    expect(buildSpec(dashboard({ cards: [text] })).spec.cards).toEqual([
      { id: 'note', kind: 'text', layout: { x: 0, y: 0, w: 6, h: 2 }, text: { en: '# Hello\n' } },
    ]);
  });
});

describe('previewSpec', () => {
  it('sends the filters and one card with its column probe, whatever else is unfinished', () => {
    const draft = draftFromSpec(weather);
    draft.title.en = '';
    const other = draft.cards[0];
    if (other?.kind === 'chart') other.query.sql = '';
    const built = previewSpec(draft, 'by-weather');
    expect(built?.problems).toEqual([]);
    expect(built?.spec.cards.map((c) => c.id)).toEqual(['by-weather', probeId]);
    expect(built?.spec.filters).toHaveLength(3);
    expect(dashboardSpec.safeParse(built?.spec).success).toBe(true);
    expect(previewSpec(draft, 'note')?.spec.cards.map((c) => c.id)).toEqual(['note']);
    expect(previewSpec(draft, 'missing')).toBeNull();
  });
});

describe('probeQuery', () => {
  it('asks for no rows: SQL wrapped, a builder question limited', () => {
    expect(probeQuery({ sql: 'SELECT 1 AS a;\n' })).toEqual({
      sql: 'SELECT * FROM (\nSELECT 1 AS a\n) AS painel_columns LIMIT 0',
    });
    expect(probeQuery({ source: 'X', builder: { table: 't' } })).toEqual({
      source: 'X',
      builder: { table: 't', limit: 1 },
    });
  });
});

describe('slugify and uniqueId', () => {
  it('make ids the API accepts', () => {
    expect(slugify('Vendas & Clientes — São Paulo 2024!')).toBe('vendas-clientes-sao-paulo-2024');
    expect(slugify('  ---  ')).toBe('');
    expect(slugify('a'.repeat(80))).toHaveLength(63);
    expect(uniqueId('card', ['card', 'card-2'])).toBe('card-3');
    expect(uniqueId('Período', [])).toBe('periodo');
  });
});
