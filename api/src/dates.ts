/**
 * The one reading of a timestamp, for metadata rows and query results alike: PostgreSQL gives
 * `Date`s, SQLite epoch milliseconds (a number, or a string of digits from some drivers), and
 * query results JSON-safe strings. Anything unreadable is `null`, never an Invalid Date.
 */

// A timestamp without an offset is UTC by contract; `new Date()` would read it as local time.
const LOCAL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
// Epoch milliseconds as text; shorter digit strings are years (`'2019'`), which Date reads as such.
const EPOCH_MILLISECONDS = /^-?\d{10,}$/;

export function toDate(value: unknown): Date | null {
  let date: Date | null = null;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && value.trim() !== '') {
    const local = LOCAL_TIMESTAMP.exec(value);
    if (local) date = new Date(`${local[1]}T${local[2]}Z`);
    else date = new Date(EPOCH_MILLISECONDS.test(value) ? Number(value) : value);
  }
  return date && Number.isFinite(date.getTime()) ? date : null;
}

export function toIso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}
