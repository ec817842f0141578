import type { Locale } from '@painel/i18n';
import type { ColumnType, QueryResult } from '../datasources/result.js';
import { toDate } from '../dates.js';
import { ChartError } from './chart-error.js';
import { encodingLabel } from './localized-text.js';
import type { Encoding, ValueFormat } from './spec.js';
import {
  type Formatter,
  inferFormat,
  isNumericFormat,
  shortFormatter,
  tickFormatter,
  valueFormatter,
} from './value-format.js';
import { toHour, toNumber } from './values.js';

/** How a column is placed on an axis: a quantity, a point in time, or a named category. */
export type ColumnKind = 'number' | 'date' | 'category';

/** A value a Plot channel can position. */
export type ChannelValue = number | Date | string;

/** One result column as a chart sees it: where it is, what it is called, how it is shown. */
export interface Column {
  field: string;
  index: number;
  label: string;
  format: ValueFormat;
  kind: ColumnKind;
  numeric: boolean;
  /** Reader text for a raw value in full (cells, tooltips, descriptions). */
  text: Formatter;
  /** Reader text where space is short (KPI values, data labels): `20M` rather than every digit. */
  short: Formatter;
  /** Reader text for an axis tick Plot chose. */
  tick: Formatter;
  /** The raw value as a channel value; `null` when missing or unreadable. */
  value(raw: unknown): ChannelValue | null;
}

/** Binds an encoding to the query result's column of that name. */
export function resolveColumn(encoding: Encoding, result: QueryResult, locale: Locale): Column {
  const index = result.columns.findIndex((c) => c.name === encoding.field);
  if (index < 0) {
    throw new ChartError('missingColumn', {
      column: encoding.field,
      available: result.columns.map((c) => `"${c.name}"`).join(', '),
      count: result.columns.length,
    });
  }
  const type: ColumnType | undefined = result.columns[index]?.type;
  const sample = result.rows.find((row) => row[index] != null)?.[index];
  const format = encoding.format ?? inferFormat(type, sample);
  const kind = kindOf(format);
  const numeric = isNumericFormat(format);
  return {
    field: encoding.field,
    index,
    label: encodingLabel(encoding, locale),
    format,
    kind,
    numeric,
    text: valueFormatter(format, locale),
    short: shortFormatter(format, locale),
    tick: tickFormatter(format, locale, numeric ? largest(result.rows, index) : 0),
    value: channelValue(format, kind),
  };
}

/** The largest size in a column, which decides whether its axis reads compactly. */
function largest(rows: readonly unknown[][], index: number): number {
  let max = 0;
  for (const row of rows) {
    const n = toNumber(row[index]);
    if (n !== null) max = Math.max(max, Math.abs(n));
  }
  return max;
}

function kindOf(format: ValueFormat): ColumnKind {
  switch (format.style) {
    case 'date':
    case 'month':
      return 'date';
    case 'text':
      return 'category';
    default:
      // Hours of the day are quantities: 0–23 on a linear axis keeps the gaps honest.
      return 'number';
  }
}

function channelValue(
  format: ValueFormat,
  kind: ColumnKind,
): (raw: unknown) => ChannelValue | null {
  if (format.style === 'hour') return toHour;
  if (kind === 'number') return toNumber;
  if (kind === 'date') return toDate;
  return (raw) => (raw == null ? null : String(raw));
}
