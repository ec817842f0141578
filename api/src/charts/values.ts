/**
 * Raw query values → values a chart can position. Results are JSON-safe, so numbers may arrive
 * as strings (integers beyond 2^53) and dates always do; anything unreadable becomes `null`.
 */

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

// A timestamp without an offset is UTC by contract; `new Date()` would read it as local time.
const LOCAL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

export function toDate(value: unknown): Date | null {
  let date: Date | null = null;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && value.trim() !== '') {
    const local = LOCAL_TIMESTAMP.exec(value);
    date = new Date(local ? `${local[1]}T${local[2]}Z` : value);
  }
  return date && Number.isFinite(date.getTime()) ? date : null;
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

/** A decimal integer too large for a double: formatted from the string to keep every digit. */
export function isExactInteger(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d{16,}$/.test(value);
}
