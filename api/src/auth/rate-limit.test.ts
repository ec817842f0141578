import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { inCi } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { defaultRateLimits } from './rate-limit.js';

const redisUrl = process.env.TEST_REDIS_URL;
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((a) => a.close())));

async function app(redis?: string) {
  const t = await createTestApp({
    demoTables: [],
    rateLimits: defaultRateLimits,
    trustProxy: true,
    ...(redis ? { redisUrl: redis } : {}),
  });
  apps.push(t);
  return t;
}

const login = (t: TestApp, email: string, ip = '203.0.113.7') =>
  request(t.app)
    .post('/api/auth/login')
    .set('Accept-Language', 'pt-BR')
    .set('X-Forwarded-For', ip)
    .send({ email, password: 'wrong password!' });

describe('auth rate limits at the defaults', () => {
  it(`answers 429 problem+json with Retry-After after ${defaultRateLimits.perAccount} log-in attempts on one account`, async () => {
    const t = await app();
    for (let i = 0; i < defaultRateLimits.perAccount; i++)
      expect((await login(t, 'victim@example.org')).status).toBe(401);
    const limited = await login(t, 'victim@example.org');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(
      defaultRateLimits.windowMs / 1000,
    );
    expect(limited.body.title).toBe('Tentativas demais');
    // Another account from the same client is still allowed.
    expect((await login(t, 'other@example.org')).status).toBe(401);
    const events = await t.db('audit_events').where({ type: 'login.failed' }).select('ip');
    expect(events[0]?.ip).toBe('203.0.113.7');
  });

  it(`limits one client to ${defaultRateLimits.perIp} sign-ups whatever the addresses`, async () => {
    const t = await app();
    const signup = (i: number) =>
      request(t.app)
        .post('/api/auth/signup')
        .send({
          email: `u${i}@example.org`,
          name: 'U',
          password: 'a good long password',
          locale: 'en',
        });
    for (let i = 0; i < defaultRateLimits.perIp; i++) expect((await signup(i)).status).toBe(202);
    const res = await signup(999);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    // TRUST_PROXY decides who "one client" is: another address behind the proxy is not limited.
    const other = await request(t.app)
      .post('/api/auth/signup')
      .set('X-Forwarded-For', '198.51.100.9')
      .send({ email: 'z@example.org', name: 'Z', password: 'a good long password', locale: 'en' });
    expect(other.status).toBe(202);
  });

  it.skipIf(!redisUrl && !inCi)(
    'shares counters through Redis when REDIS_URL is set (TEST_REDIS_URL)',
    async () => {
      if (!redisUrl) throw new Error('TEST_REDIS_URL is not set');
      const one = await app(redisUrl);
      const two = await app(redisUrl);
      const email = `redis-${randomUUID()}@example.org`;
      // A fresh address per run: counters in Redis outlive the test.
      const ip = `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 256)).join('.')}`;
      // Two replicas, one budget.
      for (let i = 0; i < defaultRateLimits.perAccount; i++)
        expect((await login(i % 2 ? one : two, email, ip)).status).toBe(401);
      const limited = await login(one, email, ip);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    },
  );
});
