import path from 'node:path';
import type { Config } from './config.js';
import { createDashboards, type Dashboards } from './dashboards/service.js';
import { createDataSources, type DataSources } from './datasources/registry.js';
import type { Db } from './db/knex.js';
import type { Logger } from './logger.js';
import { createResultCache } from './queries/result-cache.js';
import { createQueryService, type QueryService } from './queries/service.js';

export interface Services {
  dataSources: DataSources;
  queries: QueryService;
  dashboards: Dashboards;
  /** The workspace the open endpoints act on until accounts exist. */
  workspaceId: string;
  close(): Promise<void>;
}

export function createServices(deps: {
  db: Db;
  config: Pick<Config, 'dataDir' | 'query'>;
  logger: Logger;
  workspaceId: string;
  now?: () => number;
}): Services {
  const dataSources = createDataSources({
    db: deps.db,
    dataDir: path.resolve(deps.config.dataDir),
  });
  const cache = createResultCache({ ttlMs: 5 * 60_000, ...(deps.now ? { now: deps.now } : {}) });
  const queries = createQueryService({
    dataSources,
    limits: deps.config.query,
    cache,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const dashboards = createDashboards({ db: deps.db, dataSources, queries, logger: deps.logger });
  return {
    dataSources,
    queries,
    dashboards,
    workspaceId: deps.workspaceId,
    close: () => dataSources.close(),
  };
}
