import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import { closeRedisClient, type SharedRedis } from '../redis.js';

/**
 * Who sent a request — a live session, a valid API key — kept for a few seconds, so that a
 * signed-in request does not cost a metadata read before it starts. A revocation still fails the
 * very next request: whatever could change an answer (a revoked session or key, a removed member,
 * a new language, any write through the API) empties the cache here at once and, through Redis
 * pub/sub, in every replica. Pub/sub loses what is published while a subscriber is away, so while
 * this replica's subscription is down the cache is emptied and neither read nor filled.
 */
export interface AuthCache {
  /**
   * `load`'s answer for `key`, from the cache when it holds one. A non-null answer is kept for the
   * cache's life, or until `until(answer)` (epoch ms) when that comes first.
   */
  remember<T extends object>(
    key: string,
    load: () => Promise<T | null>,
    until?: (answer: T) => number,
  ): Promise<T | null>;
  /** Every answer kept so far is stale, in this process and in the others. */
  invalidate(): Promise<void>;
  close(): Promise<void>;
}

/** How replicas tell each other of changes. */
export interface AuthBroadcast {
  /** Whether another replica's change would reach this one now. */
  listening(): boolean;
  /** Tells the other replicas; resolves once Redis has passed it on. */
  publish(): Promise<void>;
  /** Called on a change from elsewhere, and whenever listening starts or stops. */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}

export const defaultAuthCacheTtlMs = 10_000;

export function createAuthCache(
  options: {
    ttlMs?: number;
    maxEntries?: number;
    now?: () => number;
    broadcast?: AuthBroadcast;
  } = {},
): AuthCache {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? defaultAuthCacheTtlMs;
  const { broadcast } = options;
  const answers = new LRUCache<string, object>({
    max: options.maxEntries ?? 10_000,
    ttl: ttlMs,
    // Read the clock at every lookup: a test's clock jumps, and an expired session must miss.
    ttlResolution: 0,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
  // Bumped by every change: an answer loaded across one is not kept.
  let generation = 0;
  const forget = () => {
    generation += 1;
    answers.clear();
  };
  broadcast?.onChange(forget);
  const usable = () => ttlMs > 0 && (broadcast?.listening() ?? true);
  return {
    async remember(key, load, until) {
      if (usable()) {
        const kept = answers.get(key);
        // A copy: a caller may add to what it gets.
        if (kept) return { ...kept } as Awaited<ReturnType<typeof load>>;
      }
      const started = generation;
      const answer = await load();
      if (answer && usable() && generation === started) {
        const left = until ? Math.min(ttlMs, until(answer) - now()) : ttlMs;
        if (left >= 1) answers.set(key, { ...answer }, { ttl: left });
      }
      return answer;
    },
    async invalidate() {
      forget();
      await broadcast?.publish();
    },
    close: async () => broadcast?.close(),
  };
}

/**
 * Changes told through Redis: a channel every replica subscribes to on a connection of its own
 * (a subscribing connection can do nothing else). The client subscribes again by itself after a
 * reconnection, before it reports ready; until then this replica is not listening.
 */
export function redisAuthBroadcast(
  redis: SharedRedis,
  logger: Logger,
  channel = 'painel:auth:changed',
): AuthBroadcast {
  const subscriber = redis.client.duplicate();
  const listeners: Array<() => void> = [];
  const changed = () => {
    for (const listener of listeners) listener();
  };
  let subscribed = false;
  let listening = false;
  const listen = (on: boolean) => {
    if (listening === on) return;
    listening = on;
    changed();
  };
  // The shared connection logs Redis outages; this one only stops listening.
  subscriber.on('error', () => listen(false));
  subscriber.on('end', () => listen(false));
  subscriber.on('ready', () => listen(subscribed));
  subscriber
    .connect()
    .then(() => subscriber.subscribe(channel, changed))
    .then(() => {
      subscribed = true;
      listen(subscriber.isReady);
    })
    .catch((error: unknown) => logger.warn({ err: error }, 'auth cache not shared: Redis'));
  return {
    listening: () => listening,
    async publish() {
      await redis.client.publish(channel, '1').catch((error: unknown) => {
        // Redis is down (logged once by redis.ts): every replica's subscription is too, and none
        // of them reads its cache.
        if (redis.available())
          logger.warn({ err: error }, 'auth change not told to other replicas');
      });
    },
    onChange: (listener) => {
      listeners.push(listener);
    },
    async close() {
      listen(false);
      await closeRedisClient(subscriber);
    },
  };
}

/** No cache: every request reads its session or key (tests of one area, scripts). */
export const uncachedAuth: AuthCache = {
  remember: (_key, load) => load(),
  invalidate: async () => {},
  close: async () => {},
};
