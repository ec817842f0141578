import type { Locale } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { type Column, resolveColumn } from './column.js';
import type { ChartSpec, RenderedChart } from './spec.js';

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

/** The spec's columns in its order, or every result column when it lists none. */
export function tableColumns(spec: ChartSpec, result: QueryResult, locale: Locale): Column[] {
  const encodings = spec.columns ?? result.columns.map((c) => ({ field: c.name }));
  return encodings.map((encoding) => resolveColumn(encoding, result, locale));
}
