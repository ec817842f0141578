import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type PostgresCluster,
  startPostgresCluster,
} from '../../../test/support/postgres-cluster.js';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import type { SiteHandler } from '../app.js';
import { defaultRateLimits } from '../auth/rate-limit.js';
import { tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Painel's answers while the metadata PostgreSQL or Redis is down, on servers of the test's own
 * that it stops and starts: 503s (never 500s) within seconds, and everything back without a
 * restart.
 */

/** Log lines as JSON, for the tests to count warnings and look for errors. */
function logLines() {
  const lines: { level: number; msg: string }[] = [];
  return {
    lines,
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    count: (msg: string) => lines.filter((l) => l.msg === msg).length,
    errors: () => lines.filter((l) => l.level >= 50),
  };
}

/** `work`'s result and how long it took. */
async function timed<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const fewSeconds = 5_000;

describe('while the metadata PostgreSQL is down', () => {
  let pg: PostgresCluster;
  let t: TestApp;
  const log = logLines();
  // The site's prerendered pages, as the build writes them; the handler stands in for Astro's.
  const clientDir = tempDir('painel-client-');
  for (const [dir, lang] of [
    ['', 'en'],
    ['pt-br', 'pt-BR'],
  ] as const) {
    fs.mkdirSync(path.join(clientDir, dir), { recursive: true });
    fs.writeFileSync(path.join(clientDir, dir, '404.html'), `<html lang="${lang}">404</html>`);
    fs.writeFileSync(path.join(clientDir, dir, '503.html'), `<html lang="${lang}">503</html>`);
  }
  // Like the site's middleware: a page whose services fail hands the error to `unavailable`.
  const handler: SiteHandler = async (_req, res, _next, locals) => {
    try {
      await locals.painel.dashboards.renderPublic('flights', 'en');
      res.send('page');
    } catch (error) {
      const page = locals.unavailable?.(error);
      if (!page) throw error;
      res.status(page.status).set(Object.fromEntries(page.headers));
      res.send(Buffer.from(await page.arrayBuffer()));
    }
  };

  beforeAll(async () => {
    pg = await startPostgresCluster();
    t = await createTestApp({
      database: 'postgres',
      postgresServerUrl: pg.url,
      demoTables: [],
      logDestination: log.destination,
      site: { clientDir, handler },
    });
  });
  afterAll(async () => {
    await pg?.start();
    await t?.close();
    await pg?.destroy();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json with Retry-After, then serves again once it is back', async () => {
    const { b } = await person(t, 'owner@example.org');
    expect((await b.get('/api/auth/me')).status).toBe(200);
    await pg.stop();

    const [me, meMs] = await timed(() => b.get('/api/auth/me'));
    expect(me.status).toBe(503);
    expect(me.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(me.headers['retry-after']).toBe('5');
    expect(me.body).toMatchObject({ status: 503, title: 'Temporarily unavailable' });
    expect(meMs).toBeLessThan(fewSeconds);

    const [login, loginMs] = await timed(() =>
      request(t.app)
        .post('/api/auth/login')
        .set('Accept-Language', 'pt-BR')
        .send({ email: 'owner@example.org', password: 'whatever it is' }),
    );
    expect(login.status).toBe(503);
    expect(login.headers['retry-after']).toBe('5');
    expect(login.body.title).toBe('Temporariamente indisponível');
    expect(loginMs).toBeLessThan(fewSeconds);

    const [ready, readyMs] = await timed(() => request(t.app).get('/api/ready'));
    expect(ready.status).toBe(503);
    expect(readyMs).toBeLessThan(fewSeconds);
    expect((await request(t.app).get('/api/health')).status).toBe(200);

    // The pages: the reader's session fails before the page (Express), or the page's own reads.
    const account = await b.get('/pt-br/account');
    expect(account.status).toBe(503);
    expect(account.headers['retry-after']).toBe('5');
    expect(account.text).toBe('<html lang="pt-BR">503</html>');
    const dashboard = await request(t.app).get('/dashboards/flights');
    expect(dashboard.status).toBe(503);
    expect(dashboard.headers['retry-after']).toBe('5');
    expect(dashboard.text).toBe('<html lang="en">503</html>');

    expect(log.count('service unavailable')).toBeGreaterThan(0);
    expect(log.errors()).toEqual([]);

    await pg.start();
    await vi.waitFor(async () => expect((await b.get('/api/auth/me')).status).toBe(200), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await request(t.app).get('/api/ready')).status).toBe(200);
    expect((await request(t.app).get('/dashboards/flights')).text).toBe('page');
  });
});

describe('while Redis is down', () => {
  let redis: RedisServer;
  const logs = [logLines(), logLines()] as const;
  let one: TestApp;
  let two: TestApp;
  const { perAccount } = defaultRateLimits;

  beforeAll(async () => {
    redis = await startRedisServer();
    const start = (log: ReturnType<typeof logLines>) =>
      createTestApp({
        demoTables: ['stocks'],
        redisUrl: redis.url,
        rateLimits: defaultRateLimits,
        trustProxy: 1,
        logDestination: log.destination,
      });
    [one, two] = await Promise.all([start(logs[0]), start(logs[1])]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await redis?.destroy();
  });

  const login = (t: TestApp, email: string, ip: string) =>
    request(t.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email, password: 'wrong password!' });

  it('limits log-ins in each process, caches nothing, and shares counters again once it is back', async () => {
    const [log] = logs;
    await redis.stop();

    const email = `down-${randomUUID()}@example.org`;
    for (let i = 0; i < perAccount; i++) {
      const [res, ms] = await timed(() => login(one, email, '203.0.113.1'));
      expect(res.status).toBe(401);
      expect(ms).toBeLessThan(fewSeconds);
    }
    expect((await login(one, email, '203.0.113.1')).status).toBe(429);
    // The other process counts on its own meanwhile.
    expect((await login(two, email, '203.0.113.1')).status).toBe(401);
    expect(log.count('rate limits: Redis unavailable, counting in this process')).toBe(1);

    const { b } = await person(one, 'owner@example.org');
    const query = { source: 'demo', sql: 'SELECT count(*) AS n FROM stocks', useCache: true };
    for (let i = 0; i < 2; i++) {
      const [res, ms] = await timed(() => b.post('/api/workspaces/demo/queries', query));
      expect(res.status).toBe(200);
      expect(res.body.cache.hit).toBe(false);
      expect(ms).toBeLessThan(fewSeconds);
    }
    for (const l of logs) expect(l.errors()).toEqual([]);

    await redis.start();
    await vi.waitFor(
      () => {
        for (const l of logs) expect(l.count('redis available again')).toBe(1);
      },
      { timeout: 15_000, interval: 100 },
    );
    const shared = `back-${randomUUID()}@example.org`;
    for (let i = 0; i < perAccount; i++)
      expect((await login(i % 2 ? one : two, shared, '203.0.113.2')).status).toBe(401);
    expect((await login(one, shared, '203.0.113.2')).status).toBe(429);
    expect((await login(two, shared, '203.0.113.2')).status).toBe(429);
    expect(log.count('rate limits: Redis answers again, counting in Redis')).toBe(1);
    for (const l of logs) expect(l.errors()).toEqual([]);
  });
});
