import { describe, expect, it } from 'vitest';
import {
  filteredOrder,
  nextSort,
  pageOf,
  type QueryResult,
  searchText,
  sortedOrder,
} from './results';

const result: QueryResult = {
  columns: [
    { name: 'city', type: 'string' },
    { name: 'flights', type: 'integer' },
  ],
  rows: [
    ['São Paulo', 1200],
    ['Boston, MA', null],
    ['Say "hi"', 30],
    ['Austin', 1200],
  ],
  rowCount: 4,
  truncated: false,
  durationMs: 3,
  cache: { hit: false, ageMs: 0, expiresInMs: 300_000 },
};
const all = [0, 1, 2, 3];

describe('sortedOrder', () => {
  it('sorts numbers as numbers, keeps ties stable and nulls last both ways', () => {
    expect(sortedOrder(result, all, { column: 1, direction: 'ascending' })).toEqual([2, 0, 3, 1]);
    expect(sortedOrder(result, all, { column: 1, direction: 'descending' })).toEqual([0, 3, 2, 1]);
  });

  it('sorts text by the reader’s collation, accents included', () => {
    expect(sortedOrder(result, all, { column: 0, direction: 'ascending' })).toEqual([3, 1, 0, 2]);
  });

  it('keeps the query’s order without a sort', () => {
    expect(sortedOrder(result, all, null)).toEqual(all);
  });
});

describe('filteredOrder', () => {
  it('keeps rows with a cell that contains the text, raw or as shown, in any case', () => {
    const shown = (_: number, v: unknown) =>
      typeof v === 'number' ? v.toLocaleString('en') : String(v);
    const haystack = searchText(result, shown);
    expect(filteredOrder(haystack, 'boston')).toEqual([1]);
    expect(filteredOrder(haystack, '1,200')).toEqual([0, 3]);
    expect(filteredOrder(haystack, '1200')).toEqual([0, 3]);
    expect(filteredOrder(haystack, 'null')).toEqual([]);
    expect(filteredOrder(haystack, '  ')).toEqual(all);
  });
});

describe('nextSort', () => {
  it('sorts a new column ascending, then flips the direction on each click', () => {
    const first = nextSort(null, 1);
    expect(first).toEqual({ column: 1, direction: 'ascending' });
    const second = nextSort(first, 1);
    expect(second).toEqual({ column: 1, direction: 'descending' });
    expect(nextSort(second, 1)).toEqual({ column: 1, direction: 'ascending' });
    expect(nextSort(second, 0)).toEqual({ column: 0, direction: 'ascending' });
  });
});

describe('pageOf', () => {
  const order = [4, 3, 2, 1, 0];

  it('cuts the rows in pages, in the order given', () => {
    expect(pageOf(order, 0, 2)).toEqual({ rows: [4, 3], current: 0, pages: 3, first: 0 });
    expect(pageOf(order, 2, 2)).toEqual({ rows: [0], current: 2, pages: 3, first: 4 });
  });

  it('shows the last page when the page asked for is past it', () => {
    expect(pageOf(order, 9, 2)).toEqual({ rows: [0], current: 2, pages: 3, first: 4 });
  });

  it('always has one page, even with no rows', () => {
    expect(pageOf([], 3, 100)).toEqual({ rows: [], current: 0, pages: 1, first: 0 });
  });

  it('pages the sorted, filtered rows together', () => {
    const sorted = sortedOrder(result, [0, 2, 3], { column: 1, direction: 'descending' });
    expect(pageOf(sorted, 0, 2).rows).toEqual([0, 3]);
    expect(pageOf(sorted, 1, 2).rows).toEqual([2]);
  });
});
