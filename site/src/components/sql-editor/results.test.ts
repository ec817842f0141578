import { describe, expect, it } from 'vitest';
import { filteredOrder, type QueryResult, searchText, sortedOrder } from './results';

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
  cache: { hit: false, ageMs: 0 },
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
