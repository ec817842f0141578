import { LRUCache } from 'lru-cache';
import type { QueryResult } from '../charts/spec.js';

export interface CachedResult {
  result: QueryResult;
  storedAt: number;
}

/**
 * Results keyed by (source, SQL). Concurrent misses for one key share a single run, so a
 * burst of readers on a cold dashboard costs the database one query per card.
 */
export interface ResultCache {
  /** `refresh` runs the query even when a fresh entry exists, and stores the new result. */
  get(
    key: string,
    load: () => Promise<QueryResult>,
    options?: { refresh?: boolean },
  ): Promise<CachedResult & { hit: boolean }>;
  clear(): void;
}

export function createResultCache(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): ResultCache {
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, CachedResult>({
    max: options.maxEntries ?? 500,
    ttl: options.ttlMs,
    perf: { now },
  });
  const inFlight = new Map<string, Promise<CachedResult>>();
  return {
    async get(key, load, options) {
      const cached = options?.refresh ? undefined : cache.get(key);
      if (cached) return { ...cached, hit: true };
      let pending = inFlight.get(key);
      if (!pending) {
        pending = load()
          .then((result) => {
            const entry = { result, storedAt: now() };
            cache.set(key, entry);
            return entry;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return { ...(await pending), hit: false };
    },
    clear() {
      cache.clear();
    },
  };
}
