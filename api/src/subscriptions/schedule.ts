import { Cron } from 'croner';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { isTimeZone } from '../http/time-zone.js';

/**
 * When a subscription sends: a few kinds people pick from a form, or a cron expression for the
 * rest. Every kind becomes a five-field cron read in the subscription's time zone by croner,
 * which also walks daylight-saving changes (the jobs' schedules use it the same way).
 */

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hourly'), minute: z.number().int().min(0).max(59) }).strict(),
  z.object({ kind: z.literal('daily'), time }).strict(),
  z
    .object({
      kind: z.literal('weekly'),
      days: z.array(z.enum(weekdays)).min(1).max(7),
      time,
    })
    .strict(),
  z
    .object({
      kind: z.literal('monthly'),
      day: z.union([z.number().int().min(1).max(31), z.literal('last')]),
      time,
    })
    .strict(),
  z
    .object({
      kind: z.literal('cron'),
      cron: z.string().min(1).max(200).describe('Five fields: minute hour day month weekday'),
    })
    .strict(),
]);
export type Schedule = z.infer<typeof schedule>;

/** An IANA name the runtime knows; checked by `checkSchedule` so the answer can name it. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .describe('IANA time zone, e.g. America/Sao_Paulo');

const hm = (t: string) => t.split(':').map(Number) as [number, number];

/** The schedule as a five-field cron pattern (croner's `L` is the month's last day). */
export function toCron(s: Schedule): string {
  switch (s.kind) {
    case 'hourly':
      return `${s.minute} * * * *`;
    case 'daily': {
      const [h, m] = hm(s.time);
      return `${m} ${h} * * *`;
    }
    case 'weekly': {
      const [h, m] = hm(s.time);
      const days = [...new Set(s.days)].sort((a, b) => weekdays.indexOf(a) - weekdays.indexOf(b));
      return `${m} ${h} * * ${days.map((d) => weekdays.indexOf(d)).join(',')}`;
    }
    case 'monthly': {
      const [h, m] = hm(s.time);
      return `${m} ${h} ${s.day === 'last' ? 'L' : s.day} * *`;
    }
    case 'cron':
      return s.cron.trim();
  }
}

function cronOf(s: Schedule, zone: string): Cron {
  return new Cron(toCron(s), { timezone: zone, paused: true });
}

/**
 * Refuses, with a 422 naming what is wrong, a time zone the runtime does not know and a cron
 * expression croner cannot read (with croner's own words) or that does not have five fields
 * (croner would read a sixth as seconds, and send every second).
 */
export function checkSchedule(s: Schedule, zone: string): void {
  if (!isTimeZone(zone))
    throw new HttpError(422, {
      key: 'errors.subscription.unknownTimeZone',
      params: { zone },
      errors: [{ path: 'timeZone', key: 'validation.unknownTimeZone', params: { zone } }],
    });
  if (s.kind !== 'cron') return;
  const cron = s.cron.trim();
  const invalid = (reason: string) =>
    new HttpError(422, {
      key: 'errors.subscription.invalidCron',
      params: { cron },
      engineMessage: reason,
      errors: [{ path: 'schedule.cron', key: 'validation.invalidCron', params: { cron } }],
    });
  if (cron.split(/\s+/).length !== 5) throw invalid('a cron expression has five fields');
  try {
    cronOf(s, zone);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

/** The first slot after `after`, or null when the schedule never fires again. */
export function nextSlot(s: Schedule, zone: string, after: Date): Date | null {
  return cronOf(s, zone).nextRun(after);
}

/**
 * Slots older than this are not sent after downtime: only the latest one within it is. A month
 * and a day, so that the slot of a monthly schedule is still found after a long outage.
 */
export const lookBackMs = 32 * 86_400_000;

/**
 * The latest slot at or before `now` and after `after` (the last one claimed), or null when
 * none has come since. After downtime this is one slot, the latest, never a backlog.
 */
export function latestSlot(s: Schedule, zone: string, after: Date | null, now: Date): Date | null {
  const cron = cronOf(s, zone);
  const floor = now.getTime() - lookBackMs;
  let from = new Date(Math.max(after?.getTime() ?? floor, floor));
  let latest: Date | null = null;
  for (let slot = cron.nextRun(from); slot && slot.getTime() <= now.getTime(); ) {
    latest = slot;
    from = slot;
    slot = cron.nextRun(from);
  }
  return latest;
}
