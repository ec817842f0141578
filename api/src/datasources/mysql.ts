import type { Connection as CoreConnection, FieldPacket } from 'mysql2';
import mysql, { type PoolConnection, type PoolOptions } from 'mysql2/promise';
import { HttpError } from '../errors.js';
import type { BoundValue, Connector, RunOptions, SchemaInfo } from './connector.js';
import type { ConnectOptions, NetworkSourceConfig } from './postgres.js';
import {
  type ColumnType,
  columnTypeLookup,
  exactInteger,
  finished,
  type QueryResult,
} from './result.js';
import { checkReadOnly } from './sql-guard.js';

type StopReason = 'timeout' | 'cancelled';

/** What a pooled connection was set up with; the pool keeps sessions between queries. */
interface Session {
  flavour: 'mariadb' | 'mysql';
  statementLimitMs: number | null;
}

/** The fields mysql2 puts on its errors (server errors carry errno and sqlMessage). */
interface DriverError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

interface Read {
  columns: QueryResult['columns'];
  rows: unknown[][];
  truncated: boolean;
}

/** How long a stopped query may take to answer its KILL before its connection is dropped. */
const killGraceMs = 2_000;

/**
 * A MySQL or MariaDB data source: a pool of four connections whose sessions are read-only and
 * in UTC. User SQL runs as a server-side prepared statement (parameters are bound, never
 * spliced), rows are read one by one and the statement is killed once `maxRows` are in.
 */
export function openMysql(config: NetworkSourceConfig, options: ConnectOptions = {}): Connector {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const { socket } = options;
  const base: PoolOptions = {
    ...driverOptions(config, connectTimeoutMs),
    // mysql2 uses the stream as it is: the socket is told to connect here.
    ...(socket ? { stream: () => socket().connect(config.port, config.host) } : {}),
  };
  const pool = mysql.createPool({ ...base, connectionLimit: 4, resetOnRelease: false });
  // KILL QUERY goes through a pool of its own: with all four connections busy, stopping one
  // of them must not wait for another to finish.
  const control = mysql.createPool({ ...base, connectionLimit: 1 });
  const sessions = new WeakMap<CoreConnection, Session>();

  const connect = async (): Promise<PoolConnection> => {
    try {
      return await pool.getConnection();
    } catch (error) {
      throw connectionError(error, config, connectTimeoutMs);
    }
  };

  async function session(conn: PoolConnection): Promise<Session> {
    let found = sessions.get(core(conn));
    if (!found) {
      const [rows] = await conn.query<mysql.RowDataPacket[]>({
        sql: 'SELECT VERSION()',
        rowsAsArray: true,
      });
      const flavour = /mariadb/i.test(String(rows[0]?.[0])) ? 'mariadb' : 'mysql';
      await conn.query("SET time_zone = '+00:00'");
      await conn.query('SET SESSION TRANSACTION READ ONLY');
      found = { flavour, statementLimitMs: null };
      sessions.set(core(conn), found);
    }
    return found;
  }

  /** The server's own limit, behind the client's KILL: it holds even if this process dies. */
  async function limitStatements(conn: PoolConnection, s: Session, timeoutMs: number) {
    const ms = Math.max(1, Math.ceil(timeoutMs));
    if (s.statementLimitMs === ms) return;
    await conn.query(
      s.flavour === 'mariadb'
        ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`
        : `SET SESSION max_execution_time = ${ms}`,
    );
    s.statementLimitMs = ms;
  }

  const kill = async (threadId: number) => {
    await control.query(`KILL QUERY ${Number(threadId)}`);
  };

  async function run(sql: string, options: RunOptions): Promise<QueryResult> {
    checkReadOnly(sql, 'mysql');
    const started = performance.now();
    const { timeoutMs, maxRows, params = [], signal } = options;
    let reason: StopReason | null = signal?.aborted ? 'cancelled' : null;
    if (reason) throw stopped(reason, timeoutMs);

    let onStop = () => {};
    const halt = (why: StopReason) => {
      if (reason) return;
      reason = why;
      onStop();
    };
    const timer = setTimeout(() => halt('timeout'), timeoutMs);
    const onAbort = () => halt('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    let grace: NodeJS.Timeout | undefined;
    let conn: PoolConnection | undefined;
    let killed = false;
    try {
      conn = await new Promise<PoolConnection>((resolve, reject) => {
        onStop = () => reject(stopped(reason ?? 'cancelled', timeoutMs));
        connect().then((c) => (reason ? c.release() : resolve(c)), reject);
      });
      const active = conn;
      let abandon = (_error: unknown) => {};
      onStop = () => {
        killed = true;
        const drop = () => abandon(stopped(reason ?? 'cancelled', timeoutMs));
        kill(active.threadId).catch(drop);
        grace = setTimeout(drop, killGraceMs);
      };
      const s = await session(active);
      await limitStatements(active, s, timeoutMs);
      await active.query('START TRANSACTION READ ONLY');
      if (reason) throw stopped(reason, timeoutMs);
      const reading = readRows(core(active), sql, params, maxRows, async () => {
        killed = true;
        await kill(active.threadId);
      });
      abandon = reading.abandon;
      const read = await reading.result;
      if (!killed) await active.query('ROLLBACK');
      return finished(read, started);
    } catch (error) {
      if (reason || isStatementTimeout(error)) throw stopped(reason ?? 'timeout', timeoutMs);
      throw queryError(error, config.password, sql);
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      // A connection that saw a KILL is not reused: its session state is not worth guessing.
      if (killed || reason) conn?.destroy();
      else conn?.release();
    }
  }

  return {
    engine: 'mysql',
    dialect: 'mysql2',
    placeholder: () => '?',
    async test() {
      const conn = await connect();
      try {
        await session(conn);
        await conn.query('SELECT 1');
      } catch (error) {
        conn.destroy();
        throw connectionError(error, config, connectTimeoutMs);
      }
      conn.release();
    },
    run,
    async introspect() {
      const conn = await connect();
      try {
        await session(conn);
        return await describe(conn, config.database);
      } catch (error) {
        throw queryError(error, config.password);
      } finally {
        conn.release();
      }
    },
    async close() {
      await Promise.allSettled([pool.end(), control.end()]);
    },
  };
}

function driverOptions(config: NetworkSourceConfig, connectTimeoutMs: number): PoolOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    ...(config.password ? { password: config.password } : {}),
    ...(tlsOptions(config.tls) ? { ssl: tlsOptions(config.tls) } : {}),
    connectTimeout: connectTimeoutMs,
    // The server may not ask for a client file: no LOCAL INFILE flag and no stream factory.
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
    multipleStatements: false,
    timezone: 'Z',
    dateStrings: ['DATE'],
    // DECIMAL as the server's text, every digit kept (see result.ts).
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    // Each distinct SQL text stays prepared on its connection; keep that bounded.
    maxPreparedStatements: 32,
  };
}

/**
 * `require` encrypts (and checks the chain only when a CA is given, like libpq's verify-ca);
 * `verify-full` checks the chain against the CA (or the system's) and the host name.
 */
export function tlsOptions(tls: NetworkSourceConfig['tls']): PoolOptions['ssl'] | undefined {
  if (!tls || tls.mode === 'disable') return undefined;
  if (tls.mode === 'require') {
    return tls.ca
      ? { ca: tls.ca, rejectUnauthorized: true, verifyIdentity: false }
      : { rejectUnauthorized: false };
  }
  return { ...(tls.ca ? { ca: tls.ca } : {}), rejectUnauthorized: true, verifyIdentity: true };
}

/**
 * Executes `sql` and reads its rows as they arrive. At `maxRows` it stops reading, calls
 * `stopAtCap` (which kills the statement in the server), then drains what is left in flight.
 */
function readRows(
  connection: CoreConnection,
  sql: string,
  params: BoundValue[],
  maxRows: number,
  stopAtCap: () => Promise<void>,
): { result: Promise<Read>; abandon(error: unknown): void } {
  let abandon: (error: unknown) => void = () => {};
  // Fatal errors (a killed connection, a server gone) reach the connection, not the statement.
  const lost = (error?: unknown) =>
    abandon(error instanceof Error ? error : new Error('The server closed the connection.'));
  connection.on('error', lost).on('end', lost);
  const result = new Promise<Read>((resolve, reject) => {
    abandon = reject;
    let columns: Read['columns'] = [];
    let types: ColumnType[] = [];
    const rows: unknown[][] = [];
    let truncated = false;
    const query = connection.execute({ sql, values: params, rowsAsArray: true });
    query.on('fields', (fields: FieldPacket[] | undefined) => {
      if (!fields) return;
      types = fields.map(columnType);
      columns = fields.map((f, i) => ({ name: f.name, type: types[i] ?? 'unknown' }));
    });
    query.on('result', (row: unknown) => {
      if (!Array.isArray(row) || truncated) return;
      if (rows.length < maxRows) {
        rows.push(row.map((value, i) => toJsonSafe(value, types[i] ?? 'unknown')));
        return;
      }
      truncated = true;
      connection.pause();
      stopAtCap()
        .catch(() => {})
        .finally(() => connection.resume());
    });
    query.on('error', (error: DriverError) => {
      if (truncated && error.errno === ER_QUERY_INTERRUPTED) resolve({ columns, rows, truncated });
      else reject(error);
    });
    query.on('end', () => resolve({ columns, rows, truncated }));
  }).finally(() => connection.off('error', lost).off('end', lost));
  return { result, abandon: (error) => abandon(error) };
}

/** The promise wrapper's typings call its inner connection a promise one; it is the core one. */
function core(conn: PoolConnection): CoreConnection {
  return conn.connection as unknown as CoreConnection;
}

async function describe(conn: PoolConnection, database: string): Promise<SchemaInfo> {
  const read = async (sql: string) =>
    (
      await conn.execute<mysql.RowDataPacket[]>({ sql, rowsAsArray: true }, [database])
    )[0] as unknown as unknown[][];
  const tables = await read(
    `SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
  );
  const columns = await read(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const keys = await read(
    `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,
       REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  );
  type Table = SchemaInfo['schemas'][number]['tables'][number];
  const byName = new Map<string, Table>();
  for (const [name, type, estimate] of tables) {
    const view = String(type).includes('VIEW');
    byName.set(String(name), {
      name: String(name),
      kind: view ? 'view' : 'table',
      rowEstimate: view || estimate === null ? null : Number(estimate),
      columns: [],
      foreignKeys: [],
    });
  }
  for (const [table, name, type, nullable] of columns) {
    byName
      .get(String(table))
      ?.columns.push({ name: String(name), type: String(type), nullable: nullable === 'YES' });
  }
  const foreignKeys = new Map<string, Table['foreignKeys'][number]>();
  for (const [table, constraint, column, refSchema, refTable, refColumn] of keys) {
    const id = `${table}\u0000${constraint}`;
    let key = foreignKeys.get(id);
    if (!key) {
      key = {
        columns: [],
        refSchema: String(refSchema),
        refTable: String(refTable),
        refColumns: [],
      };
      foreignKeys.set(id, key);
      byName.get(String(table))?.foreignKeys.push(key);
    }
    key.columns.push(String(column));
    key.refColumns.push(String(refColumn));
  }
  return { schemas: [{ name: database, tables: [...byName.values()] }] };
}

// mysql2 is CommonJS: its named exports exist only on the default export under Node's ESM.
const { Types } = mysql;
const typeOf = columnTypeLookup<number>([
  ['integer', [Types.TINY, Types.SHORT, Types.LONG, Types.INT24, Types.LONGLONG, Types.YEAR]],
  ['number', [Types.FLOAT, Types.DOUBLE]],
  ['decimal', [Types.DECIMAL, Types.NEWDECIMAL]],
  ['date', [Types.DATE, Types.NEWDATE]],
  ['timestamp', [Types.DATETIME, Types.TIMESTAMP]],
  ['time', [Types.TIME]],
  ['json', [Types.JSON, Types.GEOMETRY, Types.VECTOR]],
  ['string', [Types.VARCHAR, Types.VAR_STRING, Types.STRING, Types.ENUM, Types.SET]],
  ['string', [Types.TINY_BLOB, Types.MEDIUM_BLOB, Types.LONG_BLOB, Types.BLOB]],
]);

function columnType(field: FieldPacket): ColumnType {
  if (field.extendedFormat === 'json') return 'json';
  if (field.columnType === Types.BIT) return field.columnLength === 1 ? 'boolean' : 'integer';
  const type = typeOf(field.columnType ?? -1);
  // BINARY, VARBINARY and BLOB columns hold bytes, not text.
  return type === 'string' && field.characterSet === binaryCharset ? 'binary' : type;
}

const binaryCharset = 63;

/** Values as `QueryResult` documents them: see result.ts. */
function toJsonSafe(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return exactInteger(value);
  if (Buffer.isBuffer(value)) {
    if (type === 'boolean') return value.some((byte) => byte !== 0);
    if (type === 'integer') return exactInteger(BigInt(`0x${value.toString('hex') || '0'}`));
    return value.toString('base64');
  }
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  // A zero date ('0000-00-00') is MySQL's way of saying "no date".
  if (type === 'date' && typeof value === 'string' && value.startsWith('0000-')) return null;
  return value;
}

const ER_QUERY_INTERRUPTED = 1317;
const syntaxErrors = new Set([1064, 1149]); // ER_PARSE_ERROR, ER_SYNTAX_ERROR
// MariaDB's max_statement_time (1969) and MySQL's max_execution_time (3024).
const statementTimeouts = new Set([1969, 3024]);

function isStatementTimeout(error: unknown): boolean {
  return statementTimeouts.has((error as DriverError | undefined)?.errno ?? -1);
}

function stopped(reason: StopReason, timeoutMs: number): HttpError {
  return reason === 'timeout'
    ? new HttpError(422, { key: 'errors.query.timeout', params: { seconds: timeoutMs / 1000 } })
    : new HttpError(499, { key: 'errors.query.cancelled' });
}

/** The engine's own words go back to the user, with the line and column it points at. */
function queryError(error: unknown, password: string | undefined, sql?: string): HttpError {
  if (error instanceof HttpError) return error;
  const e = (error ?? {}) as DriverError;
  const message = scrub(
    e.sqlMessage ?? (error instanceof Error ? error.message : String(error)),
    password,
  );
  const syntax = syntaxErrors.has(e.errno ?? -1);
  return new HttpError(400, {
    key: syntax ? 'errors.query.syntax' : 'errors.query.failed',
    engineMessage: message,
    extensions: position(message, sql),
    cause: error,
  });
}

/**
 * MySQL says `… near 'the rest of the statement' at line N` (the rest may be cut short); the
 * column is where that rest starts in line N of the SQL.
 */
function position(message: string, sql: string | undefined): { line?: number; column?: number } {
  const match = /near '([\s\S]*)' at line (\d+)$/.exec(message);
  if (!match) return {};
  const line = Number(match[2]);
  const near = match[1] ?? '';
  if (!near || sql === undefined) return { line };
  const lines = sql.split('\n');
  const text = lines[line - 1];
  if (text === undefined) return { line };
  const lineStart = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  const first = near.split('\n')[0] ?? '';
  const starts: number[] = [];
  for (let i = text.indexOf(first); i >= 0; i = text.indexOf(first, i + 1)) {
    if (sql.startsWith(near, lineStart + i)) starts.push(i);
  }
  // Where the rest runs to the end of the statement is the place; else the first match.
  const rest = (i: number) => sql.slice(lineStart + i).replace(/[\s;]+$/, '');
  const index = starts.find((i) => rest(i) === near) ?? starts[0];
  return index === undefined ? { line } : { line, column: index + 1 };
}

const authErrors = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_MUST_CHANGE_PASSWORD_LOGIN',
  'ER_ACCOUNT_HAS_BEEN_LOCKED',
  'AUTH_SWITCH_PLUGIN_ERROR',
]);
const databaseErrors = new Set(['ER_BAD_DB_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
const tlsErrors =
  /^(HANDSHAKE_NO_SSL_SUPPORT|ER_SECURE_TRANSPORT_REQUIRED|ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH)/;

/** Why a connection could not be made, as the key a person can act on. */
function connectionError(
  error: unknown,
  config: NetworkSourceConfig,
  connectTimeoutMs: number,
): HttpError {
  if (error instanceof HttpError) return error;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = scrub(error instanceof Error ? error.message : String(error), config.password);
  const { host, port, database } = config;
  const fail = (key: string, params: Record<string, unknown> = {}) =>
    new HttpError(400, { key: `errors.dataSource.${key}`, params, cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL')
    return fail('dns', { host });
  if (code === 'ECONNREFUSED') return fail('refused', { host, port });
  if (code === 'ETIMEDOUT')
    return fail('timeout', { host, port, seconds: connectTimeoutMs / 1000 });
  if (authErrors.has(code)) return fail('auth');
  if (databaseErrors.has(code)) return fail('database', { database });
  if (tlsErrors.test(code) || /\b(SSL|TLS)\b/.test(message))
    return fail('tls', { reason: message });
  return new HttpError(400, {
    key: 'errors.dataSource.failed',
    engineMessage: message,
    cause: error,
  });
}

/** Driver messages do not quote passwords; this makes sure none ever does. */
function scrub(message: string, password: string | undefined): string {
  return password ? message.split(password).join('***') : message;
}
