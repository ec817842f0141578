import { describe, expect, it } from 'vitest';
import { toDate, toIso } from './dates.js';

describe('toDate', () => {
  const at = '2026-11-25T14:30:00.000Z';
  it.each([
    ['a Date (PostgreSQL)', new Date(at), at],
    ['epoch milliseconds (SQLite)', Date.parse(at), at],
    ['epoch milliseconds as text', String(Date.parse(at)), at],
    ['an ISO timestamp with an offset', '2026-11-25T11:30:00-03:00', at],
    ['a timestamp without an offset, read as UTC', '2026-11-25 14:30:00', at],
    ['a timestamp with a T and no offset', '2026-11-25T14:30', at],
    ['a plain date', '2026-11-25', '2026-11-25T00:00:00.000Z'],
    ['a year', '2019', '2019-01-01T00:00:00.000Z'],
  ])('reads %s', (_, value, expected) => {
    expect(toDate(value)?.toISOString()).toBe(expected);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['text', 'soon'],
    ['an invalid Date', new Date(Number.NaN)],
    ['a boolean', true],
  ])('gives null for %s', (_, value) => {
    expect(toDate(value)).toBeNull();
    expect(toIso(value)).toBeNull();
  });
});
