import type { Db } from '../db/knex.js';
import type { Engine } from './connector.js';

/**
 * Where data sources are kept (`data_sources`: settings, sealed password, cached schema).
 * Validation and connections are in service.ts; uploads.ts and the demo seed add built-in
 * sources through `insert`. Inside a transaction, build one over it: `createSourceStore({ db: trx })`.
 */

export interface DataSourceRow {
  id: string;
  workspace_id: string;
  name: string;
  engine: Engine;
  config: string;
  built_in: boolean | number;
  secret: string | null;
  created_at: unknown;
  updated_at: unknown;
}

export function createSourceStore(deps: { db: Db }) {
  const { db } = deps;
  return {
    async list(workspaceId: string): Promise<DataSourceRow[]> {
      return db<DataSourceRow>('data_sources').where({ workspace_id: workspaceId }).orderBy('name');
    },
    async find(workspaceId: string, id: string): Promise<DataSourceRow | undefined> {
      return db<DataSourceRow>('data_sources').where({ workspace_id: workspaceId, id }).first();
    },
    async byName(workspaceId: string, name: string): Promise<DataSourceRow | undefined> {
      return db<DataSourceRow>('data_sources').where({ workspace_id: workspaceId, name }).first();
    },
    /** Whether another source of the workspace (not `exceptId`) already has this name. */
    async nameTaken(workspaceId: string, name: string, exceptId?: string): Promise<boolean> {
      const q = db('data_sources').where({ workspace_id: workspaceId, name });
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
    async insert(
      row: Omit<DataSourceRow, 'secret'> & { secret?: string | null; created_by?: string },
    ): Promise<void> {
      await db('data_sources').insert(row);
    },
    /** New settings; the cached schema described the old ones, so it goes. */
    async update(
      workspaceId: string,
      id: string,
      values: { name: string; config: string; secret: string | null; updated_at: Date },
    ): Promise<void> {
      await db('data_sources')
        .where({ id, workspace_id: workspaceId })
        .update({ ...values, schema_json: null, schema_at: null });
    },
    async remove(workspaceId: string, id: string): Promise<void> {
      await db('data_sources').where({ id, workspace_id: workspaceId }).delete();
    },
    async cachedSchema(
      workspaceId: string,
      id: string,
    ): Promise<{ schema_json: string | null; schema_at: unknown } | undefined> {
      return db('data_sources')
        .where({ workspace_id: workspaceId, id })
        .first('schema_json', 'schema_at');
    },
    /** The sources whose schema someone has read (a cached one exists), oldest read first. */
    async withCachedSchema(): Promise<{ workspaceId: string; id: string }[]> {
      const rows: { workspace_id: string; id: string }[] = await db('data_sources')
        .whereNotNull('schema_json')
        .orderBy('schema_at')
        .select('workspace_id', 'id');
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },
    async saveSchema(workspaceId: string, id: string, json: string, at: Date): Promise<void> {
      await db('data_sources')
        .where({ workspace_id: workspaceId, id })
        .update({ schema_json: json, schema_at: at });
    },
    /** The source's tables changed underneath it (an upload): its schema is read afresh. */
    async forgetSchema(id: string, at: Date): Promise<void> {
      await db('data_sources')
        .where({ id })
        .update({ schema_json: null, schema_at: null, updated_at: at });
    },
  };
}

export type SourceStore = ReturnType<typeof createSourceStore>;
