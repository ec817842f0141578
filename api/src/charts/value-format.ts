import { dateFormat, formatDate, type Locale, numberFormat } from '@painel/i18n';
import type { ColumnType } from '../datasources/result.js';
import { toDate } from '../dates.js';
import { localize } from './localized-text.js';
import type { ValueFormat } from './spec.js';
import { isDecimalText, toHour, toNumber } from './values.js';

/** Turns a raw query value into reader text; `null` and unreadable values become `''`. */
export type Formatter = (value: unknown) => string;

// Keeps "9,3 min" together when a table cell or tooltip wraps.
const NBSP = '\u00a0';

/**
 * The format a column gets when the spec names none: from the type the database reports, or
 * from a sample value when the type is unknown (so numbers still get locale separators).
 */
export function inferFormat(type: ColumnType | undefined, sample?: unknown): ValueFormat {
  switch (type) {
    case 'integer':
      return { style: 'integer' };
    case 'number':
    case 'decimal':
      return { style: 'number' };
    case 'date':
    case 'timestamp':
      return { style: 'date' };
    case 'time':
      return { style: 'hour' };
    default:
      return { style: typeof sample === 'number' ? 'number' : 'text' };
  }
}

/** Whether values of this format are quantities (right-aligned in tables, measured on axes). */
export function isNumericFormat(format: ValueFormat): boolean {
  return ['number', 'integer', 'percent', 'currency'].includes(format.style);
}

/** From this size on, `notation: auto` writes a number compactly where space is short. */
export const compactFrom = 10_000;
/** From this size on, money where space is short drops its cents: `$1,235`, not `$1,234.56`. */
export const wholeCurrencyFrom = 1_000;

// Styles whose values can be large counts or sums; percents and dates never need `20M`.
const compactStyles = new Set<ValueFormat['style']>(['number', 'integer', 'currency']);

/**
 * A formatter for values shown to a reader in full: table cells, tooltips and descriptions.
 * `digits` fixes the fraction digits; the unit follows the value in the reader's language.
 */
export function valueFormatter(format: ValueFormat, locale: Locale): Formatter {
  return withUnit(bareFormatter(format, locale, false), format, locale);
}

/**
 * A formatter for values where space is short — KPI values and data labels: `20M` / `20 mi`
 * from `compactFrom` on (or always, or never, as `notation` says), money without its default
 * cents from `wholeCurrencyFrom` on. Three significant digits keep `12.3M` honest without crowding.
 */
export function shortFormatter(format: ValueFormat, locale: Locale): Formatter {
  const full = valueFormatter(format, locale);
  const notation = format.notation ?? 'auto';
  if (notation === 'standard' || !compactStyles.has(format.style)) return full;
  const compact = withUnit(
    numeric(
      numberFormat(locale, {
        ...styleOptions(format),
        notation: 'compact',
        maximumSignificantDigits: 3,
      }),
    ),
    format,
    locale,
  );
  // Digits the author fixed are kept; only the default cents give way.
  const whole =
    format.style === 'currency' && format.digits === undefined
      ? withUnit(
          numeric(numberFormat(locale, { ...styleOptions(format), maximumFractionDigits: 0 })),
          format,
          locale,
        )
      : full;
  return (value) => {
    const n = toNumber(value);
    if (n === null) return full(value);
    const size = Math.abs(n);
    if (notation === 'compact' || size >= compactFrom) return compact(value);
    return size >= wholeCurrencyFrom ? whole(value) : full(value);
  };
}

/**
 * A formatter for axis ticks: the same separators as the values, but without the unit (the axis
 * label carries it) and without forced trailing zeros, so ticks read `10` rather than `10,0 min`.
 * An axis whose `largest` value reaches `compactFrom` reads `20M` on every tick (under `auto`),
 * so one axis never mixes `5,000` with `10K`.
 */
export function tickFormatter(format: ValueFormat, locale: Locale, largest = 0): Formatter {
  const notation = format.notation ?? 'auto';
  const compact =
    compactStyles.has(format.style) &&
    (notation === 'compact' || (notation === 'auto' && largest >= compactFrom));
  if (!compact) return bareFormatter(format, locale, true);
  return numeric(
    numberFormat(locale, {
      ...styleOptions(format),
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    }),
  );
}

function withUnit(bare: Formatter, format: ValueFormat, locale: Locale): Formatter {
  const unit = localize(format.unit, locale);
  if (!unit) return bare;
  return (value) => {
    const text = bare(value);
    return text === '' ? '' : `${text}${NBSP}${unit}`;
  };
}

// The spec schema makes the code optional; a missing one means US dollars, never the reader's
// own currency, which would change what the number says.
function styleOptions(format: ValueFormat): Intl.NumberFormatOptions {
  return format.style === 'currency'
    ? { style: 'currency', currency: format.currency ?? 'USD' }
    : {};
}

function bareFormatter(format: ValueFormat, locale: Locale, tick: boolean): Formatter {
  const { style, digits } = format;
  switch (style) {
    case 'number':
      return numeric(
        numberFormat(locale, {
          minimumFractionDigits: tick ? 0 : (digits ?? 0),
          maximumFractionDigits: digits ?? 2,
        }),
      );
    case 'integer': {
      const integer = numeric(numberFormat(locale, { maximumFractionDigits: 0 }));
      if (!tick) return integer;
      // A small domain gets ticks at 0.5: rounding them would print the same label twice.
      const fraction = numeric(numberFormat(locale, { maximumFractionDigits: 2 }));
      return (value) => (Number.isInteger(value) ? integer(value) : fraction(value));
    }
    case 'percent':
      return numeric(
        numberFormat(locale, {
          style: 'percent',
          minimumFractionDigits: tick ? 0 : (digits ?? 0),
          maximumFractionDigits: tick ? (digits ?? 0) + 1 : (digits ?? 0),
        }),
      );
    case 'currency':
      return numeric(
        numberFormat(locale, {
          ...styleOptions(format),
          ...(tick ? { minimumFractionDigits: 0 } : {}),
          ...(digits === undefined
            ? {}
            : { minimumFractionDigits: tick ? 0 : digits, maximumFractionDigits: digits }),
        }),
      );
    case 'date':
      return dated((date) => formatDate(locale, date));
    case 'month': {
      const month = dateFormat(locale, { month: 'short', year: 'numeric' });
      return dated((date) => month.format(date));
    }
    case 'hour':
      return hourFormatter(locale);
    case 'text':
      return textFormatter(locale);
  }
}

function numeric(format: Intl.NumberFormat): Formatter {
  return (value) => {
    // Intl formats a decimal string exactly, where Number() would round the last digits away.
    if (isDecimalText(value)) return format.format(value as Intl.StringNumericLiteral);
    const n = toNumber(value);
    return n === null ? '' : format.format(n);
  };
}

function dated(format: (date: Date) => string): Formatter {
  return (value) => {
    const date = toDate(value);
    return date ? format(date) : '';
  };
}

/**
 * `2 PM` in English, `14h` in Portuguese: each locale's own way of naming an hour of the day.
 * Intl gives a bare `14` for 24-hour locales, which reads as a count, so those get an `h`.
 * Fractional hours (a `time` column at 14:30) keep their minutes: `2:30 PM`, `14:30`.
 */
function hourFormatter(locale: Locale): Formatter {
  const hour = dateFormat(locale, { hour: 'numeric' });
  const withMinutes = dateFormat(locale, { hour: 'numeric', minute: '2-digit' });
  const h23 = hour.resolvedOptions().hourCycle === 'h23';
  const count = numberFormat(locale, { maximumFractionDigits: 0 });
  return (value) => {
    const h = toHour(value);
    if (h === null) return '';
    const minutes = Math.round((h - Math.floor(h)) * 60);
    const date = new Date(Date.UTC(1970, 0, 1, Math.floor(h), minutes));
    if (minutes !== 0) return withMinutes.format(date);
    // Intl pads to `03`, where people write `3h`.
    return h23 ? `${count.format(Math.floor(h))}h` : hour.format(date);
  };
}

function textFormatter(locale: Locale): Formatter {
  const number = numeric(numberFormat(locale, { maximumFractionDigits: 2 }));
  return (value) => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number' || typeof value === 'bigint') return number(value);
    if (value instanceof Date) return formatDate(locale, value);
    return String(value);
  };
}
