import { describe, expect, it } from 'vitest';
import { crossFiltered, type FilterField, formQuery } from './filter-query';

const filters: FilterField[] = [
  { name: 'period', type: 'dateRange' },
  { name: 'origin', type: 'select' },
  { name: 'delay', type: 'numberRange' },
];

const form = (pairs: [string, string][]) => pairs;

describe('formQuery', () => {
  it('keeps the tables’ sort and search, not their page', () => {
    const query = formQuery(
      form([
        ['origin', 'SEA'],
        ['days.sort', '-3'],
        ['days.q', '2014'],
        ['days.page', '4'],
        ['routes.q', ''],
      ]),
      filters.filter((f) => f.name === 'origin'),
    );
    expect(query?.toString()).toBe('origin=SEA&days.sort=-3&days.q=2014');
  });

  it('drops what the server ignores and keeps "no value" explicit', () => {
    const query = formQuery(
      form([
        ['period', 'last30days'],
        ['period.start', ''],
        ['period.end', ''],
        ['origin', ''],
        ['delay.min', ''],
        ['delay.max', ''],
        ['unrelated', 'x'],
      ]),
      filters,
    );
    expect(query?.toString()).toBe('period=last30days&origin=&delay.min=');
  });

  it('sends chosen values without the empty marker, and the dates of a custom range', () => {
    const query = formQuery(
      form([
        ['period', 'custom'],
        ['period.start', '2001-01-01'],
        ['period.end', '2001-01-31'],
        ['origin', ''],
        ['origin', 'SEA'],
        ['origin', 'PDX'],
        ['delay.min', ' 10 '],
        ['delay.max', ''],
      ]),
      filters,
    );
    expect(query?.toString()).toBe(
      'period=custom&period.start=2001-01-01&period.end=2001-01-31&origin=SEA&origin=PDX&delay.min=10',
    );
  });

  it('waits while a custom range lacks a date, unless asked to send it anyway', () => {
    const fields = form([
      ['period', 'custom'],
      ['period.start', '2001-01-01'],
      ['period.end', ''],
    ]);
    expect(formQuery(fields, filters, { waitForDates: true })).toBeNull();
    expect(formQuery(fields, filters)?.get('period.end')).toBe('');
  });
});

describe('crossFiltered', () => {
  it('sets the filter to the clicked value', () => {
    const query = new URLSearchParams('period=thisYear&weather=&weather=sun&weather=rain');
    expect(crossFiltered(query, 'weather', 'fog').toString()).toBe('period=thisYear&weather=fog');
  });

  it('clears the filter when it already held only that value', () => {
    const query = new URLSearchParams('weather=fog');
    expect(crossFiltered(query, 'weather', 'fog').toString()).toBe('weather=');
  });
});
