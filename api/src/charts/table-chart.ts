import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { cellFormats } from './cell-formats.js';
import type { ChartContext, ChartDraft } from './chart-context.js';
import type { Column } from './column.js';
import { dataTable, tableColumns } from './data-table.js';
import { describeEmpty } from './description.js';
import { summedColumns, totalsRow } from './table-totals.js';
import { kept, tablePageSize, viewRows } from './table-view.js';

/**
 * A `table` spec: the table is the chart, and the description says how many rows it has, how its
 * cells are marked (`options.conditionalFormats`) and what they add up to (`options.totals`). On a
 * dashboard it comes a page at a time, sorted, searched and with the columns the page's URL says
 * (`view`); elsewhere (PDF, email) with every row and column.
 */
export function tableChart(context: ChartContext): ChartDraft {
  const { spec, result, locale, t, title, note, view } = context;
  const all = tableColumns(spec, result, locale);
  const total = result.rows.length;
  const formats = cellFormats(spec.options.conditionalFormats ?? [], result, all, locale, t);
  const shown = [...new Set(view?.show ?? [])].filter((n) => n <= all.length).sort((a, b) => a - b);
  const positions = shown.length > 0 ? shown : all.map((_, i) => i + 1);
  const columns = positions.map((n) => all[n - 1] as Column);
  const n = (value: number) => formatNumber(locale, value);
  const sentences = [describeTable(title, total, locale, t, note)];
  const viewed = view && viewRows(result, all, { ...view, show: positions }, locale);
  if (view?.search && viewed) {
    sentences.push(
      t('chart.description.tableSearch', {
        count: viewed.matching,
        n: n(viewed.matching),
        search: view.search,
      }),
    );
  }
  const sorted = viewed?.sort && all[viewed.sort.column - 1];
  if (sorted && viewed?.sort) {
    sentences.push(
      t(
        viewed.sort.descending
          ? 'chart.description.tableSortDown'
          : 'chart.description.tableSortUp',
        { column: sorted.label },
      ),
    );
  }
  const rows = viewed ? viewed.rows : result.rows;
  if (viewed && viewed.matching > tablePageSize) {
    const first = (viewed.page - 1) * tablePageSize + 1;
    sentences.push(
      t('chart.description.tablePage', {
        first: n(first),
        last: n(first + viewed.rows.length - 1),
        n: n(viewed.matching),
      }),
    );
  }
  if (formats) sentences.push(...formats.sentences);
  const summed = spec.options.totals && summedColumns(spec.options.totals, result, locale);
  const totals =
    summed && total > 0 ? totalsOf(result, columns, summed, viewed?.matchingRows, locale, t) : null;
  if (totals) sentences.push(totals.sentence);
  // Only a page draws the marks (PDFs and emails say them in the description): one page of rows.
  const marks = viewed && formats && rows.map((row) => formats.marks(row, columns));
  return {
    description: sentences.join(' '),
    table: {
      ...dataTable(columns, { ...result, rows }),
      ...(totals ? { totals: totals.cells } : {}),
      ...(marks?.some((m) => m !== null) ? { marks } : {}),
      ...(view && viewed
        ? {
            view: {
              page: viewed.page,
              pages: viewed.pages,
              pageSize: tablePageSize,
              matching: viewed.matching,
              total,
              ...(viewed.sort ? { sort: viewed.sort } : {}),
              ...(view.search ? { search: view.search } : {}),
              columns: all.map((c) => c.label),
              shown: positions,
            },
          }
        : {}),
    },
  };
}

const totalsKept = new WeakMap<unknown[][], Map<string, ReturnType<typeof totalsRow>>>();

/**
 * The totals row over every row, kept with the rows (exact sums of a large result cost more than
 * its page), or over the rows a search matched, summed anew: searches are unbounded.
 */
function totalsOf(
  result: QueryResult,
  columns: readonly Column[],
  sums: (column: Column) => boolean,
  matching: (() => Iterable<readonly unknown[]>) | undefined,
  locale: Locale,
  t: Translate,
): ReturnType<typeof totalsRow> {
  if (matching) return totalsRow(columns, sums, matching, t, result.truncated);
  const key = `${locale} ${columns.map((c) => `${c.index}${sums(c) ? '+' : ''}`).join(',')}`;
  return kept(totalsKept, result.rows, key, () =>
    totalsRow(columns, sums, () => result.rows, t, result.truncated),
  );
}

/** What a table holds; the table itself is the rest of the description. */
function describeTable(
  title: string,
  rowCount: number,
  locale: Locale,
  t: Translate,
  note?: string,
): string {
  if (rowCount === 0) return describeEmpty(title, t, note);
  const first = t('chart.description.table', {
    title,
    count: rowCount,
    n: formatNumber(locale, rowCount),
  });
  return note ? `${first} ${note}` : first;
}
