import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import type { ChartContext, ChartDraft } from './chart-context.js';
import { dataTable, tableColumns } from './data-table.js';
import { describeEmpty } from './description.js';

/** A `table` spec: the table is the chart, and the description says how many rows it has. */
export function tableChart({ spec, result, locale, t, title, note }: ChartContext): ChartDraft {
  const columns = tableColumns(spec, result, locale);
  return {
    description: describeTable(title, result.rows.length, locale, t, note),
    table: dataTable(columns, result),
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
