/**
 * Raw query values → values a chart can position. Results are JSON-safe, so numbers may arrive
 * as strings (integers beyond 2^53, exact decimals) and dates always do; a string is parsed to a
 * double for plotting, and anything unreadable becomes `null`.
 */
import { toDate } from '../dates.js';

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Hour of day as a number: `14`, a timestamp's UTC hour, or a `14:30:00` time (→ 14.5). */
export function toHour(value: unknown): number | null {
  if (typeof value === 'string') {
    const time = /^(\d{1,2}):(\d{2})/.exec(value);
    if (time && !value.includes('-')) return Number(time[1]) + Number(time[2]) / 60;
    if (value.includes('-')) {
      const date = toDate(value);
      return date ? date.getUTCHours() + date.getUTCMinutes() / 60 : null;
    }
  }
  if (value instanceof Date) return toHour(value.toISOString());
  return toNumber(value);
}

/**
 * A number written out in decimal digits: an integer beyond 2^53 or an exact decimal (see
 * `QueryResult`). Formatted from the string, which keeps every digit a double would round away.
 */
export function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}
