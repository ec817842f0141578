import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';

export type TestRedis = ReturnType<typeof createClient>;

/** One way of keeping things, for `describe.each`; Redis's is skipped without TEST_REDIS_URL (never in CI). */
export interface StoreUnderTest<S> {
  name: string;
  skip: boolean;
  make(): S;
}

/**
 * A store in this process's memory and the same store in the test Redis (TEST_REDIS_URL), for a
 * file that proves both behave alike. Each Redis store gets a prefix of its own: nothing shared
 * with other tests or runs on the same server.
 */
export function memoryAndRedisStores<S>(make: {
  memory: () => S;
  redis: (client: TestRedis, prefix: string) => S;
}): StoreUnderTest<S>[] {
  const url = process.env.TEST_REDIS_URL;
  let client: TestRedis | undefined;
  beforeAll(async () => {
    if (!url) return;
    client = createClient({ url });
    await client.connect();
  });
  afterAll(async () => {
    if (client?.isOpen) await client.quit();
  });
  return [
    { name: 'memory', skip: false, make: make.memory },
    {
      name: 'redis',
      skip: !url && process.env.CI !== 'true',
      make: () => make.redis(client as TestRedis, `painel-test:${randomBytes(6).toString('hex')}:`),
    },
  ];
}
