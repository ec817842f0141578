import { sqlName, sqlString } from './upload-files.js';
import { type ColumnKind, columnKinds, type dateFormats } from './upload-options.js';

/**
 * How the text of an uploaded value becomes a number or a date: the separators and date format
 * a file uses (detected from its first records unless the upload says), and the SQL that
 * converts a text column to each kind. The conversions never guess: a value that does not fit
 * the whole pattern is not converted (`1.5` is no integer, `2026-11-25 10:00` no date).
 */

export interface TextSettings {
  decimal: '.' | ',';
  thousands: 'none' | '.' | ',' | ' ';
  dateFormat: (typeof dateFormats)[number];
}

const commaDecimal = /^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+$/;
const dotDecimal = /^[-+]?(\d{1,3}(,\d{3})+|\d+)\.\d+$/;
// `1.234` and `1,234` say nothing on their own: a thousand, or one and a bit.
const ambiguous = /^[-+]?\d{1,3}[.,]\d{3}$/;
const slashDate = /^(\d{1,2})\/(\d{1,2})\/\d{4}( |$)/;

/** The settings the sample's values use, where `given` does not say. */
export function detectSettings(
  sample: (string | null)[][],
  given: Partial<TextSettings>,
): TextSettings {
  const values = sample.flat().flatMap((v) => (v === null ? [] : [v.trim()]));
  const count = (pattern: RegExp) =>
    values.filter((v) => pattern.test(v) && !ambiguous.test(v)).length;
  const decimal = given.decimal ?? (count(commaDecimal) > count(dotDecimal) ? ',' : '.');
  const grouped = (sep: string) =>
    new RegExp(
      `^[-+]?\\d{1,3}(${sep === '.' ? '\\.' : sep}\\d{3})+(${decimal === '.' ? '\\.' : ','}\\d+)?$`,
    );
  const thousands =
    given.thousands ??
    (decimal === ','
      ? values.some((v) => grouped('.').test(v))
        ? '.'
        : values.some((v) => grouped(' ').test(v))
          ? ' '
          : 'none'
      : values.some((v) => grouped(',').test(v))
        ? ','
        : 'none');
  let dateFormat = given.dateFormat;
  if (!dateFormat) {
    const dates = values.flatMap((v) => {
      const m = slashDate.exec(v);
      return m ? [[Number(m[1]), Number(m[2])] as const] : [];
    });
    if (dates.length === 0) dateFormat = 'iso';
    else if (dates.some(([a]) => a > 12)) dateFormat = 'dd/mm/yyyy';
    else if (dates.some(([, b]) => b > 12)) dateFormat = 'mm/dd/yyyy';
    // Nothing tells: a file with decimal commas is from where days come first.
    else dateFormat = decimal === ',' ? 'dd/mm/yyyy' : 'mm/dd/yyyy';
  }
  return { decimal, thousands, dateFormat };
}

/** The order kinds are tried in when inferring a text column's type. */
export const inferenceOrder = ['integer', 'decimal', 'date', 'timestamp', 'boolean'] as const;

/** `'%d/%m/%Y'` for a date format, or undefined for ISO. */
const strptime = (format: TextSettings['dateFormat']) =>
  format === 'dd/mm/yyyy' ? '%d/%m/%Y' : format === 'mm/dd/yyyy' ? '%m/%d/%Y' : undefined;

/**
 * SQL turning the text column `name` into `kind` with `settings`: NULL for an empty value and
 * for one that does not fit. With `strict`, a number with a leading zero (a postcode, an
 * account code) does not fit either: inference keeps such columns as text.
 */
export function textToKind(
  name: string,
  kind: ColumnKind,
  settings: TextSettings,
  strict = false,
): string {
  const value = `nullif(trim(${sqlName(name)}), '')`;
  let number = value;
  if (settings.thousands !== 'none')
    number = `replace(${number}, ${sqlString(settings.thousands)}, '')`;
  if (settings.decimal === ',') number = `replace(${number}, ',', '.')`;
  const leadingZero = strict ? `AND NOT regexp_matches(${value}, '^[-+]?0[0-9]')` : '';
  const format = strptime(settings.dateFormat);
  switch (kind) {
    case 'text':
      return value;
    case 'integer':
      return `CASE WHEN regexp_full_match(${number}, '[-+]?[0-9]+') ${leadingZero} THEN TRY_CAST(${number} AS BIGINT) END`;
    case 'decimal':
      return `CASE WHEN regexp_full_match(${number}, '[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?') ${leadingZero} THEN TRY_CAST(${number} AS DOUBLE) END`;
    case 'date':
      return format
        ? `TRY_CAST(try_strptime(${value}, ${sqlString(format)}) AS DATE)`
        : `CASE WHEN regexp_full_match(${value}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(${value} AS DATE) END`;
    case 'timestamp':
      return format
        ? `try_strptime(${value}, [${[' %H:%M:%S', ' %H:%M'].map((t) => sqlString(format + t)).join(', ')}])`
        : `TRY_CAST(${value} AS TIMESTAMP)`;
    case 'boolean':
      return strict
        ? `CASE WHEN lower(${value}) IN ('true', 'false') THEN lower(${value}) = 'true' END`
        : `TRY_CAST(${value} AS BOOLEAN)`;
  }
}

/** The kind a DuckDB type is shown as, or `other` (lists, structs, blobs…: kept as they are). */
export function kindOfEngineType(type: string): ColumnKind | 'other' {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t))
    return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'decimal';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'VARCHAR') return 'text';
  return 'other';
}

/** SQL turning a column of a typed file (JSON, Parquet) into `kind`. */
export function typedToKind(name: string, kind: ColumnKind): string {
  return `TRY_CAST(${sqlName(name)} AS ${columnKinds[kind]})`;
}
