import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { checkSchedule, latestSlot, nextSlot, type Schedule, toCron } from './schedule.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const runs = (s: Schedule, zone: string, from: string, n: number) => {
  const out: string[] = [];
  let at: Date | null = new Date(from);
  for (let i = 0; i < n && at; i++) {
    at = nextSlot(s, zone, at);
    if (at) out.push(at.toISOString());
  }
  return out;
};

describe('toCron', () => {
  it('turns each kind into five fields', () => {
    expect(toCron({ kind: 'hourly', minute: 15 })).toBe('15 * * * *');
    expect(toCron({ kind: 'daily', time: '08:05' })).toBe('5 8 * * *');
    expect(toCron({ kind: 'weekly', days: ['thu', 'mon', 'mon'], time: '07:30' })).toBe(
      '30 7 * * 1,4',
    );
    expect(toCron({ kind: 'monthly', day: 'last', time: '18:00' })).toBe('0 18 L * *');
    expect(toCron({ kind: 'monthly', day: 1, time: '00:00' })).toBe('0 0 1 * *');
    expect(toCron({ kind: 'cron', cron: ' 0 8 * * 1-5 ' })).toBe('0 8 * * 1-5');
  });
});

describe('checkSchedule', () => {
  const refusal = (s: Schedule, zone: string) => {
    try {
      checkSchedule(s, zone);
    } catch (error) {
      return error as HttpError;
    }
    return null;
  };

  it('names an unknown time zone', () => {
    const e = refusal({ kind: 'daily', time: '08:00' }, 'Mars/Olympus_Mons');
    expect(e).toBeInstanceOf(HttpError);
    expect(e?.status).toBe(422);
    expect(e?.key).toBe('errors.subscription.unknownTimeZone');
    expect(e?.params).toEqual({ zone: 'Mars/Olympus_Mons' });
  });

  it('refuses a cron expression with croner’s reason, and one with seconds', () => {
    const bad = refusal({ kind: 'cron', cron: '61 * * * *' }, 'UTC');
    expect(bad?.key).toBe('errors.subscription.invalidCron');
    expect(bad?.engineMessage).toMatch(/minute/);
    expect(refusal({ kind: 'cron', cron: '0 0 8 * * *' }, 'UTC')?.engineMessage).toMatch(/five/);
    expect(refusal({ kind: 'cron', cron: '0 8 * * 1-5' }, 'America/Sao_Paulo')).toBeNull();
  });
});

describe('nextSlot', () => {
  it('keeps the wall-clock time across a daylight-saving change', () => {
    // New York springs forward on 8 March 2026: 08:00 moves from 13:00 to 12:00 UTC.
    expect(
      runs({ kind: 'daily', time: '08:00' }, 'America/New_York', '2026-03-07T00:00:00Z', 3),
    ).toEqual(['2026-03-07T13:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z']);
  });

  it('sends once on the day a time does not exist, and once on the day it happens twice', () => {
    const spring = runs(
      { kind: 'daily', time: '02:30' },
      'America/New_York',
      '2026-03-07T12:00:00Z',
      2,
    );
    // 02:30 does not exist on 8 March: it goes at 03:30 EDT, once.
    expect(spring).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    const fall = runs(
      { kind: 'daily', time: '01:30' },
      'America/New_York',
      '2026-10-31T12:00:00Z',
      2,
    );
    // 01:30 happens twice on 1 November: the first one only.
    expect(fall).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('finds the last day of each month, February included', () => {
    expect(
      runs(
        { kind: 'monthly', day: 'last', time: '09:00' },
        'America/Sao_Paulo',
        '2026-01-15T00:00:00Z',
        3,
      ),
    ).toEqual(['2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
    expect(
      runs({ kind: 'monthly', day: 'last', time: '09:00' }, 'UTC', '2028-02-01T00:00:00Z', 1),
    ).toEqual(['2028-02-29T09:00:00.000Z']);
  });

  it('sends weekly on the chosen days only', () => {
    expect(
      runs(
        { kind: 'weekly', days: ['mon', 'thu'], time: '08:00' },
        'UTC',
        '2026-12-06T12:00:00Z',
        3,
      ),
    ).toEqual(['2026-12-07T08:00:00.000Z', '2026-12-10T08:00:00.000Z', '2026-12-14T08:00:00.000Z']);
  });
});

describe('latestSlot', () => {
  const hourly: Schedule = { kind: 'hourly', minute: 0 };

  it('is the latest slot since the last one claimed, never a backlog', () => {
    const after = new Date('2026-12-01T10:00:00Z');
    // Three days down: one slot, the latest.
    expect(iso(latestSlot(hourly, 'UTC', after, new Date('2026-12-04T10:30:00Z')))).toBe(
      '2026-12-04T10:00:00.000Z',
    );
    // Nothing new since the last claim.
    expect(latestSlot(hourly, 'UTC', after, new Date('2026-12-01T10:59:59Z'))).toBeNull();
    // A slot exactly now counts.
    expect(iso(latestSlot(hourly, 'UTC', after, new Date('2026-12-01T11:00:00Z')))).toBe(
      '2026-12-01T11:00:00.000Z',
    );
  });

  it('crosses a daylight-saving change by the zone’s clock', () => {
    const daily: Schedule = { kind: 'daily', time: '08:00' };
    const after = new Date('2026-03-07T13:00:00Z');
    expect(
      iso(latestSlot(daily, 'America/New_York', after, new Date('2026-03-08T12:00:00Z'))),
    ).toBe('2026-03-08T12:00:00.000Z');
    expect(
      latestSlot(daily, 'America/New_York', after, new Date('2026-03-08T11:59:00Z')),
    ).toBeNull();
  });
});
