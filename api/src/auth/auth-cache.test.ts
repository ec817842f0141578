import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { createLogger } from '../logger.js';
import { connectRedis, type SharedRedis } from '../redis.js';
import { type AuthBroadcast, createAuthCache, redisAuthBroadcast } from './auth-cache.js';

/** A load that counts its calls and answers `answer`. */
function loader<T>(answer: T) {
  const counter = {
    calls: 0,
    load: async () => {
      counter.calls += 1;
      return answer;
    },
  };
  return counter;
}

describe('the auth cache', () => {
  it('keeps an answer until a change, and hands out copies', async () => {
    const cache = createAuthCache();
    const session = loader({ locale: 'pt-BR' });
    const first = await cache.remember('s', session.load);
    const second = await cache.remember('s', session.load);
    expect(second).toEqual({ locale: 'pt-BR' });
    expect(second).not.toBe(first);
    expect(session.calls).toBe(1);
    await cache.invalidate();
    await cache.remember('s', session.load);
    expect(session.calls).toBe(2);
  });

  it('does not keep an answer loaded while a change was made', async () => {
    const cache = createAuthCache();
    let calls = 0;
    const load = async () => {
      calls += 1;
      // A revocation lands between the read and its answer.
      if (calls === 1) await cache.invalidate();
      return { locale: 'en' };
    };
    await cache.remember('s', load);
    await cache.remember('s', load);
    expect(calls).toBe(2);
  });

  it('keeps no refusal, nothing past its end, and nothing when its life is 0', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const cache = createAuthCache({ ttlMs: 10_000, now });
    const refused = loader(null);
    await cache.remember('unknown', refused.load);
    await cache.remember('unknown', refused.load);
    expect(refused.calls).toBe(2);
    // A session that ends in 2 s is kept 2 s, not the cache's 10.
    const ending = loader({ expiresAt: clock + 2_000 });
    await cache.remember('ending', ending.load, (a) => a.expiresAt);
    await cache.remember('ending', ending.load, (a) => a.expiresAt);
    expect(ending.calls).toBe(1);
    clock += 2_001;
    await cache.remember('ending', ending.load, (a) => a.expiresAt);
    expect(ending.calls).toBe(2);
    const ended = loader({ expiresAt: clock - 1 });
    await cache.remember('ended', ended.load, (a) => a.expiresAt);
    await cache.remember('ended', ended.load, (a) => a.expiresAt);
    expect(ended.calls).toBe(2);
    const off = createAuthCache({ ttlMs: 0 });
    const any = loader({ locale: 'en' });
    await off.remember('s', any.load);
    await off.remember('s', any.load);
    expect(any.calls).toBe(2);
  });
});

/**
 * Two replicas on a Redis of the test's own, which it stops and starts. Within one process the
 * order in which Redis's answer to the publisher and its message to the other replica are read is
 * not fixed, so these poll; the HTTP test (revocation-replicas.test.ts) shows the next request to
 * the other replica fails.
 */
describe('the auth cache shared through Redis', () => {
  const logger = createLogger('silent');
  let server: RedisServer;
  const redis: SharedRedis[] = [];
  const broadcasts: AuthBroadcast[] = [];
  const replica = () => {
    const shared = connectRedis(server.url, logger);
    const broadcast = redisAuthBroadcast(shared, logger);
    redis.push(shared);
    broadcasts.push(broadcast);
    return { cache: createAuthCache({ broadcast }), broadcast };
  };
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const b of broadcasts) await b.close();
    for (const r of redis) await r.close();
    await server?.destroy();
  });

  it("empties every replica's cache on a change in one", async () => {
    const a = replica();
    const b = replica();
    await expect.poll(() => a.broadcast.listening() && b.broadcast.listening()).toBe(true);
    const session = loader({ locale: 'en' });
    await b.cache.remember('s', session.load);
    await b.cache.remember('s', session.load);
    expect(session.calls).toBe(1);
    await a.cache.invalidate();
    await expect
      .poll(async () => {
        await b.cache.remember('s', session.load);
        return session.calls;
      })
      .toBeGreaterThan(1);
  });

  it('reads nothing from the cache while it cannot hear the others, and caches again after', async () => {
    const { cache, broadcast } = replica();
    await expect.poll(() => broadcast.listening()).toBe(true);
    const session = loader({ locale: 'en' });
    await cache.remember('s', session.load);
    await server.stop();
    await expect.poll(() => broadcast.listening(), { timeout: 10_000 }).toBe(false);
    const before = session.calls;
    await cache.remember('s', session.load);
    await cache.remember('s', session.load);
    expect(session.calls).toBe(before + 2);
    await server.start();
    await expect.poll(() => broadcast.listening(), { timeout: 15_000 }).toBe(true);
    await cache.remember('s', session.load);
    await cache.remember('s', session.load);
    expect(session.calls).toBe(before + 3);
  });

  it('closes at once while Redis is down (a shutdown during an outage does not wait for it)', async () => {
    const shared = connectRedis(server.url, logger);
    const broadcast = redisAuthBroadcast(shared, logger);
    redis.push(shared);
    broadcasts.push(broadcast);
    await expect.poll(() => broadcast.listening()).toBe(true);
    await server.stop();
    await expect
      .poll(() => broadcast.listening() || shared.available(), { timeout: 10_000 })
      .toBe(false);
    // Both clients are now reconnecting; a QUIT queued then was never sent and never answered.
    await broadcast.close();
    await shared.close();
    expect(shared.client.isOpen).toBe(false);
    await server.start();
  });
});
