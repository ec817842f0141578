/**
 * Dates relative to "today" in a reader's time zone: `today-30d` in a date parameter, a
 * `last30days` preset for a date range, the builder's "last N days" filter. They resolve to
 * plain `YYYY-MM-DD` dates before a query is bound or cached, so a cached answer never outlives
 * the day it was computed for and the engine only ever sees concrete dates.
 */

export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** `today`, `yesterday`, or today shifted by whole units: `today-30d`, `today+1w`, `today-3m`. */
export const relativeDatePattern = /^(?:yesterday|today(?:[+-]\d{1,4}[dwmqy])?)$/;

/** Date-range presets, each ending today (the last N days) or on a calendar boundary. */
export const dateRangePresets = [
  'today',
  'yesterday',
  'last7days',
  'last30days',
  'last90days',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
  'yearToDate',
] as const;
export type DateRangePreset = (typeof dateRangePresets)[number];

const unitByLetter: Record<string, DateUnit> = {
  d: 'day',
  w: 'week',
  m: 'month',
  q: 'quarter',
  y: 'year',
};

// Making a formatter costs far more than formatting: every dashboard card asks for "today". One
// per time zone, and there are only so many zones.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date (`YYYY-MM-DD`) in an IANA time zone. */
export function todayIn(timeZone: string, now: number): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/**
 * `isoDate` moved by `amount` units (negative goes back). Months clamp to the month's last day,
 * as people count them: a month before 31 March is 28 or 29 February, not 3 March.
 */
export function shiftDate(isoDate: string, amount: number, unit: DateUnit): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (unit === 'day' || unit === 'week') {
    d.setUTCDate(d.getUTCDate() + amount * (unit === 'week' ? 7 : 1));
    return iso(d);
  }
  const months = amount * { month: 1, quarter: 3, year: 12 }[unit];
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return iso(d);
}

/** The first day of the week (Monday, as ISO and `date_trunc` count), month, quarter or year. */
export function startOf(isoDate: string, unit: Exclude<DateUnit, 'day'>): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (unit === 'week') {
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return iso(d);
  }
  const month = {
    month: d.getUTCMonth(),
    quarter: d.getUTCMonth() - (d.getUTCMonth() % 3),
    year: 0,
  }[unit];
  return iso(new Date(Date.UTC(d.getUTCFullYear(), month, 1)));
}

/** A date parameter's value: a `YYYY-MM-DD` date as it is, a relative one resolved. */
export function resolveDate(value: string, today: string): string {
  if (value === 'today') return today;
  if (value === 'yesterday') return shiftDate(today, -1, 'day');
  const match = /^today([+-]\d+)([dwmqy])$/.exec(value);
  if (!match) return value;
  return shiftDate(today, Number(match[1]), unitByLetter[match[2] ?? 'd'] ?? 'day');
}

/** The first and last day (both included) a preset covers. */
export function resolvePreset(
  preset: DateRangePreset,
  today: string,
): { start: string; end: string } {
  const back = (amount: number, unit: DateUnit) => shiftDate(today, -amount, unit);
  const previous = (unit: 'week' | 'month' | 'quarter' | 'year') => {
    const start = startOf(back(1, unit), unit);
    return { start, end: shiftDate(startOf(today, unit), -1, 'day') };
  };
  switch (preset) {
    case 'today':
      return { start: today, end: today };
    case 'yesterday':
      return { start: back(1, 'day'), end: back(1, 'day') };
    case 'last7days':
      return { start: back(6, 'day'), end: today };
    case 'last30days':
      return { start: back(29, 'day'), end: today };
    case 'last90days':
      return { start: back(89, 'day'), end: today };
    case 'thisWeek':
      return { start: startOf(today, 'week'), end: shiftDate(startOf(today, 'week'), 6, 'day') };
    case 'thisMonth':
      return { start: startOf(today, 'month'), end: endOf(today, 'month') };
    case 'thisQuarter':
      return { start: startOf(today, 'quarter'), end: endOf(today, 'quarter') };
    case 'thisYear':
      return { start: startOf(today, 'year'), end: endOf(today, 'year') };
    case 'yearToDate':
      return { start: startOf(today, 'year'), end: today };
    case 'lastWeek':
      return previous('week');
    case 'lastMonth':
      return previous('month');
    case 'lastQuarter':
      return previous('quarter');
    case 'lastYear':
      return previous('year');
  }
}

function endOf(isoDate: string, unit: 'month' | 'quarter' | 'year'): string {
  return shiftDate(shiftDate(startOf(isoDate, unit), 1, unit), -1, 'day');
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
