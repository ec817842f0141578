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

/** A query's rows as read, with the columns they hold, and whether the row cap cut them. */
export interface ReadRows {
  columns: QueryResult['columns'];
  rows: unknown[][];
  truncated: boolean;
}

/** The answer to a query that began at `started` (a `performance.now()` reading). */
export function finished(read: ReadRows, started: number): QueryResult {
  const { columns, rows, truncated } = read;
  return {
    columns,
    rows,
    rowCount: rows.length,
    truncated,
    durationMs: performance.now() - started,
  };
}

/**
 * An engine's type codes read as column types, from groups of codes per type; a code in no
 * group is `unknown`.
 */
export function columnTypeLookup<Code>(
  groups: readonly (readonly [ColumnType, readonly Code[]])[],
): (code: Code) => ColumnType {
  const types = new Map(groups.flatMap(([type, codes]) => codes.map((code) => [code, type])));
  return (code) => types.get(code) ?? 'unknown';
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** An engine's 64-bit (or wider) integer: a number while exact, else its digits. */
export function exactInteger(value: bigint): number | string {
  return value <= maxSafe && value >= -maxSafe ? Number(value) : value.toString();
}
