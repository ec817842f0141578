import type { SubscriptionSummary } from '@painel/api/site';
import { dateFormat, type Locale, type Translate } from '@painel/i18n';

export type Schedule = SubscriptionSummary['schedule'];
export type Weekday = Extract<Schedule, { kind: 'weekly' }>['days'][number];

/** The week in the order people read it; the API's own order starts on Sunday, as cron does. */
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// 2024-01-01 was a Monday: the names come from Intl, so each language has its own.
const monday = Date.UTC(2024, 0, 1);

/** A weekday's name in the reader's language: `Monday`, `segunda-feira`. */
export function weekdayName(locale: Locale, day: Weekday): string {
  return dateFormat(locale, { weekday: 'long' }).format(
    monday + weekdays.indexOf(day) * 86_400_000,
  );
}

/** `HH:MM` as the reader's language writes a time of day: `08:30 AM` (en), `08:30` (pt-BR). */
export function timeOfDay(locale: Locale, time: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(
    Date.UTC(1970, 0, 1, hour, minute),
  );
}

/**
 * A schedule in words, in its time zone: "Weekly on Monday and Thursday at 08:00 AM
 * (America/Sao_Paulo)". A cron expression is shown as it is: no sentence says it better.
 */
export function scheduleWords(
  schedule: Schedule,
  timeZone: string,
  locale: Locale,
  t: Translate,
): string {
  const when = (() => {
    switch (schedule.kind) {
      case 'hourly':
        return t('subscriptions.when.hourly', { minute: schedule.minute });
      case 'daily':
        return t('subscriptions.when.daily', { time: timeOfDay(locale, schedule.time) });
      case 'weekly': {
        const days = weekdays.filter((d) => schedule.days.includes(d));
        return t('subscriptions.when.weekly', {
          days: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
            days.map((d) => weekdayName(locale, d)),
          ),
          time: timeOfDay(locale, schedule.time),
        });
      }
      case 'monthly':
        return t(
          schedule.day === 'last' ? 'subscriptions.when.monthlyLast' : 'subscriptions.when.monthly',
          { day: schedule.day, time: timeOfDay(locale, schedule.time) },
        );
      case 'cron':
        return t('subscriptions.when.cron', { cron: schedule.cron });
    }
  })();
  return t('subscriptions.when.inZone', { when, zone: timeZone });
}
