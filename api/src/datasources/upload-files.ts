import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The shared uploads folder (UPLOADS_DIR): one folder per workspace, each upload one Parquet
 * file `<uuid>.parquet`, written once under a temporary name and renamed into place, then never
 * changed. Replacing a table writes a new file; the metadata database says which file is current.
 */

/**
 * How long a file no table reads any more is kept: a query that started on it may still be
 * reading it on any replica, and no query runs longer than QUERY_TIMEOUT_MS allows (1 hour).
 */
export const retiredFileGraceMs = 60 * 60_000;

const uploadFile = /^[0-9a-f-]{36}\.parquet$/;
const ours = /^\.?[0-9a-f-]{36}\.parquet(\.tmp)?$/;

/** Whether a name is one Painel gives an upload (never a path). */
export const isUploadFile = (name: string): boolean => uploadFile.test(name);

/** `<uploadsDir>/<workspaceId>`; an id that could leave the folder is refused. */
export function uploadFolder(uploadsDir: string, workspaceId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(workspaceId)) throw new Error(`invalid workspace id ${workspaceId}`);
  return path.join(path.resolve(uploadsDir), workspaceId);
}

/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
/** A SQL quoted identifier. */
export const sqlName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface WrittenFile {
  /** The new file's name inside the folder. */
  file: string;
  rowCount: number;
  columns: { name: string; type: string }[];
}

/**
 * Writes what `query` selects (run on `connection`, Painel's own SQL) as a new Parquet file in
 * `folder`: to a temporary name first, flushed to disk, then renamed, so no reader on any
 * replica ever sees half a file. Returns the file's name, row count and column types as DuckDB
 * reads them back from the file.
 */
export async function writeParquet(
  connection: DuckDBConnection,
  folder: string,
  query: string,
): Promise<WrittenFile> {
  fs.mkdirSync(folder, { recursive: true });
  const id = randomUUID();
  const temp = path.join(folder, `.${id}.parquet.tmp`);
  const file = `${id}.parquet`;
  try {
    await connection.run(`COPY (${query}) TO ${sqlString(temp)} (FORMAT parquet)`);
    const read = `read_parquet(${sqlString(temp)})`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`);
    const count = await connection.runAndReadAll(`SELECT count(*) FROM ${read}`);
    const fd = fs.openSync(temp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(folder, file));
    return {
      file,
      rowCount: Number(count.getRowsJson()[0]?.[0] ?? 0),
      columns: described
        .getRowObjectsJson()
        .map((c) => ({ name: String(c.column_name), type: String(c.column_type) })),
    };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Marks a file as no longer read from now on (its modification time, which `removeUnusedFiles`
 * counts the grace period from). Its content is not touched.
 */
export function retireFile(folder: string, file: string, now = Date.now()): void {
  if (!isUploadFile(file)) return;
  const at = new Date(now);
  try {
    fs.utimesSync(path.join(folder, file), at, at);
  } catch {
    // Already gone: nothing reads it.
  }
}

/**
 * Deletes the folder's upload files that no table reads (`inUse`) and that have not been
 * touched for `graceMs`: replaced files once no query can still be reading them, and files
 * left by an import that failed half-way. Returns the names removed.
 */
export function removeUnusedFiles(
  folder: string,
  inUse: Set<string>,
  options: { now?: number; graceMs?: number } = {},
): string[] {
  const now = options.now ?? Date.now();
  const graceMs = options.graceMs ?? retiredFileGraceMs;
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!ours.test(name) || inUse.has(name)) continue;
    const file = path.join(folder, name);
    try {
      if (now - fs.statSync(file).mtimeMs < graceMs) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Removed by another replica meanwhile.
    }
  }
  return removed;
}
