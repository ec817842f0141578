import { describe, expect, it } from 'vitest';
import { keptFields, nextSort, tableHref } from './table-links';

describe('tableHref', () => {
  const page = new URLSearchParams('origin=SEA&origin=PDX&routes.page=3&routes.q=sea&other.sort=2');
  it.each([
    [
      'sorts from the first page',
      { sort: '-2' },
      '?origin=SEA&origin=PDX&routes.q=sea&other.sort=2&routes.sort=-2#card-routes',
    ],
    [
      'goes to a page',
      { page: 4 },
      '?origin=SEA&origin=PDX&routes.page=4&routes.q=sea&other.sort=2#card-routes',
    ],
    [
      'leaves the first page out',
      { page: 1 },
      '?origin=SEA&origin=PDX&routes.q=sea&other.sort=2#card-routes',
    ],
  ])('%s', (_, changes, expected) => {
    expect(tableHref(page, 'routes', changes)).toBe(expected);
  });
});

it('keeps the filters and other tables for the search form, not this table’s search or page', () => {
  const page = new URLSearchParams('origin=SEA&routes.page=3&routes.q=sea&routes.sort=2');
  expect(keptFields(page, 'routes')).toEqual([
    ['origin', 'SEA'],
    ['routes.sort', '2'],
  ]);
});

it.each([
  [2, undefined, '2'],
  [2, { column: 2, descending: false }, '-2'],
  [2, { column: 2, descending: true }, '2'],
  [3, { column: 2, descending: false }, '3'],
])('a header of column %s under %o sorts %s', (column, current, expected) => {
  expect(nextSort(column, current)).toBe(expected);
});
