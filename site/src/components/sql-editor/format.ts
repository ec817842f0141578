/**
 * How result values read on screen: numbers and dates the way the page's language writes them,
 * timestamps in the viewer's time zone. The CSV export never goes through here: it keeps the
 * raw values. Formatters are built once per table (see `cellFormatter`).
 */

// The API's own column types; only the type crosses over, none of its code.
import type { ColumnType, QueryResult } from '@painel/api/browser';
import { secondParts } from '../../lib/moment';

export type { ColumnType };

export type Column = QueryResult['columns'][number];

export const isNumeric = (type: ColumnType) =>
  type === 'integer' || type === 'number' || type === 'decimal';

// Integers beyond 2^53 and exact decimals arrive as their digits.
const decimalText = /^-?\d+(\.\d+)?$/;

export function cellFormatter(locale: string, timeZone: string) {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  // An exact decimal shows its digits, up to 20 decimals (the most every runtime accepts).
  const exact = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
  const date = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  });
  const timestamp = new Intl.DateTimeFormat(locale, { ...secondParts, timeZone });
  /** The text of a non-null value of a column of `type`. */
  return function format(type: ColumnType, value: unknown): string {
    if (typeof value === 'number') {
      return Number.isInteger(value) && type !== 'number'
        ? integer.format(value)
        : decimal.format(value);
    }
    // Intl formats the digits of a string exactly, where a double would round them.
    if (typeof value === 'string' && isNumeric(type) && decimalText.test(value)) {
      return (type === 'decimal' ? exact : integer).format(value as unknown as number);
    }
    if (typeof value === 'string' && (type === 'date' || type === 'timestamp')) {
      const when = new Date(type === 'date' ? `${value.slice(0, 10)}T00:00:00Z` : value);
      if (Number.isNaN(when.getTime())) return value;
      return (type === 'date' ? date : timestamp).format(when);
    }
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}

/** `1234` → `1,234` (en), `1.234` (pt-BR). */
export function formatCount(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A run's duration: `85 ms`, `1.2 s` (en), `1,2 s` (pt-BR). */
export function formatDuration(locale: string, ms: number): string {
  if (ms < 1000) return `${new Intl.NumberFormat(locale).format(Math.round(ms))} ms`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}
