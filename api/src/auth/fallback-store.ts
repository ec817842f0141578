import {
  type ClientRateLimitInfo,
  MemoryStore,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { Logger } from '../logger.js';

/**
 * Whether the shared store answered last time, for every limiter of one app, so an outage is
 * logged once (and its end once) however many limiters and requests meet it.
 */
export interface StoreHealth {
  failed(error: unknown): void;
  answered(): void;
}

export function storeHealth(logger: Logger): StoreHealth {
  let down = false;
  return {
    failed(error) {
      if (down) return;
      down = true;
      logger.warn({ err: error }, 'rate limits: Redis unavailable, counting in this process');
    },
    answered() {
      if (!down) return;
      down = false;
      logger.warn('rate limits: Redis answers again, counting in Redis');
    },
  };
}

/**
 * A rate-limit store that counts in `shared` (Redis) and, while that fails, in this process's
 * memory: a log-in limit never fails the request (express-rate-limit would answer 500), and
 * each replica still limits on its own. Every call tries `shared` first, which fails at once
 * while Redis is down (no offline queue: redis.ts), so counting returns there as soon as Redis
 * answers. Counts made in memory meanwhile stay there until their window ends.
 */
export class FallbackStore implements Store {
  readonly localKeys = false;
  readonly #sharedStore: Store;
  readonly #memory = new MemoryStore();
  readonly #health: StoreHealth;
  #options: Options | undefined;
  /** The shared store's init (a Redis store loads its scripts) failed or has not run. */
  #initialised = false;

  constructor(shared: Store, health: StoreHealth) {
    this.#sharedStore = shared;
    this.#health = health;
  }

  async init(options: Options): Promise<void> {
    this.#options = options;
    this.#memory.init(options);
    // At boot Redis is often still connecting: the first request initialises it then.
    await this.#ready().catch(() => undefined);
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return this.#either(
      async (store) => store.increment(key),
      () => this.#memory.increment(key),
    );
  }

  decrement(key: string): Promise<void> {
    return this.#either(
      async (store) => store.decrement(key),
      () => this.#memory.decrement(key),
    );
  }

  resetKey(key: string): Promise<void> {
    return this.#either(
      async (store) => store.resetKey(key),
      () => this.#memory.resetKey(key),
    );
  }

  /** The shared store, initialised (again, after a failed init) before its first use. */
  async #ready(): Promise<Store> {
    if (!this.#initialised && this.#options) {
      await this.#sharedStore.init?.(this.#options);
      this.#initialised = true;
    }
    return this.#sharedStore;
  }

  async #either<T>(shared: (store: Store) => Promise<T>, memory: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await shared(await this.#ready());
    } catch (error) {
      // Redis may have restarted empty: its scripts are loaded again on the next try.
      this.#initialised = false;
      this.#health.failed(error);
      return memory();
    }
    this.#health.answered();
    return result;
  }
}
