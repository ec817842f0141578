import { LRUCache } from 'lru-cache';
import type { QueryResult } from '../datasources/result.js';

export interface CachedResult {
  result: QueryResult;
  storedAt: number;
  /** When the entry leaves the cache: a page drawn from it is kept no longer (pages/). */
  expiresAt: number;
}

/** Where cached results live: this process's memory, or Redis shared by every replica. */
export interface CacheStore {
  read(key: string): Promise<CachedResult | undefined>;
  write(key: string, entry: CachedResult, ttlMs: number): Promise<void>;
}

/**
 * Results keyed by (source, SQL, parameters). Concurrent misses for one key in this process
 * share a single run, so a burst of readers on a cold dashboard costs the database one query
 * per card. A store that fails (Redis down) costs a cache miss, never the answer.
 */
export interface ResultCache {
  /** `refresh` runs the query even when a fresh entry exists and stores the new result. */
  get(
    key: string,
    load: () => Promise<QueryResult>,
    options?: { refresh?: boolean; ttlMs?: number },
  ): Promise<CachedResult & { hit: boolean }>;
}

export function createResultCache(options: {
  ttlMs: number;
  store: CacheStore;
  now?: () => number;
  onStoreError?: (error: unknown) => void;
  /** Told when a refresh replaced a result still cached: what was drawn from it is stale. */
  onReplace?: () => void;
}): ResultCache {
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<CachedResult>>();
  const quietly = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      options.onStoreError?.(error);
      return undefined;
    }
  };
  return {
    async get(key, load, getOptions) {
      const cached = await quietly(() => options.store.read(key));
      if (cached && !getOptions?.refresh) return { ...cached, hit: true };
      let pending = inFlight.get(key);
      if (!pending) {
        pending = load()
          .then(async (result) => {
            const ttlMs = getOptions?.ttlMs ?? options.ttlMs;
            const storedAt = now();
            const entry = { result, storedAt, expiresAt: storedAt + ttlMs };
            await quietly(() => options.store.write(key, entry, ttlMs));
            if (cached) options.onReplace?.();
            return entry;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return { ...(await pending), hit: false };
    },
  };
}

/** An in-process LRU: the embedded default. */
export function memoryStore(options: { maxEntries?: number; now?: () => number } = {}): CacheStore {
  const cache = new LRUCache<string, CachedResult>({
    max: options.maxEntries ?? 500,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
  return {
    async read(key) {
      return cache.get(key);
    },
    async write(key, entry, ttlMs) {
      cache.set(key, entry, { ttl: ttlMs });
    },
  };
}

/** The commands a Redis store needs (node-redis's client has them). */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
}

/** Redis, shared by every replica; entries expire with the TTL (PX). Keys are hashed. */
export function redisStore(client: RedisCommands, prefix = 'painel:result:'): CacheStore {
  return {
    async read(key) {
      const raw = await client.get(prefix + key);
      return raw ? (JSON.parse(raw) as CachedResult) : undefined;
    },
    async write(key, entry, ttlMs) {
      await client.set(prefix + key, JSON.stringify(entry), { PX: Math.max(1, Math.round(ttlMs)) });
    },
  };
}
