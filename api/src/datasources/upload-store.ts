import type { Db } from '../db/knex.js';

/**
 * Which tables each workspace's Uploads source has and which Parquet file each reads
 * (`upload_tables`). Every replica reads this, so an upload through one is seen by all.
 */

export interface UploadTableRow {
  workspace_id: string;
  name: string;
  /** A file name inside `<UPLOADS_DIR>/<workspace id>/`, never a path. */
  file: string;
  row_count: number | string;
  /** `[{name, type}]` as JSON. */
  columns: string;
  created_at: unknown;
  updated_at: unknown;
}

/** What a replica needs to build its views: one row per table. */
export interface UploadTable {
  name: string;
  file: string;
  rowCount: number;
}

export function createUploadStore(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** The workspace's tables, by name: the one small query each Uploads query starts with. */
    async tables(workspaceId: string): Promise<UploadTable[]> {
      const rows = await db<UploadTableRow>('upload_tables')
        .where({ workspace_id: workspaceId })
        .orderBy('name')
        .select('name', 'file', 'row_count');
      return rows.map((r) => ({ name: r.name, file: r.file, rowCount: Number(r.row_count) }));
    },
    /** The file a table reads now, if the table exists. */
    async fileOf(workspaceId: string, name: string): Promise<string | undefined> {
      const row = await db<UploadTableRow>('upload_tables')
        .where({ workspace_id: workspaceId, name })
        .first('file');
      return row?.file;
    },
    /** Every file some table of the workspace reads. */
    async files(workspaceId: string): Promise<Set<string>> {
      const files = (await db('upload_tables')
        .where({ workspace_id: workspaceId })
        .pluck('file')) as string[];
      return new Set(files);
    },
    /**
     * Points the table at its file, creating it or replacing what it read. With `keepExisting`
     * a table that already exists is left as it is (the upgrade must not undo a newer upload).
     */
    async save(
      row: Omit<UploadTableRow, 'created_at' | 'updated_at'> & { at: Date },
      options: { keepExisting?: boolean } = {},
    ): Promise<void> {
      const { at, ...values } = row;
      const insert = db('upload_tables')
        .insert({ ...values, created_at: at, updated_at: at })
        .onConflict(['workspace_id', 'name']);
      if (options.keepExisting) await insert.ignore();
      else await insert.merge(['file', 'row_count', 'columns', 'updated_at']);
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
