import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { WorkspaceContext } from '../auth/context.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { createDuckDbConnector } from './duckdb.js';
import type { DataSourceSummary, DataSources } from './service.js';
import { createSourceStore, type DataSourceRow, type SourceStore } from './source-store.js';
import { kindOfEngineType } from './upload-columns.js';
import {
  removeUnusedFiles,
  retireFile,
  sqlName,
  sqlString,
  uploadFolder,
  writeParquet,
} from './upload-files.js';
import { type ColumnKind, formatOf, type UploadOptions } from './upload-options.js';
import {
  type Detected,
  type PlannedColumn,
  planUpload,
  type UploadPlan,
  unreadable,
} from './upload-plan.js';
import { createUploadStore } from './upload-store.js';
import { isUploadsConfig, uploadsSourceConfig } from './uploads-connector.js';

export const uploadsSourceName = 'Uploads';

/** What an upload sends: its options (query string), its Content-Type and the file itself. */
export interface Upload {
  options: UploadOptions;
  contentType: string | undefined;
  stream: Readable;
}

/** How many converted rows a preview shows. */
export const previewRows = 20;

export interface UploadPreview {
  table: string;
  /** Whether the workspace has that table already (an import replaces it or appends to it). */
  tableExists: boolean;
  detected: Detected;
  columns: PlannedColumn[];
  rowCount: number;
  rows: unknown[][];
}

/** The DuckDB an upload is read with, and the workspace's uploads folder it may write to. */
interface Duck {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  folder: string;
}

export interface ImportedFile {
  dataSource: DataSourceSummary;
  table: string;
  rowCount: number;
  columns: { name: string; type: string }[];
}

/**
 * The workspace's built-in Uploads source, made on its first upload. A source of the old layout
 * (one DuckDB file in the data folder, whose move at boot failed) is switched to the new one:
 * `switched` says so, and a connector open on the old file must then be released. Two replicas
 * making the source at once both end up with the one that was saved.
 */
export async function uploadsSourceOf(
  sources: SourceStore,
  workspaceId: string,
  at: Date,
): Promise<{ id: string; switched: boolean }> {
  const find = async () => {
    const rows = (await sources.list(workspaceId)).filter((r) => r.built_in);
    const legacy = legacyUploadsConfig(workspaceId);
    return (
      rows.find((r) => isUploadsConfig(JSON.parse(r.config))) ??
      rows.find((r) => JSON.parse(r.config).file === legacy)
    );
  };
  const found = await find();
  if (found) {
    const switched = !isUploadsConfig(JSON.parse(found.config));
    if (switched) await switchConfig(sources, found, at);
    return { id: found.id, switched };
  }
  const id = randomUUID();
  const taken = await sources.nameTaken(workspaceId, uploadsSourceName);
  try {
    await sources.insert({
      id,
      workspace_id: workspaceId,
      name: taken ? `${uploadsSourceName} (${id.slice(0, 8)})` : uploadsSourceName,
      engine: 'duckdb',
      config: JSON.stringify(uploadsSourceConfig),
      built_in: true,
      created_at: at,
      updated_at: at,
    });
    return { id, switched: false };
  } catch (error) {
    const made = await find();
    if (made) return { id: made.id, switched: false };
    throw error;
  }
}

/** The `config.file` of an Uploads source of the old layout. */
export const legacyUploadsConfig = (workspaceId: string): string =>
  path.join('workspaces', workspaceId, 'uploads.duckdb');

async function switchConfig(sources: SourceStore, row: DataSourceRow, at: Date): Promise<void> {
  await sources.update(row.workspace_id, row.id, {
    name: row.name,
    config: JSON.stringify(uploadsSourceConfig),
    secret: null,
    updated_at: at,
  });
}

/**
 * An uploaded file (CSV, JSON, NDJSON, Excel or Parquet; upload-plan.ts says how each is read)
 * becomes a table of the workspace's built-in "Uploads" source: it is read once, by Painel's
 * own SQL, into a new immutable Parquet file in the shared uploads folder
 * (`<UPLOADS_DIR>/<workspace id>/<uuid>.parquet`), and the metadata database points the table
 * at that file. The uploaded file itself is deleted. Any replica's next query sees it.
 */
export function createUploads(deps: {
  db: Db;
  /** This replica's own folder: the upload is received into it before it is read. */
  dataDir: string;
  /** The folder every replica shares (UPLOADS_DIR). */
  uploadsDir: string;
  dataSources: DataSources;
  audit: AuditRecorder;
  maxBytes: number;
  now?: () => number;
}) {
  const sources = createSourceStore(deps);
  const tables = createUploadStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());

  async function receive(stream: Readable, file: string): Promise<void> {
    let bytes = 0;
    const tooLarge = new HttpError(413, {
      key: 'errors.payloadTooLarge',
      params: { limit: `${Math.round(deps.maxBytes / 1024 / 1024)} MB` },
    });
    try {
      await pipeline(
        stream,
        async function* limit(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > deps.maxBytes) throw tooLarge;
            yield chunk;
          }
        },
        fs.createWriteStream(file, { mode: 0o600 }),
      );
      if (bytes === 0) throw new HttpError(400, { key: 'errors.upload.empty' });
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw error;
    }
  }

  /**
   * Receives the upload beside this replica's data, opens a DuckDB that may touch only that
   * folder and the workspace's uploads folder (its settings locked), plans how the file is read
   * and hands both to `work`; the received file and its rewrite are deleted afterwards.
   */
  async function withUpload<T>(
    ws: WorkspaceContext,
    upload: Upload,
    work: (duck: Duck, plan: UploadPlan) => Promise<T>,
    expected?: (duck: Duck) => Promise<Record<string, ColumnKind> | undefined>,
  ): Promise<T> {
    const { options } = upload;
    const format = formatOf(options.name, upload.contentType, options.format);
    const scratch = path.join(deps.dataDir, 'workspaces', ws.id);
    fs.mkdirSync(scratch, { recursive: true });
    const incoming = path.join(scratch, `incoming-${randomUUID()}.${format}`);
    const rewrite = `${incoming}.csv`;
    const folder = uploadFolder(deps.uploadsDir, ws.id);
    fs.mkdirSync(folder, { recursive: true });
    await receive(upload.stream, incoming);
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    }).catch((error: unknown) => {
      fs.rmSync(incoming, { force: true });
      throw error;
    });
    const connection = await instance.connect();
    try {
      const dirs = [scratch, folder].map((d) => sqlString(`${d}${path.sep}`)).join(', ');
      await connection.run(`SET allowed_directories = [${dirs}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
      const duck = { instance, connection, folder };
      const expectedTypes = await expected?.(duck);
      const plan = await planUpload(connection, {
        file: incoming,
        fileName: options.name,
        format,
        rewrite,
        options,
        ...(expectedTypes ? { expectedTypes } : {}),
      });
      return await work(duck, plan);
    } finally {
      connection.closeSync();
      instance.closeSync();
      fs.rmSync(incoming, { force: true });
      fs.rmSync(rewrite, { force: true });
    }
  }

  /** What importing the file would make: detected options, column types, the first rows. */
  async function preview(ws: WorkspaceContext, upload: Upload): Promise<UploadPreview> {
    const table = tableName(upload.options.table ?? upload.options.name);
    const tableExists = (await tables.fileOf(ws.id, table)) !== undefined;
    return withUpload(ws, upload, async ({ instance, connection }, plan) => {
      // Read through the connector, so values are the JSON every query answers; its statement
      // check refuses the file functions Painel's own SQL uses, which a view hides from it.
      await connection.run(`CREATE VIEW preview AS ${plan.query}`);
      const rows = await createDuckDbConnector(instance, { idleConnections: 0 }).run(
        `SELECT * FROM preview LIMIT ${previewRows}`,
        { timeoutMs: 60_000, maxRows: previewRows },
      );
      return {
        table,
        tableExists,
        detected: plan.detected,
        columns: plan.columns,
        rowCount: plan.rowCount,
        rows: rows.rows,
      };
    });
  }

  async function importFile(
    actor: Actor,
    ws: WorkspaceContext,
    upload: Upload,
  ): Promise<ImportedFile> {
    const { options } = upload;
    const table = tableName(options.table ?? options.name);
    const previous = await tables.fileOf(ws.id, table);
    const appending = options.mode === 'append' && previous !== undefined;
    let existing: { name: string; type: string }[] = [];
    const written = await withUpload(
      ws,
      upload,
      async ({ connection, folder }, plan) => {
        if (!appending) return writeParquet(connection, folder, plan.query);
        const names = plan.columns.map((c) => c.name);
        const missing = existing.filter((c) => !names.includes(c.name)).map((c) => c.name);
        const extra = names.filter((n) => !existing.some((c) => c.name === n));
        if (missing.length > 0 || extra.length > 0) {
          throw new HttpError(409, {
            key: 'errors.upload.columnsDiffer',
            params: { table, missing: missing.join(', ') || '—', extra: extra.join(', ') || '—' },
          });
        }
        const casts = existing.map(
          (c) => `CAST(${sqlName(c.name)} AS ${c.type}) AS ${sqlName(c.name)}`,
        );
        const old = sqlString(path.join(folder, previous));
        try {
          return await writeParquet(
            connection,
            folder,
            `SELECT * FROM read_parquet(${old}) UNION ALL SELECT ${casts.join(', ')} FROM (${plan.query})`,
          );
        } catch (error) {
          throw unreadable(error, options.name, [folder]);
        }
      },
      // Appended rows take the table's types, unless the upload says otherwise.
      async ({ connection, folder }) => {
        if (!appending) return undefined;
        const described = await connection.runAndReadAll(
          `DESCRIBE SELECT * FROM read_parquet(${sqlString(path.join(folder, previous))})`,
        );
        existing = described
          .getRowObjectsJson()
          .map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
        return Object.fromEntries(
          existing.flatMap((c) => {
            const kind = kindOfEngineType(c.type);
            return kind === 'other' ? [] : [[c.name, kind]];
          }),
        );
      },
    );
    const folder = uploadFolder(deps.uploadsDir, ws.id);
    const at = now();
    const { id: sourceId, switched } = await uploadsSourceOf(sources, ws.id, at);
    if (switched) await deps.dataSources.release(ws.id, sourceId);
    // The file the table read until now is kept for queries still reading it.
    if (previous) retireFile(folder, previous);
    await tables.save({
      workspace_id: ws.id,
      name: table,
      file: written.file,
      row_count: written.rowCount,
      columns: JSON.stringify(written.columns),
      at,
    });
    await sources.forgetSchema(sourceId, at);
    await deps.audit.record(
      auditEvent(actor, 'data-source.upload', ws.id, {
        dataSourceId: sourceId,
        table,
        rowCount: written.rowCount,
        mode: appending ? 'append' : 'replace',
      }),
    );
    removeUnusedFiles(folder, await tables.files(ws.id));
    return {
      dataSource: await deps.dataSources.get(ws.id, sourceId),
      table,
      rowCount: written.rowCount,
      columns: written.columns,
    };
  }

  return {
    /**
     * Imports one file as a table (replacing a table of that name, or appending to it);
     * returns what it made.
     */
    import: importFile,
    preview,
    /**
     * Deletes, in every workspace's folder, the upload files no table reads any more once their
     * grace period is over (replaced files, leftovers of failed imports, deleted workspaces'
     * files); returns how many.
     */
    async pruneUnusedFiles(): Promise<number> {
      let folders: fs.Dirent[];
      try {
        folders = fs.readdirSync(deps.uploadsDir, { withFileTypes: true });
      } catch {
        return 0;
      }
      let removed = 0;
      const workspaceIds = folders
        .filter((f) => f.isDirectory() && /^[A-Za-z0-9_-]+$/.test(f.name))
        .map((f) => f.name);
      for (const workspaceId of workspaceIds) {
        const folder = uploadFolder(deps.uploadsDir, workspaceId);
        const inUse = await tables.files(workspaceId);
        removed += removeUnusedFiles(folder, inUse, { now: now().getTime() }).length;
      }
      return removed;
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;

/** A table name from a file name: `Sales 2026 (Q1).csv` → `sales_2026_q1`. */
export function tableName(from: string): string {
  const base = path
    .basename(from)
    .replace(/\.(csv|tsv|tab|txt|json|ndjson|jsonl|xlsx|parquet)$/i, '');
  const name = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 63);
  if (!name) throw new HttpError(400, { key: 'errors.upload.tableName' });
  return /^[0-9]/.test(name) ? `t_${name}`.slice(0, 63) : name;
}
