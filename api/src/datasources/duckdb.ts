import {
  createDuckDBValueConverter,
  type DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  type DuckDBResult,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  JsonDuckDBValueConverter,
  StatementType,
} from '@duckdb/node-api';
import type { ColumnType, QueryResult } from '../charts/spec.js';
import { HttpError } from '../errors.js';
import type { Connector, RunOptions } from './connector.js';

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
    async close() {
      instance.closeSync();
    },
  };
}

const readingStatements = new Set<StatementType>([StatementType.SELECT]);

async function runOn(
  connection: DuckDBConnection,
  sql: string,
  options: RunOptions,
): Promise<QueryResult> {
  const started = performance.now();
  const extracted = await engineCall(() => connection.extractStatements(sql));
  if (extracted.count === 0) throw new HttpError(400, { key: 'errors.query.empty' });
  if (extracted.count > 1) {
    throw new HttpError(400, {
      key: 'errors.query.multipleStatements',
      params: { count: extracted.count },
    });
  }
  // Preparing parses and binds without executing, so the statement's kind is known before it runs.
  const prepared = await engineCall(() => extracted.prepare(0));
  if (!readingStatements.has(prepared.statementType)) {
    throw new HttpError(400, {
      key: 'errors.query.readOnly',
      params: { statement: StatementType[prepared.statementType] ?? 'UNKNOWN' },
    });
  }

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, options.timeoutMs);
  const onAbort = () => connection.interrupt();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await prepared.stream();
    const columns = result
      .columnNames()
      .map((name, i) => ({ name, type: columnType(result.columnTypeId(i)) }));
    const { rows, truncated } = await readRows(result, options.maxRows);
    return {
      columns,
      rows,
      rowCount: rows.length,
      truncated,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (timedOut) {
      throw new HttpError(422, {
        key: 'errors.query.timeout',
        params: { seconds: options.timeoutMs / 1000 },
        cause: error,
      });
    }
    throw engineError(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
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

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

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
  if (typeof value !== 'bigint') return null;
  return value <= maxSafe && value >= -maxSafe ? Number(value) : value.toString();
}

function timestampValue(value: DuckDBValue): unknown {
  if (!(value instanceof DuckDBTimestampValue)) return null;
  if (!value.isFinite) return value.toString();
  return new Date(Number(value.micros / 1000n)).toISOString();
}

function columnType(id: DuckDBTypeId): ColumnType {
  switch (id) {
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'integer';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'number';
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return 'string';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
      return 'time';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.ARRAY:
      return 'json';
    default:
      return 'unknown';
  }
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
