import path from 'node:path';
import sqlite3 from 'sqlite3';
import { HttpError } from '../errors.js';
import type { BoundValue, Connector, RunOptions, SchemaInfo } from './connector.js';
import { finished, type QueryResult } from './result.js';
import { checkReadOnly } from './sql-guard.js';
import {
  exactIntegersSql,
  type Row,
  toColumn,
  wideColumns,
  withExactIntegers,
} from './sqlite-values.js';

/** The connector plus what the contract suite needs to see SQLite's work, which no view lists. */
export type SqliteConnector = Connector & {
  /** Statements this connector has in the engine right now (open handles at work). */
  activeStatements(): number;
};

/** A statement's rows, whether the row cap cut them, and the error it ended with. */
interface Read {
  rows: Row[];
  truncated: boolean;
  error: Error | null;
}

/** How long a read waits for another process's write lock before failing. */
const busyMs = 2_000;
// sqlite3_interrupt is lost when it lands before the statement starts stepping (a busy thread
// pool can delay that start): repeat it until the statement reports that it stopped.
const reinterruptMs = 25;

/**
 * A connector on a SQLite file. The path is absolute and already checked by the caller (inside
 * an allowed folder, never Painel's own metadata database). Nothing is opened here: each call
 * opens its own read-only handle and closes it after, so a missing or broken file surfaces in
 * `test()` with a reason, and interrupting one query (timeout, cancel, row cap) never stops
 * another — `sqlite3_interrupt` stops every statement on a handle, and node-sqlite3 runs the
 * statements of one handle side by side, not one after another.
 */
export function openSqlite(file: string): SqliteConnector {
  const busy = new Set<sqlite3.Database>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  async function withHandle<T>(work: (db: sqlite3.Database) => Promise<T>): Promise<T> {
    if (closed) throw new Error('This SQLite connector is closed');
    const task = (async () => {
      const db = await openReadOnly(file);
      busy.add(db);
      try {
        if (closed) throw new Error('This SQLite connector is closed');
        return await work(db);
      } finally {
        await closeHandle(db);
        busy.delete(db);
      }
    })();
    inFlight.add(task);
    try {
      return await task;
    } finally {
      inFlight.delete(task);
    }
  }

  return {
    engine: 'sqlite',
    dialect: 'sqlite3',
    placeholder: () => '?',
    activeStatements: () => busy.size,
    async test() {
      try {
        // Reading the schema reads the file's header: `SELECT 1` would pass on a text file.
        await withHandle((db) => all(db, 'SELECT count(*) FROM sqlite_schema'));
      } catch (error) {
        throw connectionError(error, file);
      }
    },
    async introspect() {
      try {
        return await withHandle(describe);
      } catch (error) {
        throw connectionError(error, file);
      }
    },
    async run(sql, options) {
      checkReadOnly(sql, 'sqlite');
      if (options.signal?.aborted) throw cancelled();
      const started = performance.now();
      try {
        return await withHandle((db) => runOn(db, sql, options, started));
      } catch (error) {
        throw error instanceof HttpError ? error : connectionError(error, file);
      }
    },
    async close() {
      closed = true;
      const stopAll = () => {
        for (const db of busy) interrupt(db);
      };
      stopAll();
      const repeat = setInterval(stopAll, reinterruptMs);
      try {
        await Promise.allSettled([...inFlight]);
      } finally {
        clearInterval(repeat);
      }
    },
  };
}

async function openReadOnly(file: string): Promise<sqlite3.Database> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const handle = new sqlite3.Database(
      file,
      sqlite3.OPEN_READONLY | sqlite3.OPEN_FULLMUTEX,
      (error) => (error ? reject(error) : resolve(handle)),
    );
  });
  try {
    // Behind the statement guard: no writes even to temp tables, and no other database files.
    // Extension loading stays off (it is never enabled on this handle).
    db.configure('limit', sqlite3.LIMIT_ATTACHED, 0);
    db.configure('busyTimeout', busyMs);
    await all(db, 'PRAGMA query_only = 1');
    return db;
  } catch (error) {
    await closeHandle(db);
    throw error;
  }
}

function closeHandle(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

function interrupt(db: sqlite3.Database): void {
  try {
    db.interrupt();
  } catch {
    // Already closing: nothing left to stop.
  }
}

function all(db: sqlite3.Database, sql: string, params: BoundValue[] = []): Promise<Row[]> {
  return new Promise((resolve, reject) =>
    db.all<Row>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

async function runOn(
  db: sqlite3.Database,
  sql: string,
  options: RunOptions,
  started: number,
): Promise<QueryResult> {
  let timedOut = false;
  let aborted = false;
  let repeat: NodeJS.Timeout | undefined;
  const stop = () => {
    interrupt(db);
    repeat ??= setInterval(() => interrupt(db), reinterruptMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const params = options.params ?? [];
  try {
    const first = await readRows(db, sql, params, options.maxRows);
    // A statement cut short at the row cap ends with SQLITE_INTERRUPT: that one is ours.
    if (first.error && !first.truncated) {
      if (timedOut) throw timeout(options.timeoutMs, first.error);
      if (aborted) throw cancelled(first.error);
      // A file that is gone or not a database is the source's fault, not the query's.
      throw fileCodes.has(code(first.error) ?? '') ? first.error : queryError(first.error, sql);
    }
    const read = await rereadExactly(db, sql, params, options.maxRows, first);
    // node-sqlite3 hands rows over as objects keyed by column name: two columns with the same
    // name keep the last value, and names that are array indexes ("1", "2024") come first.
    // Alias such columns; the driver gives no other way to read the names in order.
    const names = read.rows[0] ? Object.keys(read.rows[0]) : await columnNames(db, sql, params);
    const columns = names.map((name) => toColumn(read.rows.map((row) => row[name])));
    return finished(
      {
        columns: names.map((name, i) => ({ name, type: columns[i]?.type ?? 'unknown' })),
        rows: read.rows.map((row) => names.map((name, i) => columns[i]?.value(row[name]) ?? null)),
        truncated: read.truncated,
      },
      started,
    );
  } finally {
    clearTimeout(timer);
    clearInterval(repeat);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The read again with every digit of its integers beyond 2^53, when it has any (see
 * `exactIntegersSql`). The second read is the whole answer, so its rows agree with each other
 * even when the statement is not deterministic. A statement that cannot be wrapped (a PRAGMA),
 * or a second read that fails, leaves the first: its wide numbers are doubles, typed 'number'.
 */
async function rereadExactly(
  db: sqlite3.Database,
  sql: string,
  params: BoundValue[],
  maxRows: number,
  first: Read,
): Promise<Read> {
  const wide = wideColumns(first.rows);
  if (wide.length === 0) return first;
  const second = await readRows(db, exactIntegersSql(sql, wide), params, maxRows);
  if (second.error && !second.truncated) return first;
  return { ...second, rows: withExactIntegers(second.rows, wide) };
}

/**
 * Steps the statement in the engine and keeps at most `maxRows` rows: at the next one the
 * handle is interrupted, so the engine stops reading. node-sqlite3 reports the end of `each`
 * twice — the last rows through `complete`, an error through the row callback before
 * `finalize` calls back — and the two can arrive in either order, so both are awaited.
 */
function readRows(
  db: sqlite3.Database,
  sql: string,
  params: BoundValue[],
  maxRows: number,
): Promise<Read> {
  return new Promise((resolve) => {
    const rows: Row[] = [];
    let truncated = false;
    let error: Error | null = null;
    let waiting = 2;
    const settle = () => {
      if (--waiting === 0) resolve({ rows, truncated, error });
    };
    const statement = db.prepare(sql, (prepareError: Error | null) => {
      if (prepareError) {
        resolve({ rows, truncated, error: prepareError });
        return;
      }
      statement.each<Row>(
        params,
        (rowError, row) => {
          if (rowError) error ??= rowError;
          else if (rows.length < maxRows) rows.push(row);
          else if (!truncated) {
            truncated = true;
            interrupt(db);
          }
        },
        settle,
      );
      statement.finalize(settle);
    });
  });
}

/**
 * Rows arrive as objects, so an empty result names no columns. Joining the statement, limited
 * to no rows, to a one-row table yields one row of nulls that carries the names without
 * running the statement.
 */
async function columnNames(db: sqlite3.Database, sql: string, params: BoundValue[]) {
  const inner = sql.replace(/;\s*$/, '');
  try {
    const [row] = await all(
      db,
      `SELECT q.* FROM (SELECT 1) LEFT JOIN (SELECT * FROM (\n${inner}\n) LIMIT 0) AS q`,
      params,
    );
    return row ? Object.keys(row) : [];
  } catch {
    return [];
  }
}

async function describe(db: sqlite3.Database): Promise<SchemaInfo> {
  const objects = await all(
    db,
    `SELECT name, type, wr FROM pragma_table_list
      WHERE schema = 'main' AND type IN ('table', 'view', 'virtual')
        AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      ORDER BY name`,
  );
  const estimates = new Map<string, number>();
  const [stats] = await all(db, "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'");
  if (stats) {
    // The first number of each stat row is the table's row count when ANALYZE ran.
    const rows = await all(
      db,
      'SELECT tbl, max(CAST(stat AS INTEGER)) AS n FROM sqlite_stat1 GROUP BY tbl',
    );
    for (const row of rows) estimates.set(String(row.tbl), Number(row.n));
  }
  const tables = [];
  for (const object of objects) {
    const name = String(object.name);
    const kind = object.type === 'view' ? ('view' as const) : ('table' as const);
    tables.push({
      name,
      kind,
      rowEstimate: kind === 'table' ? (estimates.get(name) ?? null) : null,
      columns: await columnsOf(db, name, Boolean(object.wr)),
      foreignKeys: kind === 'table' ? await foreignKeysOf(db, name) : [],
    });
  }
  return { schemas: [{ name: 'main', tables }] };
}

async function columnsOf(db: sqlite3.Database, table: string, withoutRowid: boolean) {
  let rows: Row[];
  try {
    // hidden = 1 marks a virtual table's hidden columns; 2 and 3 are generated columns.
    rows = await all(db, 'SELECT * FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid', [
      table,
    ]);
  } catch {
    // A view over a dropped table cannot be described; it is still listed.
    return [];
  }
  const keyColumns = rows.filter((c) => Number(c.pk) > 0);
  return rows.map((c) => {
    const type = String(c.type ?? '');
    // An INTEGER PRIMARY KEY is the rowid, and WITHOUT ROWID keys are NOT NULL: neither can
    // be null though the pragma does not say so.
    const implicitNotNull =
      Number(c.pk) > 0 &&
      (withoutRowid || (keyColumns.length === 1 && type.toUpperCase() === 'INTEGER'));
    return { name: String(c.name), type, nullable: Number(c.notnull) === 0 && !implicitNotNull };
  });
}

async function foreignKeysOf(db: sqlite3.Database, table: string) {
  const rows = await all(db, 'SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq', [table]);
  const byId = new Map<number, Row[]>();
  for (const row of rows) byId.set(Number(row.id), [...(byId.get(Number(row.id)) ?? []), row]);
  const keys = [];
  for (const parts of byId.values()) {
    const refTable = String(parts[0]?.table);
    let refColumns = parts.map((p) => p.to);
    // `REFERENCES customers` with no column names the parent's primary key.
    if (refColumns.some((c) => c === null)) {
      const pk = await all(db, 'SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [
        refTable,
      ]);
      refColumns = pk.map((c) => c.name);
    }
    keys.push({
      columns: parts.map((p) => String(p.from)),
      refSchema: 'main',
      refTable,
      refColumns: refColumns.map(String),
    });
  }
  return keys;
}

function timeout(timeoutMs: number, cause: unknown): HttpError {
  return new HttpError(422, {
    key: 'errors.query.timeout',
    params: { seconds: timeoutMs / 1000 },
    cause,
  });
}

function cancelled(cause?: unknown): HttpError {
  return new HttpError(499, { key: 'errors.query.cancelled', cause });
}

/** node-sqlite3 prefixes the engine's message with its result code name. */
function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^SQLITE_[A-Z_]+: /, '');
}

function code(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
}

// Result codes that mean the file is missing, unreadable or not a SQLite database.
const fileCodes = new Set(['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_PERM']);

/**
 * Why the database cannot be used. The file is named by its base name only: the folder it
 * sits in on the server is not the user's business.
 */
function connectionError(error: unknown, file: string): HttpError {
  if (error instanceof HttpError) return error;
  if (fileCodes.has(code(error) ?? '')) {
    return new HttpError(400, {
      key: 'errors.dataSource.file',
      params: { file: path.basename(file) },
      cause: error,
    });
  }
  return new HttpError(400, {
    key: 'errors.dataSource.failed',
    engineMessage: engineMessage(error),
    cause: error,
  });
}

/**
 * The engine's own words go back to the user: they are what someone fixing SQL needs.
 * node-sqlite3 does not pass on SQLite's error offset, but the message names the token
 * (`near "FORM": syntax error`); when that token occurs once in the SQL, that is the place.
 */
function queryError(error: Error, sql: string): HttpError {
  const message = engineMessage(error);
  const syntax = /syntax error|incomplete input|unrecognized token/i.test(message);
  const near = /near "(.+)": /.exec(message)?.[1];
  const at = near ? sql.indexOf(near) : -1;
  let extensions = {};
  if (near && at >= 0 && sql.indexOf(near, at + 1) < 0) {
    const before = sql.slice(0, at).split('\n');
    extensions = { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  }
  return new HttpError(400, {
    key: syntax ? 'errors.query.syntax' : 'errors.query.failed',
    engineMessage: message,
    extensions,
    cause: error,
  });
}
