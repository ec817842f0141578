import { createHash } from 'node:crypto';
import type { QueryResult } from '../datasources/result.js';
import type { DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import { bindParameters, type ParameterDefinition, resolveRelativeDates } from './parameters.js';
import { todayIn } from './relative-dates.js';
import type { ResultCache } from './result-cache.js';

export interface QueryLimits {
  timeoutMs: number;
  rowLimit: number;
  /** Queries one workspace may have running at once; more get 429 with Retry-After. */
  concurrency?: number;
}

export interface RunQuery {
  workspaceId: string;
  sourceId: string;
  /** One reading statement; `{{name}}` refers to a parameter. */
  sql: string;
  parameters?: ParameterDefinition[];
  /** Where "today" is for relative dates (`today-30d`, `last30days`); default UTC. */
  timeZone?: string;
  /**
   * Wait for a free slot instead of answering 429 when the workspace is at its limit: a
   * dashboard's cards share the limit and take turns, and its page never shows "busy".
   */
  queue?: boolean;
  /** Lower than the instance's row limit, never higher. */
  maxRows?: number;
  signal?: AbortSignal;
}

export type CachedQueryResult = QueryResult & {
  cache: { hit: boolean; ageMs: number; expiresInMs: number };
};

export interface QueryService {
  run(query: RunQuery): Promise<QueryResult>;
  /** Same as run, through the result cache; `refresh` runs it anyway and stores the new result. */
  cached(query: RunQuery, options?: { refresh?: boolean }): Promise<CachedQueryResult>;
  /** Queries holding a slot now, in every workspace: running in their engine. */
  running(): number;
}

export const defaultConcurrency = 8;

export function createQueryService(deps: {
  dataSources: DataSources;
  limits: QueryLimits;
  cache: ResultCache;
  now?: () => number;
}): QueryService {
  const now = deps.now ?? Date.now;
  const running = new Map<string, number>();
  // Callers waiting for a slot, by workspace, first come first served.
  const waiting = new Map<string, (() => void)[]>();
  const concurrency = deps.limits.concurrency ?? defaultConcurrency;

  async function acquire(workspaceId: string, queue: boolean): Promise<void> {
    const inFlight = running.get(workspaceId) ?? 0;
    if (inFlight < concurrency) {
      running.set(workspaceId, inFlight + 1);
      return;
    }
    if (!queue) {
      throw new HttpError(429, {
        key: 'errors.query.busy',
        params: { limit: concurrency },
        headers: { 'Retry-After': '1' },
      });
    }
    // The slot is handed over by release(), so the count stays at the limit meanwhile.
    await new Promise<void>((resolve) => {
      const line = waiting.get(workspaceId) ?? [];
      line.push(resolve);
      waiting.set(workspaceId, line);
    });
  }

  function release(workspaceId: string): void {
    const line = waiting.get(workspaceId);
    const next = line?.shift();
    if (line?.length === 0) waiting.delete(workspaceId);
    if (next) {
      next();
      return;
    }
    const left = (running.get(workspaceId) ?? 1) - 1;
    if (left > 0) running.set(workspaceId, left);
    else running.delete(workspaceId);
  }

  // Relative dates become concrete ones first: the cache key then holds the day they meant.
  const resolved = (query: RunQuery): RunQuery =>
    query.parameters
      ? {
          ...query,
          parameters: resolveRelativeDates(
            query.parameters,
            todayIn(query.timeZone ?? 'UTC', now()),
          ),
        }
      : query;

  const runResolved = async (query: RunQuery): Promise<QueryResult> => {
    const connector = await deps.dataSources.connector(query.workspaceId, query.sourceId);
    const bound = bindParameters(query.sql, query.parameters ?? [], connector.placeholder);
    await acquire(query.workspaceId, query.queue === true);
    try {
      return await connector.run(bound.sql, {
        timeoutMs: deps.limits.timeoutMs,
        maxRows: Math.min(query.maxRows ?? deps.limits.rowLimit, deps.limits.rowLimit),
        params: bound.params,
        ...(query.signal ? { signal: query.signal } : {}),
      });
    } finally {
      release(query.workspaceId);
    }
  };
  return {
    run: (query) => runResolved(resolved(query)),
    running: () => [...running.values()].reduce((sum, n) => sum + n, 0),
    async cached(unresolved, options) {
      const query = resolved(unresolved);
      // The key holds what changes the answer: where, what, with which values, how many rows.
      const key = createHash('sha256')
        .update(
          JSON.stringify([
            query.workspaceId,
            query.sourceId,
            query.sql,
            query.parameters ?? [],
            query.maxRows ?? null,
          ]),
        )
        .digest('base64url');
      const entry = await deps.cache.get(key, () => runResolved(query), options);
      const at = now();
      return {
        ...entry.result,
        cache: {
          hit: entry.hit,
          ageMs: at - entry.storedAt,
          // An entry a Redis shared with an older release holds has no expiresAt: stale now.
          expiresInMs: Math.max(0, (entry.expiresAt ?? at) - at),
        },
      };
    },
  };
}
