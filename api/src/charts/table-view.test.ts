import type { Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { tableColumns } from './data-table.js';
import { renderChart } from './render.js';
import { chartSpec } from './spec.js';
import { readTableView, type TableView, viewRows } from './table-view.js';

const spec = chartSpec.parse({ type: 'table', title: { en: 'Cities', 'pt-BR': 'Cidades' } });

const result = (columns: QueryResult['columns'], rows: unknown[][]): QueryResult => ({
  columns,
  rows,
  rowCount: rows.length,
  truncated: false,
  durationMs: 1,
});

/** The first column of the page, under `view`. */
function firstColumn(data: QueryResult, view: Omit<TableView, 'page'>, locale: Locale = 'en') {
  const columns = tableColumns(spec, data, locale);
  return viewRows(data, columns, { page: 1, ...view }, locale, 100).rows.map((r) => r[0]);
}

describe('sorting', () => {
  it.each([
    [
      'exact decimals by value, beyond a double’s digits, missing ones last',
      'decimal',
      ['10.5', null, '-2', '9.99', '12345678901234567.1', '12345678901234567.05', '0'],
      ['-2', '0', '9.99', '10.5', '12345678901234567.05', '12345678901234567.1', null],
    ],
    [
      'big integers sent as text',
      'integer',
      ['9007199254740993', '9007199254740992', '-9007199254740993'],
      ['-9007199254740993', '9007199254740992', '9007199254740993'],
    ],
    [
      'moments by time, whatever their offset',
      'timestamp',
      ['2026-11-25T10:00:00-03:00', '2026-11-25T12:00:00Z', '2026-11-25T09:30:00Z'],
      // 10:00 at -03:00 is 13:00 UTC.
      ['2026-11-25T09:30:00Z', '2026-11-25T12:00:00Z', '2026-11-25T10:00:00-03:00'],
    ],
  ] as const)('orders %s', (_, type, values, expected) => {
    const data = result(
      [{ name: 'v', type }],
      values.map((v) => [v]),
    );
    expect(firstColumn(data, { sort: { column: 1, descending: false } })).toEqual(expected);
    // Descending reverses the values; the missing ones stay last.
    const down = firstColumn(data, { sort: { column: 1, descending: true } });
    const present = expected.filter((v) => v !== null);
    expect(down).toEqual([...[...present].reverse(), ...expected.filter((v) => v === null)]);
  });

  it.each([
    ['en', ['Abel', 'Ávila', 'Bruno', 'item 2', 'item 10', 'zebra']],
    ['pt-BR', ['Abel', 'Ávila', 'Bruno', 'item 2', 'item 10', 'zebra']],
  ] as const)('orders text by the %s collation, numbers within it by value', (locale, expected) => {
    const data = result(
      [{ name: 'name', type: 'string' }],
      ['zebra', 'Bruno', 'item 10', 'Ávila', 'item 2', 'Abel'].map((v) => [v]),
    );
    expect(firstColumn(data, { sort: { column: 1, descending: false } }, locale)).toEqual(expected);
  });

  it('keeps the query’s order between equal values, and without a sort', () => {
    const data = result(
      [
        { name: 'k', type: 'integer' },
        { name: 'n', type: 'integer' },
      ],
      [
        [1, 2],
        [2, 1],
        [3, 2],
        [4, 1],
      ],
    );
    const columns = tableColumns(spec, data, 'en');
    const sorted = viewRows(
      data,
      columns,
      { page: 1, sort: { column: 2, descending: false } },
      'en',
    );
    expect(sorted.rows.map((r) => r[0])).toEqual([2, 4, 1, 3]);
    expect(viewRows(data, columns, { page: 1 }, 'en').rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
    // A column the table does not have sorts nothing.
    const unknown = viewRows(
      data,
      columns,
      { page: 1, sort: { column: 9, descending: true } },
      'en',
    );
    expect(unknown.sort).toBeUndefined();
    expect(unknown.rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
  });
});

describe('paging and search', () => {
  const data = result(
    [
      { name: 'city', type: 'string' },
      { name: 'people', type: 'integer' },
    ],
    Array.from({ length: 60 }, (_, i) => [i % 2 ? `São Paulo ${i}` : `Recife ${i}`, i * 1000]),
  );
  const columns = tableColumns(spec, data, 'pt-BR');

  it.each([
    [1, 1, 3, 0, 25],
    [3, 3, 3, 50, 10],
    // Past the last page: the last one.
    [9, 3, 3, 50, 10],
  ])('page %s shows page %s of %s from row %s, %s rows', (asked, page, pages, from, count) => {
    const viewed = viewRows(data, columns, { page: asked }, 'pt-BR');
    expect(viewed).toMatchObject({ page, pages, matching: 60 });
    expect(viewed.rows).toHaveLength(count);
    expect(viewed.rows[0]).toEqual(data.rows[from]);
  });

  it('searches the cells as shown, without case or accents', () => {
    // `sao` finds São; `12.000` is how pt-BR shows 12000.
    expect(viewRows(data, columns, { page: 1, search: 'sao paulo 1' }, 'pt-BR').matching).toBe(
      data.rows.filter((r) => /^São Paulo 1/.test(String(r[0]))).length,
    );
    const shown = viewRows(data, columns, { page: 1, search: '12.000' }, 'pt-BR');
    expect(shown.rows).toEqual([['Recife 12', 12000]]);
    expect(viewRows(data, columns, { page: 1, search: 'lisboa' }, 'pt-BR')).toMatchObject({
      matching: 0,
      pages: 1,
      rows: [],
    });
  });

  it('describes the view in the reader’s language', () => {
    const chart = renderChart(spec, data, 'pt-BR', {
      page: 2,
      sort: { column: 2, descending: true },
    });
    expect(chart.description).toBe(
      'Cidades: tabela com 60 linhas. Ordenada por people, em ordem decrescente. São mostradas as linhas 26 a 50 de 60.',
    );
    expect(chart.table.view).toEqual({
      page: 2,
      pages: 3,
      pageSize: 25,
      matching: 60,
      total: 60,
      sort: { column: 2, descending: true },
      columns: ['city', 'people'],
      shown: [1, 2],
    });
    expect(chart.table.rows[0]).toEqual(['Recife 34', '34.000']);
  });
});

describe('hidden columns', () => {
  const data = result(
    [
      { name: 'city', type: 'string' },
      { name: 'state', type: 'string' },
      { name: 'people', type: 'integer' },
    ],
    [
      ['Recife', 'PE', 1_500_000],
      ['Olinda', 'PE', 400_000],
      ['Santos', 'SP', 430_000],
    ],
  );

  it('shows the columns the view names, in the card’s order, and searches only those', () => {
    const chart = renderChart(spec, data, 'en', { page: 1, show: [3, 1], search: 'pe' });
    expect(chart.table.columns.map((c) => c.label)).toEqual(['city', 'people']);
    // "PE" is in the hidden state column only: no row matches.
    expect(chart.table.view).toMatchObject({ matching: 0, shown: [1, 3] });
    expect(chart.table.view?.columns).toEqual(['city', 'state', 'people']);
    const sorted = renderChart(spec, data, 'en', {
      page: 1,
      show: [1],
      sort: { column: 3, descending: true },
    });
    // Sorting by a hidden column still sorts.
    expect(sorted.table.rows).toEqual([['Recife'], ['Santos'], ['Olinda']]);
  });

  it('shows every column when the view names none that exists', () => {
    const chart = renderChart(spec, data, 'en', { page: 1, show: [7] });
    expect(chart.table.columns).toHaveLength(3);
    expect(chart.table.view?.shown).toEqual([1, 2, 3]);
  });
});

describe('totals', () => {
  const withTotals = chartSpec.parse({
    type: 'table',
    title: { en: 'Sales', 'pt-BR': 'Vendas' },
    columns: [
      { field: 'region' },
      { field: 'amount', format: { style: 'currency', currency: 'BRL' } },
      { field: 'share', format: { style: 'percent' } },
      { field: 'orders' },
    ],
    options: { totals: true },
  });
  const sales = result(
    [
      { name: 'region', type: 'string' },
      { name: 'amount', type: 'decimal' },
      { name: 'share', type: 'number' },
      { name: 'orders', type: 'integer' },
    ],
    [
      ['Norte', '1234.10', 0.25, 3],
      ['Sul', '0.20', 0.5, 4],
      ['Leste', null, 0.25, 5],
      ['Oeste', '12345678901234567.70', 0, 1],
    ],
  );

  it.each([
    [
      'en',
      ['Total', 'R$12,345,678,901,235,802.00', '', '13'],
      'Totals: amount R$12,345,678,901,235,802.00; orders 13.',
    ],
    [
      'pt-BR',
      ['Total', 'R$ 12.345.678.901.235.802,00', '', '13'],
      'Totais: amount R$ 12.345.678.901.235.802,00; orders 13.',
    ],
  ] as const)('sums quantities exactly, not percentages, in %s', (locale, cells, sentence) => {
    const chart = renderChart(withTotals, sales, locale);
    // Intl puts a no-break space after R$.
    const spaced = (text: string) => text.replaceAll('\u00a0', ' ');
    expect(chart.table.totals?.map(spaced)).toEqual(cells);
    expect(spaced(chart.description)).toContain(sentence);
  });

  it('sums the rows a search matched, not only the page', () => {
    const many = result(
      [
        { name: 'region', type: 'string' },
        { name: 'amount', type: 'decimal' },
        { name: 'share', type: 'number' },
        { name: 'orders', type: 'integer' },
      ],
      Array.from({ length: 40 }, (_, i) => [i % 2 ? 'Norte' : 'Sul', '0.10', 0, 1]),
    );
    const all = renderChart(withTotals, many, 'en', { page: 1 });
    expect(all.table.rows).toHaveLength(25);
    expect(all.table.totals).toEqual(['Total', 'R$4.00', '', '40']);
    const north = renderChart(withTotals, many, 'en', { page: 1, search: 'norte' });
    expect(north.table.totals).toEqual(['Total', 'R$2.00', '', '20']);
  });
});

describe('conditional formats', () => {
  const formatted = (conditionalFormats: unknown) =>
    chartSpec.parse({
      type: 'table',
      title: { en: 'Delays', 'pt-BR': 'Atrasos' },
      options: { conditionalFormats },
    });
  const delays = result(
    [
      { name: 'origin', type: 'string' },
      { name: 'delay', type: 'number' },
    ],
    [
      ['SEA', 10],
      ['PDX', 20],
      ['SFO', 30],
      ['LAX', 50],
      ['BOS', null],
    ],
  );

  it('shades a column in five steps from the lowest to the highest value', () => {
    const chart = renderChart(formatted([{ field: 'delay', kind: 'scale' }]), delays, 'en', {
      page: 1,
    });
    expect(chart.table.marks?.map((row) => row?.[1]?.step ?? null)).toEqual([1, 2, 3, 5, null]);
    expect(chart.table.marks?.every((row) => row === null || row[0] === null)).toBe(true);
    expect(chart.description).toContain(
      'Cells of delay are shaded from lightest (lowest) to darkest (highest).',
    );
  });

  it('marks the cells that meet a threshold with the first rule’s tone, and says so', () => {
    const chart = renderChart(
      formatted([
        { field: 'delay', kind: 'threshold', op: '>=', value: 30, tone: 'bad' },
        { field: 'delay', kind: 'threshold', op: '>', value: 15, tone: 'warning' },
        { field: 'delay', kind: 'threshold', op: '<', value: 15, tone: 'good' },
      ]),
      delays,
      'pt-BR',
      { page: 1 },
    );
    expect(chart.table.marks?.map((row) => row?.[1]?.tone ?? null)).toEqual([
      'good',
      'warning',
      'bad',
      'bad',
      null,
    ]);
    expect(chart.description).toContain(
      'As células de delay a partir de 30 estão marcadas como ruim.',
    );
    // A PDF or an email says the marks in the description; it does not draw them.
    expect(
      renderChart(formatted([{ field: 'delay', kind: 'scale' }]), delays, 'en').table.marks,
    ).toBeUndefined();
  });

  it.each([
    [{ field: 'nope', kind: 'scale' }, 'errors.chart.missingColumn'],
    [{ field: 'origin', kind: 'scale' }, 'errors.chart.optionNotNumeric'],
  ])('refuses %o with %s', (rule, key) => {
    expect(() => renderChart(formatted([rule]), delays, 'en')).toThrow(
      expect.objectContaining({ key }),
    );
  });

  it('sums only the columns listed, which must hold numbers', () => {
    const listed = (totals: string[]) =>
      chartSpec.parse({ type: 'table', title: { en: 'Delays' }, options: { totals } });
    expect(renderChart(listed(['delay']), delays, 'en').table.totals).toEqual(['Total', '110']);
    expect(() => renderChart(listed(['origin']), delays, 'en')).toThrow(
      expect.objectContaining({ key: 'errors.chart.optionNotNumeric' }),
    );
  });

  it('is refused on charts that are not tables', () => {
    const parsed = chartSpec.safeParse({
      type: 'bar',
      title: { en: 'Delays' },
      options: { totals: true },
    });
    expect(parsed.success).toBe(false);
  });
});

describe('readTableView', () => {
  it.each([
    [
      { 'days.sort': '-3', 'days.page': '2', 'days.q': '  rain ' },
      { page: 2, sort: { column: 3, descending: true }, search: 'rain' },
    ],
    [{ 'days.sort': '2' }, { page: 1, sort: { column: 2, descending: false } }],
    // Another card's view, and what cannot be read, are left out.
    [{ 'other.sort': '2', 'days.page': '0', 'days.q': '' }, { page: 1 }],
    [{ 'days.sort': 'x', 'days.page': '-1' }, { page: 1 }],
    // Shown columns in the card's order, once each; what is not a column number is left out.
    [{ 'days.show': ['3', '1', '3', 'x', '0'] }, { page: 1, show: [1, 3] }],
    [{ 'days.show': '2' }, { page: 1, show: [2] }],
    [
      { 'days.sort': ['4', '1'], 'days.page': '12345678' },
      { page: 1, sort: { column: 4, descending: false } },
    ],
  ])('%o → %o', (query, expected) => {
    expect(readTableView('days', query)).toEqual(expected);
  });

  it('keeps at most 100 characters of a search', () => {
    expect(readTableView('days', { 'days.q': 'a'.repeat(500) }).search).toHaveLength(100);
  });
});
