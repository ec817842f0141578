import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Db } from '../db/knex.js';
import type { Logger } from '../logger.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import { createSourceStore } from './source-store.js';
import { sqlName, uploadFolder, writeParquet } from './upload-files.js';
import { createUploadStore } from './upload-store.js';
import { uploadsSourceOf } from './uploads.js';

/** What the old layout's file is renamed to once its tables are moved: a rerun skips it. */
export const migratedSuffix = '.migrated';

/**
 * Moves uploads of the old layout — one DuckDB file per workspace,
 * `<DATA_DIR>/workspaces/<id>/uploads.duckdb` — to the shared one: each table is exported to a
 * Parquet file in `<UPLOADS_DIR>/<id>/` and registered in the metadata database, the workspace's
 * Uploads source is switched to it, and the old file is renamed `uploads.duckdb.migrated` (kept,
 * not deleted, as a backup), so a rerun finds nothing to do.
 *
 * It runs when a process boots, not in `painel migrate`: the old file is in that process's own
 * DATA_DIR, which a separate migrate step (a one-off container, another machine) may not mount,
 * and a process that boots always has it. Boot runs it under the migration lock, so replicas
 * starting together on one PostgreSQL take turns; and it is idempotent besides: a table that
 * already exists is left as it is (a newer upload wins), and files of a run cut short are
 * removed later as unused.
 */
export async function upgradeLegacyUploads(deps: {
  db: Db;
  dataDir: string;
  uploadsDir: string;
  logger: Logger;
  now?: () => number;
}): Promise<{ workspaceId: string; tables: string[] }[]> {
  const root = path.join(deps.dataDir, 'workspaces');
  let ids: string[];
  try {
    ids = fs.readdirSync(root);
  } catch {
    return [];
  }
  const moved: { workspaceId: string; tables: string[] }[] = [];
  for (const workspaceId of ids) {
    const file = path.join(root, workspaceId, 'uploads.duckdb');
    if (!fs.existsSync(file)) continue;
    try {
      const tables = await upgradeWorkspace(deps, workspaceId, file);
      if (tables) moved.push({ workspaceId, tables });
    } catch (error) {
      // One workspace's failure (say, its file is open elsewhere) does not stop the boot; the
      // next start tries again, and the file stays as it was.
      deps.logger.error(
        { err: error, workspaceId },
        'could not move uploads to UPLOADS_DIR; will retry at the next start',
      );
    }
  }
  return moved;
}

async function upgradeWorkspace(
  deps: Parameters<typeof upgradeLegacyUploads>[0],
  workspaceId: string,
  file: string,
): Promise<string[] | undefined> {
  if (!(await createWorkspaceStore(deps).find(workspaceId))) {
    deps.logger.warn({ workspaceId, file }, 'uploads of a workspace that no longer exists: left');
    return undefined;
  }
  const at = new Date((deps.now ?? Date.now)());
  const store = createUploadStore(deps);
  const folder = uploadFolder(deps.uploadsDir, workspaceId);
  const names: string[] = [];
  // Opened for writing: reading also replays a write-ahead log a crash may have left.
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    const tables = (
      await connection.runAndReadAll(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal ORDER BY table_name",
      )
    ).getRowsJson();
    for (const [name] of tables) {
      const table = String(name);
      const written = await writeParquet(connection, folder, `SELECT * FROM ${sqlName(table)}`);
      await store.save(
        {
          workspace_id: workspaceId,
          name: table,
          file: written.file,
          row_count: written.rowCount,
          columns: JSON.stringify(written.columns),
          at,
        },
        { keepExisting: true },
      );
      names.push(table);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const sources = createSourceStore(deps);
  const source = await uploadsSourceOf(sources, workspaceId, at);
  await sources.forgetSchema(source.id, at);
  fs.renameSync(file, `${file}${migratedSuffix}`);
  deps.logger.info(
    { workspaceId, tables: names, uploadsDir: deps.uploadsDir },
    `moved ${names.length} uploaded table(s) to UPLOADS_DIR`,
  );
  return names;
}
