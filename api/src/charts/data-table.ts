import type { Column } from './column.js';
import type { QueryResult, RenderedChart } from './spec.js';

export type DataTable = RenderedChart['table'];

/**
 * The chart's data as text, every row of the result in query order: the alternative for
 * readers who cannot see the picture, and the whole chart for `table` specs. Missing values
 * stay as empty cells rather than being dropped, so rows line up with the query.
 */
export function dataTable(columns: readonly Column[], result: QueryResult): DataTable {
  return {
    columns: columns.map((c) => ({ label: c.label, numeric: c.numeric })),
    rows: result.rows.map((row) => columns.map((c) => c.text(row[c.index]))),
  };
}
