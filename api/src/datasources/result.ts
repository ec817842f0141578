/** The shape of every query's answer, whichever engine gave it: the lowest layer's type. */

/** Every column type a result may report; see `QueryResult` for the value each one carries. */
export const columnTypes = [
  'integer',
  'number',
  'decimal',
  'string',
  'boolean',
  'date',
  'timestamp',
  'time',
  'interval',
  'json',
  'binary',
  'unknown',
] as const;

export type ColumnType = (typeof columnTypes)[number];

/**
 * What every query returns, whichever engine answered. Values are JSON values, the same for
 * the same data on every engine (docs/docs/data-sources.md, "Types", is the reader's copy):
 * - `integer`: a number while within ±(2^53 − 1), else a string of its digits;
 * - `number` (floating point): a number; NaN and ±infinity, which JSON cannot carry, as the
 *   strings `NaN`, `Infinity`, `-Infinity`;
 * - `decimal` (exact numeric/DECIMAL): always a string with every digit the engine holds
 *   (`12345678901234567890.12`), so nothing is rounded through a double; charts parse it;
 * - `date`: `YYYY-MM-DD`; `timestamp`: ISO 8601 in UTC to the millisecond
 *   (`2000-01-01T08:00:00.000Z`), with or without a time zone in the database (a timestamp
 *   without one is read as UTC); infinite ones as the engine writes them (`infinity`);
 * - `time`: as the engine writes it (`13:45:00.5`, `08:00:00+02`);
 * - `interval`: an ISO 8601 duration with a sign per part (`P1Y2M3DT4H5M6.5S`, `P-1D`, `PT0S`);
 * - `json` (json, arrays, structs, maps, unions): the JSON value itself;
 * - `binary`: base64;
 * - `string` (text, uuid, enums and anything else with a text form): the text.
 * NULL is `null` in every column.
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
