import type { QueryResult } from '../charts/spec.js';

export type Engine = 'duckdb';

export interface RunOptions {
  /** The engine's work is stopped after this long and the query fails with a timeout. */
  timeoutMs: number;
  /** Rows beyond this are not read; the result says `truncated`. */
  maxRows: number;
  /** Aborting cancels the query in the engine. */
  signal?: AbortSignal;
}

/** The small interface every engine implements (one module per engine). */
export interface Connector {
  readonly engine: Engine;
  /** The SQL dialect name the query builder compiles to. */
  readonly dialect: string;
  /** Checks that the database answers; throws an HttpError saying why not. */
  test(): Promise<void>;
  /** Runs one read-only statement; writes and DDL are refused before they reach the engine. */
  run(sql: string, options: RunOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
