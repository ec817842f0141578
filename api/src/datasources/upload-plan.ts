import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { HttpError } from '../errors.js';
import {
  detectSettings,
  inferenceOrder,
  kindOfEngineType,
  type TextSettings,
  textToKind,
  typedToKind,
} from './upload-columns.js';
import { sqlName, sqlString } from './upload-files.js';
import type { ColumnKind, UploadFormat, UploadOptions } from './upload-options.js';
import { normaliseSheet } from './upload-sheet.js';
import { detectDelimiter, detectEncoding, lineColumn, normaliseDelimited } from './upload-text.js';

/**
 * How an uploaded file becomes a table: what was detected (or given) about it, each column's
 * type, and the SELECT (Painel's own SQL) that reads it converted. CSV and Excel are first
 * rewritten as plain UTF-8 CSV beside the upload and read as text, so every conversion is
 * Painel's; JSON, NDJSON and Parquet are read by DuckDB with their own types.
 */

export interface Detected {
  format: UploadFormat;
  encoding?: string;
  delimiter?: string;
  decimal?: string;
  thousands?: string;
  dateFormat?: string;
  sheet?: string;
  sheets?: string[];
}

export interface PlannedColumn {
  name: string;
  /** The type it is imported as. */
  type: ColumnKind | 'other';
  /** The type detected from the file, before any override. */
  detectedType: ColumnKind | 'other';
  /** DuckDB's type of a typed file's column (JSON, Parquet). */
  engineType?: string;
}

export interface UploadPlan {
  detected: Detected;
  columns: PlannedColumn[];
  rowCount: number;
  /** The converted rows, in the file's order. */
  query: string;
}

export interface PlanInput {
  /** The received file. */
  file: string;
  fileName: string;
  format: UploadFormat;
  /** Where the CSV rewrite of a CSV or Excel file goes. */
  rewrite: string;
  options: UploadOptions;
  /** Types the upload must have where `options.types` does not say (appending to a table). */
  expectedTypes?: Record<string, ColumnKind>;
}

export async function planUpload(c: DuckDBConnection, input: PlanInput): Promise<UploadPlan> {
  const { options } = input;
  const text = input.format === 'csv' || input.format === 'xlsx';
  const read = text ? await rewritten(input) : await typed(c, input);
  const { detected, relation, names } = read;
  const rows = async (sql: string) =>
    (await run(c, input, sql)).getRowObjectsJson() as Record<string, unknown>[];

  const unknown = Object.keys(options.types ?? {}).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new HttpError(422, {
      key: 'errors.upload.unknownColumn',
      params: { column: unknown.join(', '), columns: names.join(', ') },
    });
  }

  let rowCount: number;
  let found: (ColumnKind | 'other')[];
  if (read.settings) {
    const settings = read.settings;
    const checks = names.flatMap((name, i) => [
      `count(${sqlName(name)}) FILTER (WHERE trim(${sqlName(name)}) <> '') AS "n${i}"`,
      ...inferenceOrder.map(
        (kind) =>
          `count(*) FILTER (WHERE trim(${sqlName(name)}) <> '' AND (${textToKind(name, kind, settings, true)}) IS NULL) AS "${kind}${i}"`,
      ),
    ]);
    const [counts = {}] = await rows(
      `SELECT count(*) AS rows, ${checks.join(', ')} FROM ${relation}`,
    );
    rowCount = Number(counts.rows ?? 0);
    found = names.map((_, i) =>
      Number(counts[`n${i}`]) === 0
        ? 'text'
        : (inferenceOrder.find((kind) => Number(counts[`${kind}${i}`]) === 0) ?? 'text'),
    );
  } else {
    const [counts = {}] = await rows(`SELECT count(*) AS rows FROM ${relation}`);
    rowCount = Number(counts.rows ?? 0);
    found = read.types.map(kindOfEngineType);
  }

  // A header alone, or `[]`, has nothing to import.
  if (rowCount === 0) throw new HttpError(400, { key: 'errors.upload.empty' });

  const columns = names.map((name, i): PlannedColumn => {
    const detectedType = found[i] ?? 'text';
    const type = options.types?.[name] ?? input.expectedTypes?.[name] ?? detectedType;
    return {
      name,
      type,
      detectedType,
      ...(read.settings ? {} : { engineType: read.types[i] ?? '' }),
    };
  });
  const expression = (column: PlannedColumn): string => {
    if (column.type === 'other') return sqlName(column.name);
    if (read.settings) return textToKind(column.name, column.type, read.settings);
    // Kept as the file has it: a Parquet DECIMAL(18,2) stays exact.
    return column.type === column.detectedType
      ? sqlName(column.name)
      : typedToKind(column.name, column.type);
  };

  // A type the file's values were not detected as: the first value that does not fit is named.
  for (const column of columns) {
    if (column.type === column.detectedType || column.type === 'other') continue;
    const given = read.settings
      ? `trim(${sqlName(column.name)}) <> ''`
      : `${sqlName(column.name)} IS NOT NULL`;
    const [bad] = await rows(
      `SELECT ${sqlName(lineColumn)} AS line, CAST(${sqlName(column.name)} AS VARCHAR) AS value FROM ${relation} WHERE ${given} AND (${expression(column)}) IS NULL ORDER BY 1 LIMIT 1`,
    );
    if (bad) {
      throw new HttpError(422, {
        key:
          read.settings && input.format === 'csv'
            ? 'errors.upload.badValue'
            : 'errors.upload.badRow',
        params: {
          line: Number(bad.line),
          column: column.name,
          value: String(bad.value).slice(0, 100),
          type: column.type,
        },
      });
    }
  }

  const select = columns.map((c) => `${expression(c)} AS ${sqlName(c.name)}`).join(', ');
  return {
    detected,
    columns,
    rowCount,
    query: `SELECT ${select} FROM ${relation} ORDER BY ${sqlName(lineColumn)}`,
  };
}

interface Read {
  detected: Detected;
  /** What the rows are read from, with `lineColumn` numbering them. */
  relation: string;
  names: string[];
  /** A text read's separators and date format. */
  settings?: TextSettings;
  /** A typed read's DuckDB types. */
  types: string[];
}

/** A CSV or Excel file, rewritten as Painel's CSV and read as text. */
async function rewritten(input: PlanInput): Promise<Read & { settings: TextSettings }> {
  const { options } = input;
  let detected: Detected;
  let names: string[];
  let settings: TextSettings;
  if (input.format === 'csv') {
    const encoding = options.encoding ?? (await detectEncoding(input.file));
    const delimiter =
      options.delimiter ??
      (/\.(tsv|tab)$/i.test(input.fileName) ? '\t' : await detectDelimiter(input.file, encoding));
    const csv = await normaliseDelimited(input.file, input.rewrite, { encoding, delimiter });
    names = csv.columns;
    settings = detectSettings(csv.sample, options);
    detected = { format: 'csv', encoding, delimiter, ...settings };
  } else {
    const sheet = await normaliseSheet(input.file, input.rewrite, {
      fileName: input.fileName,
      sheet: options.sheet,
    });
    names = sheet.columns;
    // Excel keeps numbers and dates as such: they are written out plainly.
    settings = { decimal: '.', thousands: 'none', dateFormat: 'iso' };
    detected = { format: 'xlsx', sheet: sheet.sheet, sheets: sheet.sheets };
  }
  const columns = [lineColumn, ...names]
    .map((name, i) => `${sqlString(name)}: '${i === 0 ? 'BIGINT' : 'VARCHAR'}'`)
    .join(', ');
  const relation = `read_csv(${sqlString(input.rewrite)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
  return { detected, relation, names, settings, types: names.map(() => 'VARCHAR') };
}

/** A JSON, NDJSON or Parquet file, read with its own types. */
async function typed(c: DuckDBConnection, input: PlanInput): Promise<Read> {
  const file = sqlString(input.file);
  const reader =
    input.format === 'parquet'
      ? `read_parquet(${file})`
      : // `auto` reads an array of objects or one object per line, whatever the extension says.
        `read_json(${file}, format = ${input.format === 'ndjson' ? "'newline_delimited'" : "'auto'"})`;
  const described = (await run(c, input, `DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJson();
  const names = described.map((d) => String(d.column_name));
  if (names.includes(lineColumn)) throw new HttpError(400, { key: 'errors.upload.tableName' });
  return {
    detected: { format: input.format },
    relation: `(SELECT row_number() OVER () AS ${sqlName(lineColumn)}, * FROM ${reader})`,
    names,
    types: described.map((d) => String(d.column_type)),
  };
}

/** Runs Painel's SQL on the upload; what DuckDB cannot read is the file's fault (400). */
async function run(c: DuckDBConnection, input: PlanInput, sql: string) {
  try {
    return await c.runAndReadAll(sql);
  } catch (error) {
    throw unreadable(error, input.fileName, [input.file, input.rewrite]);
  }
}

/**
 * A 400 for a file DuckDB could not read, quoting the engine's first line (the rest quotes
 * Painel's SQL) with the paths on this machine replaced by the file's name.
 */
export function unreadable(error: unknown, fileName: string, paths: string[]): HttpError {
  let message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  for (const p of paths) message = message.replaceAll(p, fileName);
  message = message.replaceAll(path.dirname(paths[0] ?? ''), '…');
  return new HttpError(400, {
    key: 'errors.upload.unreadable',
    params: { file: path.basename(fileName) },
    engineMessage: message || undefined,
    cause: error,
  });
}
