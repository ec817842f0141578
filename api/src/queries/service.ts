import type { QueryResult } from '../charts/spec.js';
import type { DataSources } from '../datasources/registry.js';
import type { ResultCache } from './result-cache.js';

export interface QueryLimits {
  timeoutMs: number;
  rowLimit: number;
}

export interface RunQuery {
  workspaceId: string;
  sourceId: string;
  sql: string;
  /** Lower than the instance's row limit, never higher. */
  maxRows?: number;
  signal?: AbortSignal;
}

export interface QueryService {
  run(query: RunQuery): Promise<QueryResult>;
  /** Same as run, through the result cache (dashboards); `refresh` replaces the cached result. */
  cached(
    query: RunQuery,
    options?: { refresh?: boolean },
  ): Promise<QueryResult & { cache: { hit: boolean; ageMs: number } }>;
}

export function createQueryService(deps: {
  dataSources: DataSources;
  limits: QueryLimits;
  cache: ResultCache;
  now?: () => number;
}): QueryService {
  const now = deps.now ?? Date.now;
  const run: QueryService['run'] = async (query) => {
    const connector = await deps.dataSources.connector(query.workspaceId, query.sourceId);
    return connector.run(query.sql, {
      timeoutMs: deps.limits.timeoutMs,
      maxRows: Math.min(query.maxRows ?? deps.limits.rowLimit, deps.limits.rowLimit),
      ...(query.signal ? { signal: query.signal } : {}),
    });
  };
  return {
    run,
    async cached(query, options) {
      const key = JSON.stringify([
        query.workspaceId,
        query.sourceId,
        query.sql,
        query.maxRows ?? null,
      ]);
      const entry = await deps.cache.get(key, () => run(query), options);
      return { ...entry.result, cache: { hit: entry.hit, ageMs: now() - entry.storedAt } };
    },
  };
}
