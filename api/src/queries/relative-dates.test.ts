import { describe, expect, it } from 'vitest';
import { hasRelativeDates, parameterDefinition, resolveRelativeDates } from './parameters.js';
import { resolveDate, resolvePreset, shiftDate, startOf, todayIn } from './relative-dates.js';

describe('relative dates', () => {
  it('counts today in the reader’s time zone', () => {
    // 02:30 UTC on 25 Nov is still the 24th in São Paulo (UTC−3) and already the 25th in Tokyo.
    const now = Date.parse('2026-11-25T02:30:00Z');
    expect(todayIn('America/Sao_Paulo', now)).toBe('2026-11-24');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-11-25');
    expect(todayIn('UTC', now)).toBe('2026-11-25');
  });

  it('shifts by days, weeks, months, quarters and years, clamping to the month’s end', () => {
    expect(shiftDate('2026-03-31', -1, 'month')).toBe('2026-02-28');
    expect(shiftDate('2024-03-31', -1, 'month')).toBe('2024-02-29');
    expect(shiftDate('2026-01-31', 1, 'quarter')).toBe('2026-04-30');
    expect(shiftDate('2026-11-25', -30, 'day')).toBe('2026-10-26');
    expect(shiftDate('2026-11-25', 2, 'week')).toBe('2026-12-09');
    expect(shiftDate('2024-02-29', 1, 'year')).toBe('2025-02-28');
  });

  it('finds the start of a week (Monday), month, quarter and year', () => {
    // 25 Nov 2026 is a Wednesday.
    expect(startOf('2026-11-25', 'week')).toBe('2026-11-23');
    expect(startOf('2026-11-23', 'week')).toBe('2026-11-23');
    expect(startOf('2026-11-29', 'week')).toBe('2026-11-23');
    expect(startOf('2026-11-25', 'month')).toBe('2026-11-01');
    expect(startOf('2026-11-25', 'quarter')).toBe('2026-10-01');
    expect(startOf('2026-11-25', 'year')).toBe('2026-01-01');
  });

  it('resolves relative date values and leaves plain dates alone', () => {
    const today = '2026-11-25';
    expect(resolveDate('today', today)).toBe('2026-11-25');
    expect(resolveDate('yesterday', today)).toBe('2026-11-24');
    expect(resolveDate('today-30d', today)).toBe('2026-10-26');
    expect(resolveDate('today+1w', today)).toBe('2026-12-02');
    expect(resolveDate('today-1q', today)).toBe('2026-08-25');
    expect(resolveDate('today-1y', today)).toBe('2025-11-25');
    expect(resolveDate('2020-02-02', today)).toBe('2020-02-02');
  });

  it('resolves every preset to the days it covers, both ends included', () => {
    const today = '2026-11-25';
    const cases: [Parameters<typeof resolvePreset>[0], string, string][] = [
      ['today', '2026-11-25', '2026-11-25'],
      ['yesterday', '2026-11-24', '2026-11-24'],
      ['last7days', '2026-11-19', '2026-11-25'],
      ['last30days', '2026-10-27', '2026-11-25'],
      ['last90days', '2026-08-28', '2026-11-25'],
      ['thisWeek', '2026-11-23', '2026-11-29'],
      ['lastWeek', '2026-11-16', '2026-11-22'],
      ['thisMonth', '2026-11-01', '2026-11-30'],
      ['lastMonth', '2026-10-01', '2026-10-31'],
      ['thisQuarter', '2026-10-01', '2026-12-31'],
      ['lastQuarter', '2026-07-01', '2026-09-30'],
      ['thisYear', '2026-01-01', '2026-12-31'],
      ['lastYear', '2025-01-01', '2025-12-31'],
      ['yearToDate', '2026-01-01', '2026-11-25'],
    ];
    for (const [preset, start, end] of cases) {
      expect({ preset, ...resolvePreset(preset, today) }).toEqual({ preset, start, end });
    }
    // Across a year boundary: last month of January is December.
    expect(resolvePreset('lastMonth', '2027-01-15')).toEqual({
      start: '2026-12-01',
      end: '2026-12-31',
    });
  });

  it('resolves parameters before binding, and says when a time zone is needed', () => {
    const parameters = [
      { name: 'day', type: 'date', value: 'today-1d' },
      { name: 'period', type: 'dateRange', value: 'lastMonth' },
      { name: 'span', type: 'dateRange', value: { start: 'today-7d', end: 'today' } },
      { name: 'n', type: 'number', value: 3 },
    ].map((p) => parameterDefinition.parse(p));
    expect(hasRelativeDates(parameters)).toBe(true);
    expect(resolveRelativeDates(parameters, '2026-11-25')).toEqual([
      { name: 'day', type: 'date', value: '2026-11-24' },
      { name: 'period', type: 'dateRange', value: { start: '2026-10-01', end: '2026-10-31' } },
      { name: 'span', type: 'dateRange', value: { start: '2026-11-18', end: '2026-11-25' } },
      { name: 'n', type: 'number', value: 3 },
    ]);
    const plain = [parameterDefinition.parse({ name: 'd', type: 'date', value: '2026-01-01' })];
    expect(hasRelativeDates(plain)).toBe(false);
  });

  it('refuses what is neither a date nor a relative one', () => {
    for (const value of ['tomorrow', 'today-30', 'today - 3d', 'today-30x', 'last31days']) {
      const type = value.startsWith('last') ? 'dateRange' : 'date';
      expect(parameterDefinition.safeParse({ name: 'd', type, value }).success, value).toBe(false);
    }
  });
});
