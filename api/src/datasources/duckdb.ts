import {
  createDuckDBValueConverter,
  DuckDBBlobValue,
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBIntervalValue,
  type DuckDBPreparedStatement,
  type DuckDBResult,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  JsonDuckDBValueConverter,
  StatementType,
} from '@duckdb/node-api';
import { HttpError } from '../errors.js';
import type { BoundValue, Connector, RunOptions, SchemaInfo } from './connector.js';
import {
  type ColumnType,
  columnTypeLookup,
  exactInteger,
  finished,
  type QueryResult,
} from './result.js';
import { checkReadOnly } from './sql-guard.js';

/**
 * Settings that keep a user's SQL inside the database file: no files, no network, no
 * extensions, and `lock_configuration` so a query cannot switch any of it back on.
 */
const lockedDown = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  lock_configuration: 'true',
} as const;

export async function openDuckDb(
  file: string,
  options: { threads?: number } = {},
): Promise<Connector> {
  const instance = await DuckDBInstance.create(file, {
    ...lockedDown,
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  return createDuckDbConnector(instance);
}

/**
 * Connections a connector keeps open between queries, each with the statements it prepared last.
 * Opening a connection and preparing a statement cost a millisecond or two of a query's time; a
 * dashboard's cards run together and run the same statements again with new filter values.
 */
const idleConnectionsKept = 8;
const statementsKept = 32;

/** A connection and its prepared statements, by SQL, least recently used first. */
interface Session {
  connection: DuckDBConnection;
  statements: Map<string, Statement>;
  /** The catalog generation its statements were prepared in. */
  generation: number;
}

/** A connector that can be told its instance's tables or views changed. */
export interface DuckDbConnector extends Connector {
  /**
   * Statements prepared before a view was replaced keep reading what it was (its old columns,
   * its old file): after changing the catalog, the owner of the instance calls this, and every
   * connection prepares its statements anew.
   */
  catalogChanged(): void;
}

/**
 * `idleConnections: 0` closes each connection after its query: for a connector over an instance
 * its caller closes right after (an idle connection would keep the database open).
 */
export function createDuckDbConnector(
  instance: DuckDBInstance,
  options: { idleConnections?: number } = {},
): DuckDbConnector {
  const keep = options.idleConnections ?? idleConnectionsKept;
  const idle: Session[] = [];
  let generation = 0;
  const release = (session: Session, reusable: boolean) => {
    if (reusable && idle.length < keep) idle.push(session);
    else session.connection.closeSync();
  };
  const acquire = async (): Promise<Session> => {
    const session = idle.pop();
    if (!session)
      return { connection: await instance.connect(), statements: new Map(), generation };
    if (session.generation !== generation) {
      for (const { prepared } of session.statements.values()) prepared.destroySync();
      session.statements.clear();
      session.generation = generation;
    }
    return session;
  };
  const withSession = async <T>(work: (session: Session) => Promise<T>): Promise<T> => {
    const session = await acquire();
    let reusable = true;
    try {
      return await work(session);
    } catch (error) {
      // An interrupted connection is not trusted with the next query.
      if (error instanceof HttpError && (error.status === 422 || error.status === 499))
        reusable = false;
      throw error;
    } finally {
      release(session, reusable);
    }
  };
  return {
    engine: 'duckdb',
    dialect: 'duckdb',
    placeholder: (index) => `$${index + 1}`,
    test: () => withSession(({ connection }) => connection.run('SELECT 1').then(() => undefined)),
    // Each query holds its connection alone: interrupting it on timeout or cancel stops only
    // that query.
    run: (sql, options) => withSession((session) => runOn(session, sql, options)),
    introspect: () => withSession(({ connection }) => describe(connection)),
    catalogChanged() {
      generation++;
    },
    async close() {
      for (const { connection } of idle.splice(0)) connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Tables, views, columns and foreign keys from DuckDB's own catalog functions. */
async function describe(connection: DuckDBConnection): Promise<SchemaInfo> {
  const rows = async (sql: string) =>
    (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  const [tables, views, columns, constraints] = await Promise.all([
    rows(
      'SELECT schema_name, table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal',
    ),
    rows(
      'SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal',
    ),
    rows(
      'SELECT schema_name, table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal ORDER BY schema_name, table_name, column_index',
    ),
    rows(
      "SELECT schema_name, table_name, constraint_column_names, referenced_table, referenced_column_names FROM duckdb_constraints() WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'",
    ),
  ]);
  const byTable = new Map<string, SchemaInfo['schemas'][number]['tables'][number]>();
  const schemas = new Map<string, SchemaInfo['schemas'][number]>();
  const add = (
    schema: string,
    name: string,
    kind: 'table' | 'view',
    rowEstimate: number | null,
  ) => {
    let s = schemas.get(schema);
    if (!s) {
      s = { name: schema, tables: [] };
      schemas.set(schema, s);
    }
    const table = { name, kind, rowEstimate, columns: [], foreignKeys: [] };
    s.tables.push(table);
    byTable.set(`${schema}.${name}`, table);
  };
  for (const t of tables)
    add(String(t.schema_name), String(t.table_name), 'table', Number(t.estimated_size ?? 0));
  for (const v of views) add(String(v.schema_name), String(v.view_name), 'view', null);
  for (const c of columns) {
    byTable.get(`${c.schema_name}.${c.table_name}`)?.columns.push({
      name: String(c.column_name),
      type: String(c.data_type),
      nullable: Boolean(c.is_nullable),
    });
  }
  for (const k of constraints) {
    byTable.get(`${k.schema_name}.${k.table_name}`)?.foreignKeys.push({
      columns: (k.constraint_column_names as string[]) ?? [],
      refSchema: String(k.schema_name),
      refTable: String(k.referenced_table),
      refColumns: (k.referenced_column_names as string[]) ?? [],
    });
  }
  return { schemas: [...schemas.values()] };
}

const readingStatements = new Set<StatementType>([StatementType.SELECT]);

async function runOn(session: Session, sql: string, options: RunOptions): Promise<QueryResult> {
  const started = performance.now();
  checkReadOnly(sql, 'duckdb');
  const { connection } = session;
  const { prepared, streams } = await statementFor(session, sql, options.maxRows);
  prepared.clearBindings();
  for (const [i, value] of (options.params ?? []).entries()) bind(prepared, i + 1, value);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, options.timeoutMs);
  const onAbort = () => connection.interrupt();
  if (options.signal?.aborted) throw new HttpError(499, { key: 'errors.query.cancelled' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = streams ? await prepared.stream() : await prepared.run();
    const types = result.columnTypes();
    const columns = result.columnNames().map((name, i) => ({ name, type: columnType(types[i]) }));
    // JSON is a VARCHAR with an alias that a chunk's vectors do not carry: parsed here.
    const json = types.map((type) => type?.alias === 'JSON');
    return finished({ columns, ...(await readRows(result, options.maxRows, json)) }, started);
  } catch (error) {
    if (timedOut) {
      throw new HttpError(422, {
        key: 'errors.query.timeout',
        params: { seconds: options.timeoutMs / 1000 },
        cause: error,
      });
    }
    if (options.signal?.aborted) {
      throw new HttpError(499, { key: 'errors.query.cancelled', cause: error });
    }
    throw engineError(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

interface Statement {
  prepared: DuckDBPreparedStatement;
  /** Streamed as written, else run to completion under the row cap. */
  streams: boolean;
}

/** The session's statement for `sql` under the cap, prepared now or earlier. */
async function statementFor(session: Session, sql: string, maxRows: number): Promise<Statement> {
  const key = `${maxRows}\0${sql}`;
  const kept = session.statements.get(key);
  if (kept) {
    session.statements.delete(key);
    session.statements.set(key, kept);
    return kept;
  }
  // Preparing parses and binds without executing, so the statement's kind is known before it
  // runs: a second check, by the engine itself, behind the statement check.
  const prepared = await engineCall(() => session.connection.prepare(sql));
  if (!readingStatements.has(prepared.statementType)) {
    prepared.destroySync();
    throw new HttpError(400, {
      key: 'errors.query.readOnly',
      params: { statement: StatementType[prepared.statementType] ?? 'UNKNOWN' },
    });
  }
  const wrapped = await bounded(session.connection, prepared, sql, maxRows);
  // A statement's native memory is freed when it is destroyed or its connection closes; the
  // connection stays open, so what is not kept is destroyed now.
  if (wrapped) prepared.destroySync();
  const statement = wrapped ? { prepared: wrapped, streams: false } : { prepared, streams: true };
  session.statements.set(key, statement);
  if (session.statements.size > statementsKept) {
    const [oldest] = session.statements.entries();
    if (oldest) {
      session.statements.delete(oldest[0]);
      oldest[1].prepared.destroySync();
    }
  }
  return statement;
}

/**
 * The statement under a `LIMIT` of one row more than the cap, to be run to completion rather than
 * streamed. A streamed result comes back a vector at a time, and a selective filter leaves a few
 * rows in each: 5,520 rows of the 3 million flights arrived in ~1,500 round trips (78 ms against
 * 26 ms). Where wrapping would change the statement (it does not parse as a subquery, or its
 * columns would be renamed), `undefined`: the statement streams as written.
 */
async function bounded(
  connection: DuckDBConnection,
  prepared: DuckDBPreparedStatement,
  sql: string,
  maxRows: number,
): Promise<DuckDBPreparedStatement | undefined> {
  let wrapped: DuckDBPreparedStatement;
  try {
    // The line break ends a trailing `--` comment.
    wrapped = await connection.prepare(
      `SELECT * FROM (${sql.replace(/;\s*$/, '')}\n) AS painel_result LIMIT ${maxRows + 1}`,
    );
  } catch {
    return undefined;
  }
  const same =
    wrapped.columnCount === prepared.columnCount &&
    Array.from({ length: prepared.columnCount }, (_, i) => i).every(
      (i) => wrapped.columnName(i) === prepared.columnName(i),
    );
  if (same) return wrapped;
  wrapped.destroySync();
  return undefined;
}

function bind(prepared: DuckDBPreparedStatement, index: number, value: BoundValue): void {
  if (value === null) prepared.bindNull(index);
  else if (typeof value === 'boolean') prepared.bindBoolean(index, value);
  else if (typeof value === 'string') prepared.bindVarchar(index, value);
  else if (Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1)
    prepared.bindInteger(index, value);
  else prepared.bindDouble(index, value);
}

async function readRows(
  result: DuckDBResult,
  maxRows: number,
  json: boolean[],
): Promise<{ rows: unknown[][]; truncated: boolean }> {
  const rows: unknown[][] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return { rows, truncated: false };
    const converted = chunk
      .convertColumns(toJsonSafe)
      .map((column, c) => (json[c] ? column.map(parsedJson) : column));
    for (let r = 0; r < chunk.rowCount; r++) {
      if (rows.length === maxRows) return { rows, truncated: true };
      rows.push(converted.map((column) => column[r] ?? null));
    }
  }
}

/** Values as `QueryResult` documents them; nested ones (lists, structs) convert through here too. */
const toJsonSafe: DuckDBValueConverter<unknown> = createDuckDBValueConverter<unknown>({
  ...(Object.fromEntries(
    Object.values(DuckDBTypeId)
      .filter((id): id is DuckDBTypeId => typeof id === 'number')
      .map((id) => [id, JsonDuckDBValueConverter]),
  ) as Record<DuckDBTypeId, DuckDBValueConverter<unknown>>),
  [DuckDBTypeId.BIGINT]: bigintValue,
  [DuckDBTypeId.UBIGINT]: bigintValue,
  [DuckDBTypeId.HUGEINT]: bigintValue,
  [DuckDBTypeId.UHUGEINT]: bigintValue,
  [DuckDBTypeId.DECIMAL]: (value) =>
    value instanceof DuckDBDecimalValue ? value.toString() : null,
  [DuckDBTypeId.TIMESTAMP]: timestampValue,
  [DuckDBTypeId.TIMESTAMP_TZ]: timestampValue,
  [DuckDBTypeId.TIMESTAMP_S]: timestampValue,
  [DuckDBTypeId.TIMESTAMP_MS]: timestampValue,
  [DuckDBTypeId.TIMESTAMP_NS]: timestampValue,
  [DuckDBTypeId.INTERVAL]: (value) =>
    value instanceof DuckDBIntervalValue ? isoDuration(value) : null,
  [DuckDBTypeId.BLOB]: (value) =>
    value instanceof DuckDBBlobValue ? Buffer.from(value.bytes).toString('base64') : null,
  [DuckDBTypeId.DATE]: (value) => {
    if (!(value instanceof DuckDBDateValue)) return null;
    if (value.isFinite) return value.toString();
    return value.days > 0 ? 'infinity' : '-infinity';
  },
});

const parsedJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

function bigintValue(value: DuckDBValue): unknown {
  return typeof value === 'bigint' ? exactInteger(value) : null;
}

/** Every precision of timestamp, with or without a zone (held as UTC either way), as ISO 8601. */
function timestampValue(value: DuckDBValue): unknown {
  let ms: bigint;
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    if (!value.isFinite) return value.toString();
    ms = floorDiv(value.micros, 1000n);
  } else if (value instanceof DuckDBTimestampSecondsValue) {
    if (!value.isFinite) return value.toString();
    ms = value.seconds * 1000n;
  } else if (value instanceof DuckDBTimestampMillisecondsValue) {
    if (!value.isFinite) return value.toString();
    ms = value.millis;
  } else if (value instanceof DuckDBTimestampNanosecondsValue) {
    if (!value.isFinite) return value.toString();
    ms = floorDiv(value.nanos, 1_000_000n);
  } else {
    return null;
  }
  const date = new Date(Number(ms));
  return Number.isNaN(date.getTime()) ? value.toString() : date.toISOString();
}

/** Division rounded toward −∞: the millisecond an instant before 1970 falls in. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d < 0n ? q - 1n : q;
}

/** PostgreSQL's `iso_8601` interval style, which the PostgreSQL connector also asks for. */
function isoDuration(value: DuckDBIntervalValue): string {
  const years = Math.trunc(value.months / 12);
  const months = value.months % 12;
  const micros = value.micros;
  const hours = micros / 3_600_000_000n;
  const minutes = (micros % 3_600_000_000n) / 60_000_000n;
  const rest = micros % 60_000_000n;
  const date = [
    [years, 'Y'],
    [months, 'M'],
    [value.days, 'D'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
  const time = [
    hours ? `${hours}H` : '',
    minutes ? `${minutes}M` : '',
    rest ? `${seconds(rest)}S` : '',
  ].join('');
  if (!date && !time) return 'PT0S';
  return `P${date}${time ? `T${time}` : ''}`;
}

/** Microseconds as seconds with no trailing zeros: `6500000n` → `6.5`, `-1000000n` → `-1`. */
function seconds(micros: bigint): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${abs / 1_000_000n}${fraction ? `.${fraction}` : ''}`;
}

const columnTypeOf = columnTypeLookup<DuckDBTypeId>([
  [
    'integer',
    [
      DuckDBTypeId.TINYINT,
      DuckDBTypeId.SMALLINT,
      DuckDBTypeId.INTEGER,
      DuckDBTypeId.BIGINT,
      DuckDBTypeId.HUGEINT,
    ],
  ],
  [
    'integer',
    [
      DuckDBTypeId.UTINYINT,
      DuckDBTypeId.USMALLINT,
      DuckDBTypeId.UINTEGER,
      DuckDBTypeId.UBIGINT,
      DuckDBTypeId.UHUGEINT,
    ],
  ],
  ['number', [DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]],
  ['decimal', [DuckDBTypeId.DECIMAL]],
  ['string', [DuckDBTypeId.VARCHAR, DuckDBTypeId.ENUM, DuckDBTypeId.UUID, DuckDBTypeId.BIT]],
  ['boolean', [DuckDBTypeId.BOOLEAN]],
  ['date', [DuckDBTypeId.DATE]],
  [
    'timestamp',
    [
      DuckDBTypeId.TIMESTAMP,
      DuckDBTypeId.TIMESTAMP_S,
      DuckDBTypeId.TIMESTAMP_MS,
      DuckDBTypeId.TIMESTAMP_NS,
      DuckDBTypeId.TIMESTAMP_TZ,
    ],
  ],
  ['time', [DuckDBTypeId.TIME, DuckDBTypeId.TIME_TZ]],
  ['interval', [DuckDBTypeId.INTERVAL]],
  [
    'json',
    [
      DuckDBTypeId.LIST,
      DuckDBTypeId.STRUCT,
      DuckDBTypeId.MAP,
      DuckDBTypeId.ARRAY,
      DuckDBTypeId.UNION,
    ],
  ],
  ['binary', [DuckDBTypeId.BLOB]],
]);

function columnType(type: DuckDBType | undefined): ColumnType {
  if (!type) return 'unknown';
  return type.alias === 'JSON' ? 'json' : columnTypeOf(type.typeId);
}

async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw engineError(error);
  }
}

/** The engine's own words go back to the user: they are what someone fixing SQL needs. */
function engineError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const syntax = /Parser Error/i.test(message);
  const line = /LINE (\d+):/.exec(message)?.[1];
  return new HttpError(400, {
    key: syntax ? 'errors.query.syntax' : 'errors.query.failed',
    engineMessage: message,
    extensions: line ? { line: Number(line) } : {},
    cause: error,
  });
}
