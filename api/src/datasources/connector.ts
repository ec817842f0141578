import type { QueryResult } from './result.js';

export const engines = ['duckdb', 'sqlite', 'postgres', 'mysql'] as const;
export type Engine = (typeof engines)[number];

/** A value bound to a placeholder; never spliced into the SQL text. */
export type BoundValue = string | number | boolean | null;

export interface RunOptions {
  /** The engine's work is stopped after this long and the query fails with a timeout (422). */
  timeoutMs: number;
  /** Rows beyond this are not read; the result says `truncated`. */
  maxRows: number;
  /**
   * Values for the statement's placeholders, in order. The SQL uses the connector's own
   * placeholder syntax (`placeholder(i)`), which the parameters compiler writes.
   */
  params?: BoundValue[];
  /** Aborting stops the query in the engine (not just the wait for it) and fails with 499. */
  signal?: AbortSignal;
}

/** What a schema browser shows; `rowEstimate` is the engine's statistics, not a count. */
export interface SchemaInfo {
  schemas: {
    name: string;
    tables: {
      name: string;
      kind: 'table' | 'view';
      rowEstimate: number | null;
      columns: { name: string; type: string; nullable: boolean }[];
      foreignKeys: {
        columns: string[];
        refSchema: string;
        refTable: string;
        refColumns: string[];
      }[];
    }[];
  }[];
}

/**
 * The small interface every engine implements, one module per engine. A connector owns its
 * pool or instance; `close()` releases it.
 *
 * Safety is the connector's job, whatever the caller checked: `run` executes exactly one
 * reading statement in a read-only session or transaction, refuses writes, DDL, file and
 * network access before the statement reaches the engine (HttpError 400 `errors.query.readOnly`
 * or `errors.query.forbiddenFunction`), stops the engine's work at `timeoutMs` (422
 * `errors.query.timeout`) or on `signal` (499 `errors.query.cancelled`), and reads at most
 * `maxRows` rows.
 */
export interface Connector {
  readonly engine: Engine;
  /** The knex client name the query builder compiles for: 'duckdb' | 'sqlite3' | 'pg' | 'mysql2'. */
  readonly dialect: string;
  /** The placeholder for the i-th bound value (0-based): `?` or `$1`. */
  placeholder(index: number): string;
  /** Checks that the database answers; throws an HttpError whose key says why not. */
  test(): Promise<void>;
  /** Schemas, tables and views, columns, foreign keys and row estimates. */
  introspect(): Promise<SchemaInfo>;
  run(sql: string, options: RunOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
