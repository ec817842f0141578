/** The shape of every query's answer, whichever engine gave it: the lowest layer's type. */

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
