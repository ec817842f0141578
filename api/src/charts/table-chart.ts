import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import type { ChartContext, ChartDraft } from './chart-context.js';
import { dataTable, tableColumns } from './data-table.js';
import { describeEmpty } from './description.js';
import { tablePageSize, viewRows } from './table-view.js';

/**
 * A `table` spec: the table is the chart, and the description says how many rows it has. On a
 * dashboard it comes a page at a time, sorted and searched as the page's URL says (`view`).
 */
export function tableChart(context: ChartContext): ChartDraft {
  const { spec, result, locale, t, title, note, view } = context;
  const columns = tableColumns(spec, result, locale);
  const total = result.rows.length;
  if (!view) {
    return {
      description: describeTable(title, total, locale, t, note),
      table: dataTable(columns, result),
    };
  }
  const viewed = viewRows(result, columns, view, locale);
  const state = {
    page: viewed.page,
    pages: viewed.pages,
    pageSize: tablePageSize,
    matching: viewed.matching,
    total,
    ...(viewed.sort ? { sort: viewed.sort } : {}),
    ...(view.search ? { search: view.search } : {}),
  };
  const first = (viewed.page - 1) * tablePageSize + 1;
  const n = (value: number) => formatNumber(locale, value);
  const sentences = [describeTable(title, total, locale, t, note)];
  if (view.search) {
    sentences.push(
      t('chart.description.tableSearch', {
        count: viewed.matching,
        n: n(viewed.matching),
        search: view.search,
      }),
    );
  }
  const sorted = viewed.sort && columns[viewed.sort.column - 1];
  if (sorted && viewed.sort) {
    sentences.push(
      t(
        viewed.sort.descending
          ? 'chart.description.tableSortDown'
          : 'chart.description.tableSortUp',
        {
          column: sorted.label,
        },
      ),
    );
  }
  if (viewed.matching > tablePageSize) {
    sentences.push(
      t('chart.description.tablePage', {
        first: n(first),
        last: n(first + viewed.rows.length - 1),
        n: n(viewed.matching),
      }),
    );
  }
  return {
    description: sentences.join(' '),
    table: { ...dataTable(columns, { ...result, rows: viewed.rows }), view: state },
  };
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
