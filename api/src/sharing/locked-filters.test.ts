import { describe, expect, it } from 'vitest';
import { readFilters } from '../dashboards/filters.js';
import { type FilterSpec, filterSpec } from '../dashboards/spec.js';
import { readLocked, withLocked } from './locked-filters.js';

const filters: FilterSpec[] = [
  { id: 'period', type: 'dateRange', label: { en: 'Period' }, parameter: 'period' },
  {
    id: 'origin',
    type: 'select',
    label: { en: 'Origin' },
    parameter: 'origin',
    multiple: false,
    valueType: 'text',
    options: { values: ['SEA', 'PDX'] },
  },
  {
    id: 'carrier',
    type: 'select',
    label: { en: 'Carrier' },
    parameter: 'carrier',
    multiple: true,
    valueType: 'number',
    options: { values: [1, 2] },
  },
  {
    id: 'delay',
    type: 'numberRange',
    label: { en: 'Delay' },
    parameters: { min: 'dmin', max: 'dmax' },
  },
].map((f) => filterSpec.parse(f));

/** What the filters read once the locked values replace the URL's. */
function lockedRead(locked: Record<string, unknown>, url: Record<string, string | string[]> = {}) {
  const read = readLocked(filters, locked);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const query = withLocked(url, read.query, Object.keys(locked));
  return Object.fromEntries(readFilters(filters, query).map((r) => [r.spec.id, r.value]));
}

describe('readLocked', () => {
  it('reads each kind of filter in the form of its default', () => {
    expect(
      lockedRead({
        period: { start: '2001-01-01', end: '2001-01-31' },
        origin: 'SEA',
        carrier: [1, '2'],
        delay: { min: 10 },
      }),
    ).toEqual({
      period: { type: 'dateRange', value: { start: '2001-01-01', end: '2001-01-31' } },
      origin: { type: 'select', value: ['SEA'] },
      carrier: { type: 'select', value: [1, 2] },
      delay: { type: 'numberRange', min: 10, max: null },
    });
    expect(lockedRead({ period: 'last30days', origin: null, delay: null })).toMatchObject({
      period: { type: 'dateRange', value: 'last30days' },
      origin: null,
      delay: null,
    });
  });

  it('names each lock that does not fit', () => {
    const read = readLocked(filters, {
      nope: 1,
      period: { start: '2001-02-01', end: '2001-01-01' },
      origin: ['SEA', 'PDX'],
      carrier: ['x'],
      delay: { min: 5, max: 1 },
    });
    expect(read).toEqual({
      ok: false,
      issues: [
        { path: 'locked.nope', key: 'validation.unknownFilter', params: { id: 'nope' } },
        { path: 'locked.period', key: 'dashboard.filter.invalidDates' },
        { path: 'locked.origin', key: 'dashboard.filter.oneValue' },
        { path: 'locked.carrier', key: 'dashboard.filter.notNumber' },
        { path: 'locked.delay', key: 'dashboard.filter.minAboveMax' },
      ],
    });
    for (const value of [{}, [], true, { min: 'x' }, { start: 1, end: 2 }])
      expect(readLocked(filters, { delay: value, period: value }).ok).toBe(false);
  });
});

describe('withLocked', () => {
  it('drops every name of a locked filter from the URL, and keeps the rest', () => {
    expect(
      lockedRead(
        { period: 'thisYear', delay: { max: 30 } },
        {
          period: 'custom',
          'period.start': '1990-01-01',
          'period.end': '2030-01-01',
          'delay.min': '-1000',
          origin: 'PDX',
        },
      ),
    ).toMatchObject({
      period: { value: 'thisYear' },
      delay: { min: null, max: 30 },
      origin: { value: ['PDX'] },
    });
  });
});
