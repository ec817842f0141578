import net from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import pg, {
  type CustomTypesConfig,
  type FieldDef,
  type PoolClient,
  type QueryArrayResult,
  type QueryConfig,
} from 'pg';
import { HttpError } from '../errors.js';
import type { BoundValue, Connector, RunOptions, SchemaInfo } from './connector.js';
import { type Convert, columnType, convert, converter } from './postgres-values.js';
import { finished, type QueryResult } from './result.js';
import { checkReadOnly } from './sql-guard.js';

/** Where a PostgreSQL or MySQL/MariaDB server is; the password is kept apart from the rest. */
export interface NetworkSourceConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  tls?: { mode: 'disable' | 'require' | 'verify-full'; ca?: string };
}

/** How a network connector opens its connections. */
export interface ConnectOptions {
  connectTimeoutMs?: number;
  /**
   * A fresh socket for each connection, which connects where the network policy allows
   * (source-network.ts) when the driver asks it to; absent: a plain one.
   */
  socket?: () => net.Socket;
}

/**
 * The user's statement runs as a subquery with a row cap: `SELECT * FROM (<sql>\n) LIMIT n+1`.
 * A cursor would stream as well, but PostgreSQL plans cursors without parallel workers, which
 * made big aggregates slower than the same SQL in psql. Errors point into the text after the
 * prefix; the newline before `)` ends a trailing `--` comment.
 */
const wrapPrefix = 'SELECT * FROM (';
// The one statement's own `;` (and comments after it) would end the subquery early.
const terminator = /;(?:\s|--[^\n]*|\/\*[\s\S]*?\*\/)*$/;
const wrap = (sql: string, limit: number) =>
  `${wrapPrefix}${sql.replace(terminator, '')}\n) AS painel_query LIMIT ${limit}`;
// setTimeout and statement_timeout both take at most a signed 32-bit count of milliseconds.
const maxTimeoutMs = 2_147_483_647;
const clampTimeout = (ms: number) =>
  Number.isFinite(ms) ? Math.min(maxTimeoutMs, Math.max(1, Math.ceil(ms))) : maxTimeoutMs;

// Every value arrives as the server's text; `convert` turns it into a JSON-safe value.
const asText = (() => (value: string) => value) as unknown as CustomTypesConfig['getTypeParser'];

/**
 * A PostgreSQL connector on a small pool. Each query runs capped inside its own
 * `BEGIN READ ONLY … ROLLBACK`, with `statement_timeout` set so the server stops the work too.
 */
export function openPostgres(config: NetworkSourceConfig, options: ConnectOptions = {}): Connector {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const { socket } = options;
  const pool = new pg.Pool({
    ...(socket ? { stream: socket } : {}),
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: tlsOptions(config.tls),
    application_name: 'painel',
    types: { getTypeParser: asText },
    keepAlive: true,
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: connectTimeoutMs,
    allowExitOnIdle: true,
  });
  // An idle client whose server went away (restart, dropped database) must not crash the
  // process; the pool discards it and the next query connects afresh.
  pool.on('error', () => {});

  const acquire = async (): Promise<PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw connectionError(error, config, connectTimeoutMs);
    }
  };

  return {
    engine: 'postgres',
    dialect: 'pg',
    placeholder: (index) => `$${index + 1}`,
    async test() {
      const client = await acquire();
      try {
        await client.query('SELECT 1');
        client.release();
      } catch (error) {
        client.release(true);
        throw connectionError(error, config, connectTimeoutMs);
      }
    },
    async introspect() {
      const client = await acquire();
      try {
        const info = await describe(client);
        client.release();
        return info;
      } catch (error) {
        client.release(true);
        throw queryError(error);
      }
    },
    run: (sql, runOptions) => run(sql, runOptions),
    async close() {
      await pool.end();
    },
  };

  async function run(sql: string, options: RunOptions): Promise<QueryResult> {
    checkReadOnly(sql, 'postgres');
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted) throw new HttpError(499, { key: 'errors.query.cancelled' });

    let stop: 'timeout' | 'cancel' | undefined;
    let client: PoolClient | undefined;
    let cancelSent = false;
    let resend: NodeJS.Timeout | undefined;
    let rejectStopped: (reason: unknown) => void = () => {};
    const stopped = new Promise<never>((_, reject) => {
      rejectStopped = reject;
    });
    stopped.catch(() => {});
    const halt = (reason: 'timeout' | 'cancel') => {
      if (stop) return;
      stop = reason;
      rejectStopped(reason);
      if (client) sendCancel(client);
    };
    // A cancel that reaches the backend between two statements (or before the statement that
    // was just sent) is ignored by the server, so it is repeated until the query settles.
    const sendCancel = (target: PoolClient) => {
      cancelSent = true;
      cancelRequest(config, target, connectTimeoutMs, socket);
      resend ??= setInterval(() => cancelRequest(config, target, connectTimeoutMs, socket), 250);
    };
    const timer = setTimeout(() => halt('timeout'), clampTimeout(options.timeoutMs));
    const onAbort = () => halt('cancel');
    signal?.addEventListener('abort', onAbort, { once: true });

    const stoppedError = (cause?: unknown) =>
      stop === 'cancel'
        ? new HttpError(499, { key: 'errors.query.cancelled', cause })
        : new HttpError(422, {
            key: 'errors.query.timeout',
            params: { seconds: options.timeoutMs / 1000 },
            cause,
          });

    let broken = false;
    try {
      const acquiring = acquire();
      try {
        client = await Promise.race([acquiring, stopped]);
      } catch (error) {
        // Stopped while waiting for a connection: hand it back when it comes.
        if (stop)
          acquiring.then(
            (c) => c.release(),
            () => {},
          );
        throw stop ? stoppedError() : error;
      }
      // An abort may land between the connection arriving and this line.
      if (stop) throw stoppedError();
      return await runOn(client, sql, options, started, () => stop !== undefined);
    } catch (error) {
      const cause = error instanceof HttpError ? error.cause : error;
      // Anything but the server's own error report may leave the connection mid-protocol.
      broken = !(cause instanceof pg.DatabaseError);
      if (stop || isStatementTimeout(cause)) {
        stop ??= 'timeout';
        throw stoppedError(cause);
      }
      throw queryError(error);
    } finally {
      clearTimeout(timer);
      clearInterval(resend);
      signal?.removeEventListener('abort', onAbort);
      if (client) await finish(client, cancelSent || broken);
    }
  }
}

/**
 * Ends the read-only transaction and returns the client to the pool. A client that was sent a
 * cancel request is closed instead: a late cancel must not hit the next query on it.
 */
async function finish(client: PoolClient, discard: boolean): Promise<void> {
  if (discard) {
    client.release(true);
    return;
  }
  try {
    // Session-level advisory locks survive ROLLBACK; a pooled connection must not keep them.
    await client.query('ROLLBACK; SELECT pg_advisory_unlock_all()');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
  }
}

async function runOn(
  client: PoolClient,
  sql: string,
  options: RunOptions,
  started: number,
  halted: () => boolean,
): Promise<QueryResult> {
  // Once stopped, no further statement is sent: the caller reports why.
  const query = <T>(send: () => Promise<T>): Promise<T> =>
    halted() ? Promise.reject(new Error('query stopped')) : send();
  const timeout = clampTimeout(options.timeoutMs);
  await query(() =>
    client.query(
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${timeout}; ` +
        // ISO dates so values parse the same whatever the server's default, and intervals as
        // ISO 8601 durations, the form every engine's intervals take (see result.ts).
        "SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'iso_8601'",
    ),
  );
  // The extended protocol binds the values and refuses a second statement on its own.
  // One row past maxRows says whether there were more.
  const statement: QueryConfig<BoundValue[]> & { queryMode: 'extended'; rowMode: 'array' } = {
    text: wrap(sql, options.maxRows + 1),
    values: options.params ?? [],
    queryMode: 'extended',
    rowMode: 'array',
  };
  let answer: QueryArrayResult;
  try {
    answer = await query(() => client.query(statement));
  } catch (error) {
    throw queryError(error, sql);
  }
  const fields: FieldDef[] = answer.fields;
  const converters: Convert[] = fields.map((f) => converter(f.dataTypeID));
  const rows = answer.rows.map((row) => row.map((v, i) => convert(v, converters[i])));
  const truncated = rows.length > options.maxRows;
  if (truncated) rows.length = options.maxRows;
  const columns = fields.map((f) => ({ name: f.name, type: columnType(f.dataTypeID) }));
  return finished({ columns, rows, truncated }, started);
}

/** `disable` sends plain text; `require` encrypts (and checks the chain only if a CA is given,
 * like libpq's verify-ca); `verify-full` checks the chain and the host name. */
export function tlsOptions(tls: NetworkSourceConfig['tls']): false | ConnectionOptions {
  switch (tls?.mode ?? 'disable') {
    case 'disable':
      return false;
    case 'require':
      return tls?.ca
        ? { ca: tls.ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
        : { rejectUnauthorized: false };
    default:
      return { rejectUnauthorized: true, ...(tls?.ca ? { ca: tls.ca } : {}) };
  }
}

/**
 * Asks the server to stop whatever the client's backend is running — the protocol's cancel
 * request, sent on a new connection (as psql does on Ctrl-C). If it cannot be sent, the client
 * is closed so the caller stops waiting; `statement_timeout` still ends the work on the server.
 */
function cancelRequest(
  config: NetworkSourceConfig,
  client: PoolClient,
  timeoutMs: number,
  newSocket: () => net.Socket = () => new net.Socket(),
): void {
  const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeUInt32BE(processID >>> 0, 8);
  packet.writeUInt32BE(secretKey >>> 0, 12);
  const socket = newSocket();
  if (config.host.startsWith('/')) socket.connect(`${config.host}/.s.PGSQL.${config.port}`);
  else socket.connect(config.port, config.host);
  const fail = () => {
    socket.destroy();
    client.end().catch(() => {});
  };
  socket.setTimeout(timeoutMs, fail);
  socket.on('error', fail);
  socket.on('connect', () => socket.end(packet));
  socket.on('close', () => socket.setTimeout(0));
}

// ---- Errors ----------------------------------------------------------------------------------

function isStatementTimeout(error: unknown): boolean {
  return (
    error instanceof pg.DatabaseError &&
    error.code === '57014' &&
    /statement timeout/i.test(error.message)
  );
}

/**
 * The engine's own words go back to the user, with the line and column of `position` (counted
 * in characters of `sql`, the user's text, past the wrapping prefix).
 */
function queryError(error: unknown, sql?: string): HttpError {
  if (error instanceof HttpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof pg.DatabaseError)) {
    return new HttpError(400, { key: 'errors.query.failed', engineMessage: message, cause: error });
  }
  const extensions: Record<string, unknown> = {};
  const position = Number(error.position) - wrapPrefix.length;
  if (sql !== undefined && position >= 1) {
    const before = [...sql].slice(0, position - 1).join('');
    const lines = before.split('\n');
    extensions.line = lines.length;
    extensions.column = [...(lines.at(-1) ?? '')].length + 1;
  }
  return new HttpError(400, {
    key: error.code === '42601' ? 'errors.query.syntax' : 'errors.query.failed',
    engineMessage: error.hint ? `${message}\nHINT: ${error.hint}` : message,
    extensions,
    cause: error,
  });
}

const tlsCodes =
  /^(ERR_TLS_|ERR_SSL_|EPROTO$|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH)/;

/** Why a connection failed, as the `errors.dataSource.*` key a person can act on. */
export function connectionError(
  error: unknown,
  config: NetworkSourceConfig,
  connectTimeoutMs: number,
): HttpError {
  if (error instanceof HttpError) return error;
  const { host, port, database } = config;
  const fail = (key: string, params: Record<string, unknown> = {}) =>
    new HttpError(400, { key: `errors.dataSource.${key}`, params, cause: error });
  // The pool wraps a timeout around the socket's error, and a host with several addresses
  // fails with an AggregateError: look at every layer.
  const layers: unknown[] = [];
  for (let e: unknown = error; e && layers.length < 5; e = (e as Error).cause) {
    layers.push(e, ...(e instanceof AggregateError ? e.errors : []));
  }
  const codes = layers.map((e) => String((e as NodeJS.ErrnoException)?.code ?? ''));
  const messages = layers.map((e) => (e instanceof Error ? e.message : String(e))).join('\n');
  if (codes.some((c) => c === 'ENOTFOUND' || c === 'EAI_AGAIN' || c === 'EAI_NONAME'))
    return fail('dns', { host });
  if (codes.some((c) => c === 'ECONNREFUSED' || c === 'ENOENT'))
    return fail('refused', { host, port });
  if (codes.some((c) => c === '28P01' || c === '28000')) return fail('auth');
  if (codes.includes('3D000')) return fail('database', { database });
  const tls = layers.find(
    (e) =>
      tlsCodes.test(String((e as NodeJS.ErrnoException)?.code ?? '')) ||
      /does not support SSL|SSL|TLS|certificate/i.test(e instanceof Error ? e.message : ''),
  );
  if (tls) return fail('tls', { reason: (tls as Error).message });
  if (
    codes.includes('ETIMEDOUT') ||
    /connection timeout|timeout expired|timeout exceeded when trying to connect/i.test(messages)
  )
    return fail('timeout', { host, port, seconds: connectTimeoutMs / 1000 });
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(400, {
    key: 'errors.dataSource.failed',
    engineMessage: message,
    cause: error,
  });
}

// ---- Introspection ---------------------------------------------------------------------------

// Every schema but the system ones (and other sessions' temporary ones); partitions are left
// out, their parent counts their rows.
const userSchema = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;
const relation = `c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition`;

const tablesSql = `
SELECT n.nspname, c.oid, c.relname, c.relkind,
  CASE
    WHEN c.relkind = 'p' THEN (SELECT sum(p.reltuples) FILTER (WHERE p.reltuples >= 0)
      FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
    WHEN c.relkind IN ('r', 'm', 'f') AND c.reltuples >= 0 THEN c.reltuples
  END::float8
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid AND ${relation}
WHERE ${userSchema}
ORDER BY n.nspname, c.relname`;

const columnsSql = `
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND ${relation} AND ${userSchema}
ORDER BY a.attrelid, a.attnum`;

// conparentid = 0: a key to a partitioned table is also stored once per partition.
const foreignKeysSql = `
SELECT k.conrelid,
  array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
  rn.nspname, r.relname,
  array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
FROM pg_constraint k
JOIN pg_class r ON r.oid = k.confrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE k.contype = 'f' AND k.conparentid = 0
ORDER BY k.conrelid, k.conname`;

async function rowsOf(client: PoolClient, sql: string): Promise<unknown[][]> {
  const result: QueryArrayResult = await client.query({ text: sql, rowMode: 'array' });
  const converters = result.fields.map((f) => converter(f.dataTypeID));
  return result.rows.map((row) => row.map((v, i) => convert(v, converters[i])));
}

type Table = SchemaInfo['schemas'][number]['tables'][number];

async function describe(client: PoolClient): Promise<SchemaInfo> {
  const tables = await rowsOf(client, tablesSql);
  const columns = await rowsOf(client, columnsSql);
  const foreignKeys = await rowsOf(client, foreignKeysSql);
  const schemas = new Map<string, Table[]>();
  const byId = new Map<number, Table>();
  for (const [schema, id, name, kind, estimate] of tables) {
    const list = schemas.get(String(schema)) ?? [];
    schemas.set(String(schema), list);
    if (id === null) continue;
    const table: Table = {
      name: String(name),
      kind: kind === 'v' || kind === 'm' ? 'view' : 'table',
      rowEstimate: typeof estimate === 'number' ? Math.round(estimate) : null,
      columns: [],
      foreignKeys: [],
    };
    list.push(table);
    byId.set(Number(id), table);
  }
  for (const [id, name, type, nullable] of columns) {
    byId.get(Number(id))?.columns.push({
      name: String(name),
      type: String(type),
      nullable: nullable === true,
    });
  }
  for (const [id, cols, refSchema, refTable, refCols] of foreignKeys) {
    byId.get(Number(id))?.foreignKeys.push({
      columns: cols as string[],
      refSchema: String(refSchema),
      refTable: String(refTable),
      refColumns: refCols as string[],
    });
  }
  return { schemas: [...schemas].map(([name, list]) => ({ name, tables: list })) };
}
