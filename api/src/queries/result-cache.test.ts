import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { memoryAndRedisStores } from '../testing/redis.fixture.js';
import { type CacheStore, createResultCache, memoryStore, redisStore } from './result-cache.js';

const result = (n: number): QueryResult => ({
  columns: [{ name: 'n', type: 'integer' }],
  rows: [[n]],
  rowCount: 1,
  truncated: false,
  durationMs: 1,
});

const stores = memoryAndRedisStores<CacheStore>({
  memory: () => memoryStore(),
  redis: (client, prefix) => redisStore(client, prefix),
});

describe.each(stores)('the result cache in $name', ({ skip, make }) => {
  it.skipIf(skip)(
    'misses, then hits with the result’s age and expiry; refresh runs again',
    async () => {
      let clock = 1_000;
      let runs = 0;
      let replaced = 0;
      const cache = createResultCache({
        ttlMs: 60_000,
        store: make(),
        now: () => clock,
        onReplace: () => replaced++,
      });
      const load = async () => result(++runs);
      // A refresh with nothing cached replaces nothing.
      await cache.get('other', load, { refresh: true });
      expect(replaced).toBe(0);
      runs = 0;
      const first = await cache.get('k', load);
      expect(first).toMatchObject({
        hit: false,
        storedAt: 1_000,
        expiresAt: 61_000,
        result: result(1),
      });
      clock = 4_000;
      const second = await cache.get('k', load);
      expect(second).toMatchObject({
        hit: true,
        storedAt: 1_000,
        expiresAt: 61_000,
        result: result(1),
      });
      const fresh = await cache.get('k', load, { refresh: true, ttlMs: 10_000 });
      expect(fresh).toMatchObject({
        hit: false,
        storedAt: 4_000,
        expiresAt: 14_000,
        result: result(2),
      });
      // What was drawn from the result it replaced is stale (the page cache hears it).
      expect(replaced).toBe(1);
      expect((await cache.get('k', load)).result).toEqual(result(2));
    },
  );

  it.skipIf(skip)('shares one run among concurrent misses', async () => {
    let runs = 0;
    const cache = createResultCache({ ttlMs: 60_000, store: make() });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const load = async () => {
      runs++;
      await gate;
      return result(7);
    };
    const all = Promise.all(Array.from({ length: 5 }, () => cache.get('burst', load)));
    release();
    expect((await all).map((r) => r.result.rows[0]?.[0])).toEqual([7, 7, 7, 7, 7]);
    expect(runs).toBe(1);
  });

  it.skipIf(skip)('forgets an entry after its TTL', async () => {
    const cache = createResultCache({ ttlMs: 60_000, store: make() });
    let runs = 0;
    const load = async () => result(++runs);
    await cache.get('short', load, { ttlMs: 50 });
    await expect
      .poll(async () => (await cache.get('short', load, { ttlMs: 50 })).hit, {
        interval: 60,
        timeout: 3_000,
      })
      .toBe(false);
  });
});

it('answers when the store fails, and says so', async () => {
  const errors: unknown[] = [];
  const broken: CacheStore = {
    read: async () => Promise.reject(new Error('down')),
    write: async () => Promise.reject(new Error('down')),
  };
  const cache = createResultCache({
    ttlMs: 1_000,
    store: broken,
    onStoreError: (e) => errors.push(e),
  });
  expect(await cache.get('k', async () => result(1))).toMatchObject({
    hit: false,
    result: result(1),
  });
  expect(errors).toHaveLength(2);
});
