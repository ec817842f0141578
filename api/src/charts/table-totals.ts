import type { Locale, Translate } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { requireNumbers } from './cell-formats.js';
import { type Column, resolveColumn } from './column.js';
import { exactSum } from './exact-sum.js';

// Quantities add up; a percentage, a date or a label does not.
const quantities = new Set(['number', 'integer', 'currency']);

/**
 * Which columns `options.totals` sums: every quantity column (`true`), or those it lists, which
 * must exist and hold numbers.
 */
export function summedColumns(
  totals: true | string[],
  result: QueryResult,
  locale: Locale,
): (column: Column) => boolean {
  if (totals === true) return (column) => quantities.has(column.format.style);
  for (const field of totals)
    requireNumbers(resolveColumn({ field }, result, locale), result, 'options.totals');
  return (column) => totals.includes(column.field);
}

/**
 * The totals row of the columns shown, over `rows` (those that match the search, not only the
 * page): each summed column's exact sum as its cells show values, '' elsewhere, and "Total" in the
 * first cell when it holds no sum. Null when no column is summed.
 */
export function totalsRow(
  columns: readonly Column[],
  sums: (column: Column) => boolean,
  rows: () => Iterable<readonly unknown[]>,
  t: Translate,
  truncated = false,
): { cells: string[]; sentence: string } | null {
  if (!columns.some(sums)) return null;
  const parts: string[] = [];
  const cells = columns.map((column) => {
    if (!sums(column)) return '';
    const sum = exactSum(valuesOf(rows(), column.index));
    const text = sum === null ? '' : column.text(sum);
    if (text) parts.push(`${column.label} ${text}`);
    return text;
  });
  if (cells[0] === '') cells[0] = t('chart.table.total');
  // A result cut at the row limit adds up to less than the table in the database.
  const key = truncated ? 'chart.description.tableTotalsCut' : 'chart.description.tableTotals';
  return { cells, sentence: t(key, { totals: parts.join('; ') }) };
}

function* valuesOf(rows: Iterable<readonly unknown[]>, index: number): Iterable<unknown> {
  for (const row of rows) yield row[index];
}
