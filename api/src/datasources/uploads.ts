import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { WorkspaceContext } from '../auth/context.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import type { DataSourceSummary, DataSources } from './service.js';
import { createSourceStore, type DataSourceRow, type SourceStore } from './source-store.js';
import {
  removeUnusedFiles,
  retireFile,
  sqlString,
  uploadFolder,
  type WrittenFile,
  writeParquet,
} from './upload-files.js';
import { createUploadStore } from './upload-store.js';
import { isUploadsConfig, uploadsSourceConfig } from './uploads-connector.js';

export const uploadsSourceName = 'Uploads';

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
 * An uploaded CSV or Parquet file becomes a table of the workspace's built-in "Uploads" source:
 * it is read once, by Painel's own SQL, into a new immutable Parquet file in the shared uploads
 * folder (`<UPLOADS_DIR>/<workspace id>/<uuid>.parquet`), and the metadata database points the
 * table at that file. The uploaded file itself is deleted. Any replica's next query sees it.
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

  /** Reads the received file into a new Parquet file in the workspace's folder. */
  async function convert(
    incoming: string,
    format: 'csv' | 'parquet',
    folder: string,
    fileName: string,
  ): Promise<WrittenFile> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader =
        format === 'parquet'
          ? `read_parquet(${sqlString(incoming)})`
          : `read_csv(${sqlString(incoming)}, auto_detect = true, sample_size = -1)`;
      return await writeParquet(connection, folder, `SELECT * FROM ${reader}`);
    } catch (error) {
      throw new HttpError(400, {
        key: 'errors.upload.unreadable',
        params: { file: path.basename(fileName) },
        // The engine's first line says what is wrong; the rest quotes Painel's SQL and paths.
        engineMessage:
          error instanceof Error
            ? (error.message.split('\n')[0] ?? '')
                .replaceAll(incoming, fileName)
                .replaceAll(folder, '…')
            : undefined,
        cause: error,
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  async function importFile(
    actor: Actor,
    ws: WorkspaceContext,
    upload: { fileName: string; table?: string | undefined; stream: Readable },
  ): Promise<ImportedFile> {
    const format = formatOf(upload.fileName);
    const table = tableName(upload.table ?? upload.fileName);
    const scratch = path.join(deps.dataDir, 'workspaces', ws.id);
    fs.mkdirSync(scratch, { recursive: true });
    const incoming = path.join(scratch, `incoming-${randomUUID()}.${format}`);
    await receive(upload.stream, incoming);
    try {
      const folder = uploadFolder(deps.uploadsDir, ws.id);
      const written = await convert(incoming, format, folder, upload.fileName);
      const at = now();
      const { id: sourceId, switched } = await uploadsSourceOf(sources, ws.id, at);
      if (switched) await deps.dataSources.release(ws.id, sourceId);
      // The file the table read until now is kept for queries still reading it.
      const previous = await tables.fileOf(ws.id, table);
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
        }),
      );
      removeUnusedFiles(folder, await tables.files(ws.id));
      return {
        dataSource: await deps.dataSources.get(ws.id, sourceId),
        table,
        rowCount: written.rowCount,
        columns: written.columns,
      };
    } finally {
      fs.rmSync(incoming, { force: true });
    }
  }

  return {
    /** Imports one file as a table (replacing a table of that name); returns what it made. */
    import: importFile,
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

function formatOf(fileName: string): 'csv' | 'parquet' {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  throw new HttpError(415, {
    key: 'errors.upload.format',
    params: { file: path.basename(fileName) },
  });
}

/** A table name from a file name: `Sales 2026 (Q1).csv` → `sales_2026_q1`. */
export function tableName(from: string): string {
  const base = path.basename(from).replace(/\.(csv|tsv|txt|parquet)$/i, '');
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
