import path from 'node:path';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import type { Connector } from './connector.js';
import { openDuckDb } from './duckdb.js';

export interface DataSourceRow {
  id: string;
  workspace_id: string;
  name: string;
  engine: string;
  config: string;
  built_in: boolean | number;
}

export interface DataSourceSummary {
  id: string;
  name: string;
  engine: string;
  builtIn: boolean;
}

export interface DataSources {
  list(workspaceId: string): Promise<DataSourceSummary[]>;
  /** The source's connector, opened on first use and kept open. */
  connector(workspaceId: string, id: string): Promise<Connector>;
  /** Finds a source by its name within a workspace (dashboards refer to sources by name). */
  byName(workspaceId: string, name: string): Promise<DataSourceSummary | undefined>;
  close(): Promise<void>;
}

export function createDataSources({ db, dataDir }: { db: Db; dataDir: string }): DataSources {
  const open = new Map<string, Promise<Connector>>();
  const summary = (r: DataSourceRow): DataSourceSummary => ({
    id: r.id,
    name: r.name,
    engine: r.engine,
    builtIn: Boolean(r.built_in),
  });

  return {
    async list(workspaceId) {
      const rows = await db<DataSourceRow>('data_sources')
        .where({ workspace_id: workspaceId })
        .orderBy('name');
      return rows.map(summary);
    },
    async byName(workspaceId, name) {
      const row = await db<DataSourceRow>('data_sources')
        .where({ workspace_id: workspaceId, name })
        .first();
      return row && summary(row);
    },
    async connector(workspaceId, id) {
      const key = `${workspaceId}/${id}`;
      let connector = open.get(key);
      if (!connector) {
        connector = (async () => {
          const row = await db<DataSourceRow>('data_sources')
            .where({ workspace_id: workspaceId, id })
            .first();
          if (!row) throw new HttpError(404, { key: 'errors.dataSourceNotFound', params: { id } });
          const config = JSON.parse(row.config) as { file: string };
          return openDuckDb(path.resolve(dataDir, config.file));
        })();
        open.set(key, connector);
        // A failed open is not cached: the next request tries again.
        connector.catch(() => open.delete(key));
      }
      return connector;
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.allSettled(all.map(async (c) => (await c).close()));
    },
  };
}
