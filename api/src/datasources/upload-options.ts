import path from 'node:path';
import { z } from 'zod';
import { HttpError } from '../errors.js';

/**
 * What an upload may say about its file, in the query string beside `name` (the body is the
 * file itself). Every option left out is detected from the file; the preview answers what was
 * detected, and the same options sent back import exactly what was previewed.
 */

export const uploadFormats = ['csv', 'json', 'ndjson', 'xlsx', 'parquet'] as const;
export type UploadFormat = (typeof uploadFormats)[number];

/** The column types an upload may ask for, and the DuckDB type each becomes. */
export const columnKinds = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  decimal: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
} as const;
export type ColumnKind = keyof typeof columnKinds;
const kindNames = Object.keys(columnKinds) as [ColumnKind, ...ColumnKind[]];

export const delimiters = [',', ';', '\t', '|'] as const;
export const decimalSeparators = ['.', ','] as const;
export const thousandsSeparators = ['none', '.', ',', ' '] as const;
export const dateFormats = ['iso', 'dd/mm/yyyy', 'mm/dd/yyyy'] as const;
export const encodings = ['utf-8', 'latin1'] as const;

/** Names for the characters a query string or a form field would lose to trimming. */
const named = (names: Record<string, string>) => (value: unknown) =>
  typeof value === 'string' ? (names[value.toLowerCase()] ?? value) : value;

export const uploadOptions = z
  .object({
    name: z.string().min(1).max(255).describe('The file’s name; its extension says its format'),
    table: z.string().min(1).max(63).optional(),
    format: z.enum(uploadFormats).optional().describe('Overrides the extension and Content-Type'),
    delimiter: z
      .preprocess(named({ tab: '\t', comma: ',', semicolon: ';', pipe: '|' }), z.enum(delimiters))
      .optional()
      .describe('CSV: `,` `;` `|` or `tab`'),
    decimal: z.enum(decimalSeparators).optional().describe('CSV: the decimal separator'),
    thousands: z
      .preprocess(named({ space: ' ' }), z.enum(thousandsSeparators))
      .optional()
      .describe('CSV: the thousands separator, `none`, `.`, `,` or `space`'),
    dateFormat: z.enum(dateFormats).optional().describe('CSV: how dates are written'),
    encoding: z
      .preprocess(named({ 'windows-1252': 'latin1', utf8: 'utf-8' }), z.enum(encodings))
      .optional()
      .describe('CSV: `utf-8` or `latin1` (Windows-1252)'),
    sheet: z.string().min(1).max(255).optional().describe('Excel: the sheet (default the first)'),
    types: z
      .string()
      .max(20_000)
      .transform((text, ctx) => {
        try {
          return z.record(z.string(), z.enum(kindNames)).parse(JSON.parse(text));
        } catch {
          ctx.addIssue({
            code: 'custom',
            params: { key: 'validation.uploadTypes', params: { kinds: kindNames.join(', ') } },
          });
          return z.NEVER;
        }
      })
      .optional()
      .describe(`JSON \`{"column": "kind"}\`; kinds: ${kindNames.join(', ')}`),
    mode: z
      .enum(['replace', 'append'])
      .default('replace')
      .describe('When the table exists: replace it (default) or append rows'),
  })
  .strict();

export type UploadOptions = z.infer<typeof uploadOptions>;

const byExtension: Record<string, UploadFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.txt': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
  '.parquet': 'parquet',
};
const byContentType: Record<string, UploadFormat> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.apache.parquet': 'parquet',
};

/** The extensions a file may have, as the 415 problem lists them. */
export const uploadExtensions = Object.keys(byExtension);

/**
 * The file's format: what `format` says, else its extension, else its Content-Type (a file
 * named without an extension). A `.json` file of one object per line is NDJSON: `read` tells.
 */
export function formatOf(fileName: string, contentType: string | undefined, format?: UploadFormat) {
  if (format) return format;
  const known =
    byExtension[path.extname(fileName).toLowerCase()] ??
    byContentType[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
  if (known) return known;
  throw new HttpError(415, {
    key: 'errors.upload.format',
    params: { file: path.basename(fileName), allowed: uploadExtensions.join(', ') },
  });
}
