import { type CachedQueryResult, rawText } from '@painel/api/browser';
import { isNumeric } from './format';

/**
 * What the results table does to the rows it is given, kept apart from the DOM: sort by a
 * column, keep the rows that contain a text, and write them all out as CSV.
 */

/** A query's answer: the API's own type. */
export type QueryResult = CachedQueryResult;

export interface Sort {
  column: number;
  direction: 'ascending' | 'descending';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(numeric: boolean, a: unknown, b: unknown): number {
  if (numeric) {
    const x = typeof a === 'string' ? Number(a) : (a as number);
    const y = typeof b === 'string' ? Number(b) : (b as number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof a === 'number') return Number(a) - Number(b);
  const x = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const y = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return collator.compare(x, y);
}

/**
 * The row indexes in `sort` order (stable: ties keep the query's order). Nulls go last
 * both ways, where a reader looks for them.
 */
export function sortedOrder(result: QueryResult, order: number[], sort: Sort | null): number[] {
  if (!sort) return order;
  const numeric = isNumeric(result.columns[sort.column]?.type ?? 'unknown');
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const value = (i: number) => result.rows[i]?.[sort.column] ?? null;
  return [...order].sort((i, j) => {
    const a = value(i);
    const b = value(j);
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return sign * compareValues(numeric, a, b) || i - j;
  });
}

/** The sort after a click on column `column`'s header: ascending first, then each way in turn. */
export function nextSort(sort: Sort | null, column: number): Sort {
  return sort?.column === column
    ? { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
    : { column, direction: 'ascending' };
}

/**
 * Page `page` of the rows in `order`, `size` a page: the last page when `page` is past it
 * (a narrower filter leaves fewer pages), and always one page, empty or not.
 */
export function pageOf(
  order: number[],
  page: number,
  size: number,
): { rows: number[]; current: number; pages: number; first: number } {
  const pages = Math.max(1, Math.ceil(order.length / size));
  const current = Math.min(page, pages - 1);
  const first = current * size;
  return { rows: order.slice(first, first + size), current, pages, first };
}

/**
 * Each row's searchable text, lower-cased once per result: its cells raw and as shown, so
 * `1234` and `1,234` both find a row. Nulls are not searchable.
 */
export function searchText(
  result: QueryResult,
  shown: (column: number, value: unknown) => string,
): string[] {
  return result.rows.map((row) =>
    row
      .map((value, c) => (value === null ? '' : `${rawText(value)}\u0000${shown(c, value)}`))
      .join('\u0000')
      .toLocaleLowerCase(),
  );
}

/** The indexes of the rows whose text contains `text`, in any case. */
export function filteredOrder(haystack: string[], text: string): number[] {
  const all = haystack.map((_, i) => i);
  const needle = text.trim().toLocaleLowerCase();
  if (needle === '') return all;
  return all.filter((i) => haystack[i]?.includes(needle));
}

/** Starts the browser's download of `text` as a file. */
export function download(text: string, filename: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the object URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
