import type { Locale } from '@painel/i18n';
import type { FilterQuery } from '../dashboards/filters.js';
import type { QueryResult } from '../datasources/result.js';
import type { Column } from './column.js';

/**
 * What a reader asked of a table card, kept in the page's URL so that a link, the back button and
 * a page without JavaScript all work: `<card>.sort=3` sorts by the third column (`-3`,
 * descending), `<card>.page=2` shows the second page, `<card>.q=text` keeps the rows whose cells
 * contain the text, `<card>.show=1&<card>.show=3` shows those columns only. Done on the server,
 * over the card's whole cached result: only one page of rows reaches the browser.
 */
export interface TableView {
  /** 1-based column and direction; none keeps the query's own order. */
  sort?: { column: number; descending: boolean };
  /** 1-based; a page past the last shows the last. */
  page: number;
  search?: string;
  /** 1-based columns to show, in the card's order; none shows every column. */
  show?: number[];
}

export const tablePageSize = 25;
const searchLength = 100;

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The card's view from the query string; what cannot be read is left out, never an error. */
export function readTableView(cardId: string, query: FilterQuery): TableView {
  const sort = /^(-?)([1-9]\d{0,2})$/.exec(single(query[`${cardId}.sort`])?.trim() ?? '');
  const page = /^[1-9]\d{0,6}$/.exec(single(query[`${cardId}.page`])?.trim() ?? '');
  const search = single(query[`${cardId}.q`])?.trim().slice(0, searchLength);
  const shown = [query[`${cardId}.show`] ?? []]
    .flat()
    .filter((value) => /^[1-9]\d{0,2}$/.test(value.trim()))
    .map(Number);
  const show = [...new Set(shown)].sort((a, b) => a - b);
  return {
    page: page ? Number(page[0]) : 1,
    ...(sort ? { sort: { column: Number(sort[2]), descending: sort[1] === '-' } } : {}),
    ...(search ? { search } : {}),
    ...(show.length > 0 ? { show } : {}),
  };
}

/** The rows of one page, in view, and how many rows match. */
export interface ViewedRows {
  rows: unknown[][];
  /** Rows that match the search (all of the result's without one). */
  matching: number;
  page: number;
  pages: number;
  /** The sort actually applied: one on a column the table does not have is dropped. */
  sort?: { column: number; descending: boolean };
  /** With a search, every row it matched (for the totals); without one, all the result's. */
  matchingRows?: () => Iterable<unknown[]>;
}

// Sorting and searching a large result cost more than a page's drawing: their orders and text
// are kept by the rows they came from, like the drawings, and go with them.
const orders = new WeakMap<unknown[][], Map<string, Uint32Array>>();
const searchTexts = new WeakMap<unknown[][], Map<string, string[]>>();

/** `make()` kept by `owner` (a result's rows) under `key`: it goes when the rows do. */
export function kept<K extends object, V>(
  store: WeakMap<K, Map<string, V>>,
  owner: K,
  key: string,
  make: () => V,
): V {
  let byKey = store.get(owner);
  if (!byKey) {
    byKey = new Map();
    store.set(owner, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = make();
    byKey.set(key, value);
  }
  return value;
}

/** Text as a search compares it: no case, no accents (`sao` finds `São`). */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
}

/**
 * Orders raw values of one column: numbers by value (exact decimals and big integers arrive as
 * strings), dates by time, text by the reader's language's collation; missing values last in
 * either direction.
 */
function comparator(column: Column, locale: Locale): (a: unknown, b: unknown) => number {
  if (column.kind === 'number') {
    return (a, b) => Number(a) - Number(b) || compareDecimal(String(a), String(b));
  }
  if (column.kind === 'date') {
    return (a, b) =>
      ((column.value(a) as Date | null)?.getTime() ?? 0) -
      ((column.value(b) as Date | null)?.getTime() ?? 0);
  }
  const collator = new Intl.Collator(locale, { numeric: true });
  return (a, b) => collator.compare(String(a), String(b));
}

/**
 * Two decimal strings that are the same double (beyond 15–17 digits) by their digits: the sign,
 * then the integer part's length and digits, then the fraction's.
 */
function compareDecimal(a: string, b: string): number {
  const parse = (s: string) => {
    const negative = s.startsWith('-');
    const [whole = '', fraction = ''] = s.replace(/^[-+]/, '').split('.');
    return {
      negative,
      whole: whole.replace(/^0+(?=\d)/, ''),
      fraction: fraction.replace(/0+$/, ''),
    };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const magnitude =
    x.whole.length - y.whole.length ||
    (x.whole < y.whole ? -1 : x.whole > y.whole ? 1 : 0) ||
    (x.fraction < y.fraction ? -1 : x.fraction > y.fraction ? 1 : 0);
  return x.negative ? -magnitude : magnitude;
}

/** The result's row order under `sort`; ties keep the query's order. */
function sortedOrder(
  result: QueryResult,
  column: Column,
  descending: boolean,
  locale: Locale,
): Uint32Array {
  return kept(orders, result.rows, `${locale} ${column.index} ${descending}`, () => {
    const compare = comparator(column, locale);
    const order = Uint32Array.from(result.rows.keys());
    const value = (i: number) => result.rows[i]?.[column.index];
    return order.sort((i, j) => {
      const a = value(i);
      const b = value(j);
      const missingA = a === null || a === undefined;
      const missingB = b === null || b === undefined;
      if (missingA || missingB) return missingA === missingB ? i - j : missingA ? 1 : -1;
      return (descending ? compare(b, a) : compare(a, b)) || i - j;
    });
  });
}

/** Each row's cells as shown to the reader, folded, for the search. */
function rowTexts(result: QueryResult, columns: readonly Column[], locale: Locale): string[] {
  const key = `${locale} ${columns.map((c) => c.index).join(',')}`;
  return kept(searchTexts, result.rows, key, () =>
    result.rows.map((row) => folded(columns.map((c) => c.text(row[c.index])).join('\u0000'))),
  );
}

/** One page of the table's rows under the view. */
export function viewRows(
  result: QueryResult,
  columns: readonly Column[],
  view: TableView,
  locale: Locale,
  pageSize = tablePageSize,
): ViewedRows {
  const sortColumn = view.sort ? columns[view.sort.column - 1] : undefined;
  let order: ArrayLike<number> = sortColumn
    ? sortedOrder(result, sortColumn, view.sort?.descending === true, locale)
    : Uint32Array.from(result.rows.keys());
  if (view.search) {
    const needle = folded(view.search);
    // The reader searches what they see: hidden columns are left out.
    const searched = view.show ? columns.filter((_, i) => view.show?.includes(i + 1)) : columns;
    const texts = rowTexts(result, searched, locale);
    order = Array.from(order).filter((i) => texts[i]?.includes(needle));
  }
  const pages = Math.max(1, Math.ceil(order.length / pageSize));
  const page = Math.min(view.page, pages);
  const rows: unknown[][] = [];
  for (let k = (page - 1) * pageSize; k < Math.min(order.length, page * pageSize); k++)
    rows.push(result.rows[order[k] as number] ?? []);
  const matched = order;
  return {
    rows,
    matching: order.length,
    page,
    pages,
    ...(sortColumn && view.sort ? { sort: view.sort } : {}),
    ...(view.search
      ? {
          *matchingRows() {
            for (let k = 0; k < matched.length; k++) yield result.rows[matched[k] as number] ?? [];
          },
        }
      : {}),
  };
}
