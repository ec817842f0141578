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
import { createSourceStore } from './source-store.js';

export const uploadsSourceName = 'Uploads';

export interface ImportedFile {
  dataSource: DataSourceSummary;
  table: string;
  rowCount: number;
  columns: { name: string; type: string }[];
}

/**
 * Uploaded CSV and Parquet files become tables of the workspace's own DuckDB database
 * (`<data>/workspaces/<id>/uploads.duckdb`), shown as its built-in "Uploads" source. Queries
 * then read a table, never a file: the file is read once here, by Painel's own SQL, and deleted.
 * Imports into one workspace take turns, since DuckDB writes a file from one instance at a time.
 */
export function createUploads(deps: {
  db: Db;
  dataDir: string;
  dataSources: DataSources;
  audit: AuditRecorder;
  maxBytes: number;
  now?: () => number;
}) {
  const turns = new Map<string, Promise<unknown>>();
  const sources = createSourceStore(deps);
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

  async function uploadsSource(ws: WorkspaceContext, relative: string): Promise<string> {
    const existing = await deps.dataSources.byName(ws.id, uploadsSourceName);
    if (existing?.builtIn) return existing.id;
    const at = now();
    const id = randomUUID();
    await sources.insert({
      id,
      workspace_id: ws.id,
      name: existing ? `${uploadsSourceName} (${id.slice(0, 8)})` : uploadsSourceName,
      engine: 'duckdb',
      config: JSON.stringify({ file: relative }),
      built_in: true,
      created_at: at,
      updated_at: at,
    });
    return id;
  }

  async function importFile(
    actor: Actor,
    ws: WorkspaceContext,
    upload: { fileName: string; table?: string | undefined; stream: Readable },
  ): Promise<ImportedFile> {
    const format = formatOf(upload.fileName);
    const table = tableName(upload.table ?? upload.fileName);
    const relative = path.join('workspaces', ws.id, 'uploads.duckdb');
    const dir = path.join(deps.dataDir, 'workspaces', ws.id);
    fs.mkdirSync(dir, { recursive: true });
    const incoming = path.join(dir, `incoming-${randomUUID()}.${format}`);
    await receive(upload.stream, incoming);
    try {
      const sourceId = await uploadsSource(ws, relative);
      // The read-only instance queries use must be closed before a writer opens the file.
      await deps.dataSources.release(ws.id, sourceId);
      const instance = await DuckDBInstance.create(path.join(deps.dataDir, relative));
      const connection = await instance.connect();
      try {
        const reader =
          format === 'parquet'
            ? `read_parquet('${incoming}')`
            : `read_csv('${incoming}', auto_detect = true, sample_size = -1)`;
        await connection.run(`CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM ${reader}`);
        const count = await connection.runAndReadAll(`SELECT count(*) FROM "${table}"`);
        const described = await connection.runAndReadAll(`DESCRIBE "${table}"`);
        const columns = described
          .getRowObjectsJson()
          .map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
        const rowCount = Number(count.getRowsJson()[0]?.[0] ?? 0);
        await sources.forgetSchema(sourceId, now());
        await deps.audit.record(
          auditEvent(actor, 'data-source.upload', ws.id, {
            dataSourceId: sourceId,
            table,
            rowCount,
          }),
        );
        return {
          dataSource: await deps.dataSources.get(ws.id, sourceId),
          table,
          rowCount,
          columns,
        };
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, {
          key: 'errors.upload.unreadable',
          params: { file: path.basename(upload.fileName) },
          // The engine's first line says what is wrong; the rest quotes Painel's SQL and paths.
          engineMessage:
            error instanceof Error
              ? (error.message.split('\n')[0] ?? '').replaceAll(incoming, upload.fileName)
              : undefined,
          cause: error,
        });
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    } finally {
      fs.rmSync(incoming, { force: true });
    }
  }

  return {
    /** Imports one file as a table (replacing a table of that name); returns what it made. */
    import(
      actor: Actor,
      ws: WorkspaceContext,
      upload: { fileName: string; table?: string | undefined; stream: Readable },
    ): Promise<ImportedFile> {
      const previous = turns.get(ws.id) ?? Promise.resolve();
      const mine = previous.catch(() => undefined).then(() => importFile(actor, ws, upload));
      turns.set(ws.id, mine);
      mine
        .finally(() => {
          if (turns.get(ws.id) === mine) turns.delete(ws.id);
        })
        .catch(() => undefined);
      return mine;
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
