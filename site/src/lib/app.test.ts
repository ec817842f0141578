import { describe, expect, it } from 'vitest';
import { moment, zonedTimeToIso } from './app';

describe('wall times in the reader’s time zone', () => {
  it('reads a datetime-local value in the zone', () => {
    expect(zonedTimeToIso('2026-11-25T21:30', 'UTC')).toBe('2026-11-25T21:30:00.000Z');
    expect(zonedTimeToIso('2026-11-25T21:30', 'America/Sao_Paulo')).toBe(
      '2026-11-26T00:30:00.000Z',
    );
    expect(zonedTimeToIso('2026-07-01T09:00', 'Europe/Lisbon')).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedTimeToIso('2026-01-01T09:00', 'Europe/Lisbon')).toBe('2026-01-01T09:00:00.000Z');
  });

  it('settles the hour after a DST change on the instant that has that wall time', () => {
    // New York springs forward at 02:00 on 2026-03-08: 03:30 is EDT (UTC−4).
    expect(zonedTimeToIso('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToIso('2026-03-07T23:30', 'America/New_York')).toBe('2026-03-08T04:30:00.000Z');
  });

  it('refuses what is not a wall time', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-11-25T24:00', '2026-11-25 10:00', 'x'])
      expect(zonedTimeToIso(bad, 'UTC'), bad).toBeNull();
  });

  it('formats moments by locale in the zone', () => {
    const iso = '2026-11-26T00:30:00.000Z';
    expect(moment('pt-BR', 'America/Sao_Paulo', iso)).toBe('25/11/2026, 21:30');
    expect(moment('en', 'UTC', iso)).toBe('11/26/2026, 12:30 AM');
  });
});
