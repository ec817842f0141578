import { describe, expect, it } from 'vitest';
import {
  cardsUsing,
  filtersForParameters,
  referencedParameters,
  renameFilter,
  suggestEncoding,
  swapForOrientation,
  unboundParameters,
  withSuggestedFields,
} from './bindings';
import { emptyDashboard, newChartCard, newFilter } from './form';

const layout = { x: 0, y: 0, w: 6, h: 4 };

function dashboard() {
  const draft = emptyDashboard('Demo');
  const period = newFilter('dateRange', []);
  const kinds = newFilter('select', ['period']);
  if (kinds.type !== 'select') throw new Error('select');
  kinds.parameter = 'kinds';
  kinds.id = 'kinds';
  const a = newChartCard('a', layout, 'bar', {
    sql: 'SELECT 1 FROM t WHERE d BETWEEN {{ period.start }} AND {{period.end}} [[AND k IN ({{kinds}})]]',
  });
  a.crossFilter = 'kinds';
  const b = newChartCard('b', layout, 'kpi', { sql: 'SELECT {{other}} AS x' });
  const c = newChartCard('c', layout, 'pie', { mode: 'builder' });
  draft.filters = [period, kinds];
  draft.cards = [a, b, c];
  return draft;
}

describe('referencedParameters', () => {
  it('names each parameter once, a date range by its name', () => {
    expect(referencedParameters('{{p.start}} {{ p.end }} {{q}} {{p}} {{1x}}')).toEqual(['p', 'q']);
  });
});

describe('cardsUsing and unboundParameters', () => {
  it('tell which cards each filter feeds and what a card still lacks', () => {
    const draft = dashboard();
    expect(cardsUsing(draft, draft.filters[0]!).map((c) => c.id)).toEqual(['a']);
    expect(cardsUsing(draft, draft.filters[1]!).map((c) => c.id)).toEqual(['a']);
    expect(unboundParameters(draft, draft.cards[0]!)).toEqual([]);
    expect(unboundParameters(draft, draft.cards[1]!)).toEqual(['other']);
    expect(unboundParameters(draft, draft.cards[2]!)).toEqual([]);
  });
});

describe('renameFilter', () => {
  it('renames a filter and the cross-filters that point at it', () => {
    const renamed = renameFilter(dashboard(), 1, 'weather');
    expect(renamed.filters[1]?.id).toBe('weather');
    const card = renamed.cards[0];
    expect(card?.kind === 'chart' && card.crossFilter).toBe('weather');
  });
});

describe('filtersForParameters', () => {
  it('makes filters for a saved query’s parameters the dashboard lacks', () => {
    const draft = dashboard();
    const { filters, unmatched } = filtersForParameters(
      [
        { name: 'period', type: 'dateRange', value: 'lastMonth' },
        { name: 'span', type: 'dateRange', value: { start: '2012-01-01', end: '2012-02-01' } },
        { name: 'origins', type: 'list', value: ['SEA', 'PDX'] },
        { name: 'min_delay', type: 'number', value: 10 },
        { name: 'day', type: 'date', value: 'today' },
        { name: 'kinds', type: 'list', value: null },
      ],
      draft.filters,
    );
    expect(unmatched).toEqual(['day']);
    expect(filters.map((f) => [f.id, f.type])).toEqual([
      ['span', 'dateRange'],
      ['origins', 'select'],
      ['min-delay', 'select'],
    ]);
    expect(filters[0]).toMatchObject({
      parameter: 'span',
      defaultKind: 'dates',
      start: '2012-01-01',
      end: '2012-02-01',
    });
    expect(filters[1]).toMatchObject({
      parameter: 'origins',
      multiple: true,
      optionsKind: 'values',
      values: 'SEA\nPDX',
      defaultValue: 'SEA\nPDX',
      label: { en: 'origins', pt: '' },
    });
    expect(filters[2]).toMatchObject({
      parameter: 'min_delay',
      multiple: false,
      valueType: 'number',
      values: '10',
      defaultValue: '10',
    });
  });
});

describe('suggestEncoding', () => {
  const columns = [
    { name: 'weather', numeric: false },
    { name: 'days', numeric: true },
    { name: 'wind', numeric: true },
  ];
  it('puts the first category and the first measure on the axes', () => {
    expect(suggestEncoding('bar', columns)).toEqual({ x: 'weather', y: 'days' });
    expect(suggestEncoding('pie', columns)).toEqual({ x: 'weather', y: 'days' });
    expect(suggestEncoding('scatter', columns)).toEqual({ x: 'days', y: 'wind' });
    expect(suggestEncoding('histogram', columns)).toEqual({ x: 'days' });
    expect(suggestEncoding('map', columns)).toEqual({ key: 'weather', color: 'days' });
    expect(suggestEncoding('heatmap', columns)).toEqual({});
    expect(suggestEncoding('table', columns)).toEqual({});
    expect(suggestEncoding('line', [{ name: 'a', numeric: false }])).toEqual({});
  });
  it('swaps a horizontal bar’s axes', () => {
    expect(swapForOrientation({ x: 'weather', y: 'days' }, true)).toEqual({
      x: 'days',
      y: 'weather',
    });
    expect(swapForOrientation({ x: 'weather' }, false)).toEqual({ x: 'weather' });
  });
});

describe('withSuggestedFields', () => {
  const columns = [
    { name: 'weather', numeric: false },
    { name: 'days', numeric: true },
  ];
  it('fills an empty chart’s channels, swapped for horizontal bars', () => {
    const card = newChartCard('a', layout, 'bar');
    card.options.orientation = 'horizontal';
    const filled = withSuggestedFields(card, columns);
    expect(filled.kind === 'chart' && [filled.encoding.x.field, filled.encoding.y.field]).toEqual([
      'days',
      'weather',
    ]);
    const pie = withSuggestedFields(newChartCard('b', layout, 'bar'), columns, 'pie');
    expect(pie.kind === 'chart' && pie.encoding.x.field).toBe('weather');
  });
  it('leaves alone a card that names a field, a KPI and a text card', () => {
    const named = newChartCard('a', layout, 'line');
    named.encoding.y.field = 'days';
    expect(withSuggestedFields(named, columns)).toBe(named);
    const kpi = newChartCard('k', layout, 'kpi');
    expect(withSuggestedFields(kpi, columns)).toBe(kpi);
    const text = {
      kind: 'text' as const,
      id: 't',
      layout,
      title: { en: '', pt: '' },
      text: { en: '', pt: '' },
    };
    expect(withSuggestedFields(text, columns)).toBe(text);
  });
});
