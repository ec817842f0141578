import { type ColumnType, exactInteger } from './result.js';

/** SQLite's values, which carry no column types, as the JSON values and types of result.ts. */

/** A row as node-sqlite3 hands it over: an object keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * The columns of `rows` holding a whole number beyond 2^53. node-sqlite3 hands every integer
 * over as a double, so such an integer has already lost digits (or is a REAL that large).
 */
export function wideColumns(rows: Row[]): string[] {
  const names = rows[0] ? Object.keys(rows[0]) : [];
  const wide = (v: unknown) => Number.isInteger(v) && !Number.isSafeInteger(v);
  return names.filter((name) => rows.some((row) => wide(row[name])));
}

const digitsColumn = (i: number) => `painel_digits_${i}`;

/**
 * `sql` inside a statement that also returns, for each of the `wide` columns, its INTEGER
 * values as text: `CAST … AS TEXT` keeps every digit the double lost.
 */
export function exactIntegersSql(sql: string, wide: string[]): string {
  const digits = wide.map((name, i) => {
    const column = `q."${name.replaceAll('"', '""')}"`;
    return `CASE WHEN typeof(${column}) = 'integer' THEN CAST(${column} AS TEXT) END AS ${digitsColumn(i)}`;
  });
  return `SELECT q.*, ${digits.join(', ')} FROM (\n${sql.replace(/;\s*$/, '')}\n) AS q`;
}

/** Rows read through `exactIntegersSql`, each wide integer a bigint, the text columns gone. */
export function withExactIntegers(rows: Row[], wide: string[]): Row[] {
  return rows.map((row) => {
    const exact = { ...row };
    wide.forEach((name, i) => {
      const digits = exact[digitsColumn(i)];
      if (typeof digits === 'string' && name in exact) exact[name] = BigInt(digits);
      delete exact[digitsColumn(i)];
    });
    return exact;
  });
}

/**
 * SQLite results carry no column types (a declared type is only an affinity, and each value has
 * its own storage class), so a column's type is read from the values it returned:
 * - every value an integer → 'integer' (0/1 flags too: SQLite has no booleans), beyond 2^53 as
 *   a string of its digits;
 * - numbers, at least one not whole → 'number';
 * - every value a 'YYYY-MM-DD' date → 'date', kept as is;
 * - every value a date or a date and time ('YYYY-MM-DD HH:MM[:SS[.fff]]', space or 'T', an
 *   optional 'Z' or ±HH:MM), at least one with a time → 'timestamp', as ISO 8601 UTC with 'Z'.
 *   A time without a zone is UTC: that is what SQLite's own datetime() writes;
 * - every value 'HH:MM[:SS[.fff]]' → 'time', kept as is;
 * - every value a blob → 'binary', as base64; blobs mixed with other values → 'unknown';
 * - anything else (text, or text mixed with numbers) → 'string', numbers written as text;
 * - nulls only (or no rows) → 'unknown'.
 * Nulls are ignored. The driver hands every number over as a double: a whole REAL (5.0) reads
 * as an integer. Integers beyond 2^53 arrive as bigints (see `exactIntegersSql`); a whole
 * double that large is a REAL, so its column is 'number'.
 */
export function toColumn(values: unknown[]): {
  type: ColumnType;
  value: (raw: unknown) => unknown;
} {
  const present = values.filter((v) => v !== null && v !== undefined);
  const asIs = (raw: unknown) => jsonSafe(raw);
  if (present.length === 0) return { type: 'unknown', value: asIs };
  if (present.every((v) => Buffer.isBuffer(v))) return { type: 'binary', value: asIs };
  if (present.some((v) => Buffer.isBuffer(v))) return { type: 'unknown', value: asIs };
  if (present.every((v) => typeof v === 'number' || typeof v === 'bigint')) {
    const whole = present.every((v) => typeof v === 'bigint' || Number.isSafeInteger(v));
    return { type: whole ? 'integer' : 'number', value: asIs };
  }
  if (present.every((v) => typeof v === 'string')) {
    if (present.every((v) => datePattern.test(v) && timestamp(v) !== null)) {
      return { type: 'date', value: asIs };
    }
    if (present.every((v) => timestamp(v) !== null)) {
      return {
        type: 'timestamp',
        value: (raw) => (typeof raw === 'string' ? timestamp(raw) : null),
      };
    }
    if (present.every((v) => timePattern.test(v))) return { type: 'time', value: asIs };
  }
  return {
    type: 'string',
    value: (raw) =>
      typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : (raw ?? null),
  };
}

function jsonSafe(raw: unknown): unknown {
  if (raw === undefined) return null;
  if (Buffer.isBuffer(raw)) return raw.toString('base64');
  if (typeof raw === 'bigint') return exactInteger(raw);
  if (typeof raw === 'number' && !Number.isFinite(raw)) return String(raw);
  return raw;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:\d{2})?$/i;

/** A SQLite date or time string as ISO 8601 UTC, or null when it is not a real instant. */
function timestamp(text: string): string | null {
  const m = timestampPattern.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = Number((m[7] ?? '.0').slice(1, 4).padEnd(3, '0'));
  const zone = m[8]?.toUpperCase();
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day);
  date.setUTCHours(hour ?? 0, minute, second, ms);
  if (
    date.getUTCMonth() !== (month ?? 1) - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return null;
  }
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offset = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    date.setTime(date.getTime() - sign * offset * 60_000);
  }
  return date.toISOString();
}
