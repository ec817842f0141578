import { z } from 'zod';

/** Text an author writes once per language; English is required and is the fallback. */
export const localizedText = z
  .object({ en: z.string().min(1), 'pt-BR': z.string().min(1).optional() })
  .strict();
export type LocalizedText = z.infer<typeof localizedText>;

/** How a value is shown to a reader; the locale decides separators and month names. */
export const valueFormat = z
  .object({
    style: z.enum(['number', 'integer', 'percent', 'currency', 'date', 'month', 'hour', 'text']),
    digits: z.number().int().min(0).max(6).optional(),
    currency: z.string().length(3).optional(),
    unit: localizedText.optional(),
  })
  .strict();
export type ValueFormat = z.infer<typeof valueFormat>;

/** One column of the result bound to a visual channel (or to a table/KPI column). */
export const encoding = z
  .object({
    field: z.string().min(1),
    label: localizedText.optional(),
    format: valueFormat.optional(),
  })
  .strict();
export type Encoding = z.infer<typeof encoding>;

export const chartType = z.enum(['kpi', 'line', 'bar', 'table']);
export type ChartType = z.infer<typeof chartType>;

export const chartSpec = z
  .object({
    type: chartType,
    title: localizedText,
    description: localizedText.optional(),
    encoding: z
      .object({ x: encoding.optional(), y: encoding.optional(), color: encoding.optional() })
      .strict()
      .default({}),
    /** Table columns, or the values a KPI shows (read from the first row). */
    columns: z.array(encoding).optional(),
    options: z
      .object({
        orientation: z.enum(['vertical', 'horizontal']).optional(),
        height: z.number().int().min(80).max(800).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type ChartSpec = z.infer<typeof chartSpec>;

export type ColumnType =
  | 'integer'
  | 'number'
  | 'string'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'time'
  | 'json'
  | 'unknown';

/**
 * What every query returns. Values are JSON-safe: integers beyond 2^53 arrive as strings,
 * dates as `YYYY-MM-DD`, timestamps as ISO 8601 strings in UTC.
 */
export interface QueryResult {
  columns: { name: string; type: ColumnType }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  durationMs: number;
}

/** A chart ready for a page: SVG (or KPI values), a text description, and the data as a table. */
export interface RenderedChart {
  svg?: string;
  kpis?: { label: string; value: string }[];
  /** Plain-language summary generated from the data: what is shown, range, highest, lowest, trend. */
  description: string;
  table: { columns: { label: string; numeric: boolean }[]; rows: string[][] };
}
