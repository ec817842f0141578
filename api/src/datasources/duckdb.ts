import {
  createDuckDBValueConverter,
  type DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBResult,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  JsonDuckDBValueConverter,
  StatementType,
} from '@duckdb/node-api';
import { HttpError } from '../errors.js';
import type { BoundValue, Connector, RunOptions, SchemaInfo } from './connector.js';
import { columnTypeLookup, exactInteger, finished, type QueryResult } from './result.js';
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

export function createDuckDbConnector(instance: DuckDBInstance): Connector {
  return {
    engine: 'duckdb',
    dialect: 'duckdb',
    placeholder: (index) => `$${index + 1}`,
    async test() {
      const connection = await instance.connect();
      try {
        await connection.run('SELECT 1');
      } finally {
        connection.closeSync();
      }
    },
    async run(sql, options) {
      // A connection per query: interrupting it on timeout or cancel stops only this query.
      const connection = await instance.connect();
      try {
        return await runOn(connection, sql, options);
      } finally {
        connection.closeSync();
      }
    },
    async introspect() {
      const connection = await instance.connect();
      try {
        return await describe(connection);
      } finally {
        connection.closeSync();
      }
    },
    async close() {
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

async function runOn(
  connection: DuckDBConnection,
  sql: string,
  options: RunOptions,
): Promise<QueryResult> {
  const started = performance.now();
  checkReadOnly(sql, 'duckdb');
  // Preparing parses and binds without executing, so the statement's kind is known before it
  // runs: a second check, by the engine itself, behind the statement check.
  const prepared = await engineCall(() => connection.prepare(sql));
  if (!readingStatements.has(prepared.statementType)) {
    throw new HttpError(400, {
      key: 'errors.query.readOnly',
      params: { statement: StatementType[prepared.statementType] ?? 'UNKNOWN' },
    });
  }
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
    const result = await prepared.stream();
    const columns = result
      .columnNames()
      .map((name, i) => ({ name, type: columnType(result.columnTypeId(i)) }));
    return finished({ columns, ...(await readRows(result, options.maxRows)) }, started);
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
): Promise<{ rows: unknown[][]; truncated: boolean }> {
  const rows: unknown[][] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return { rows, truncated: false };
    const converted = chunk.convertColumns(toJsonSafe);
    for (let r = 0; r < chunk.rowCount; r++) {
      if (rows.length === maxRows) return { rows, truncated: true };
      rows.push(converted.map((column) => column[r] ?? null));
    }
  }
}

/** Integers become numbers while exact, else strings; timestamps become ISO 8601 in UTC. */
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
    value instanceof DuckDBDecimalValue ? value.toDouble() : null,
  [DuckDBTypeId.TIMESTAMP]: timestampValue,
  [DuckDBTypeId.TIMESTAMP_TZ]: timestampValue,
});

function bigintValue(value: DuckDBValue): unknown {
  return typeof value === 'bigint' ? exactInteger(value) : null;
}

function timestampValue(value: DuckDBValue): unknown {
  if (!(value instanceof DuckDBTimestampValue)) return null;
  if (!value.isFinite) return value.toString();
  return new Date(Number(value.micros / 1000n)).toISOString();
}

const columnType = columnTypeLookup<DuckDBTypeId>([
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
  ['number', [DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL]],
  ['string', [DuckDBTypeId.VARCHAR, DuckDBTypeId.ENUM, DuckDBTypeId.UUID]],
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
  ['json', [DuckDBTypeId.LIST, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP, DuckDBTypeId.ARRAY]],
]);

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
