import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// A query that keeps DuckDB busy for a moment, so the next one finds the only slot taken.
const slow = 'SELECT count(*) FROM range(300000000) t(i) WHERE i % 7 = 3';

describe('the per-workspace query limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      demoTables: [],
      query: { timeoutMs: 10_000, rowLimit: 100, concurrency: 1 },
    });
  });
  afterAll(() => t.close());

  const run = (sql: string, queue = false) =>
    t.services.queries.run({ workspaceId: t.services.workspaceId, sourceId: 'demo', sql, queue });

  it('answers 429 to an ad-hoc query past the limit, and queues a dashboard’s', async () => {
    const first = run(slow);
    // Until the slow one has taken the slot, a quick one may still get through.
    let refused: unknown;
    for (let i = 0; i < 200 && !refused; i++)
      refused = await run('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({
      status: 429,
      key: 'errors.query.busy',
      headers: { 'Retry-After': '1' },
    });
    const order: string[] = [];
    const queued = [run('SELECT 2 AS n', true), run('SELECT 3 AS n', true)].map((p, i) =>
      p.then((r) => {
        order.push(`queued ${i}`);
        return r.rows;
      }),
    );
    await first.then(() => order.push('first'));
    expect(await Promise.all(queued)).toEqual([[[2]], [[3]]]);
    // Each waited for the one before it, in the order they came.
    expect(order).toEqual(['first', 'queued 0', 'queued 1']);
    // Every slot is free again.
    expect(t.services.queries.running()).toBe(0);
    expect((await run('SELECT 4 AS n')).rows).toEqual([[4]]);
  });

  it('counts the queries running in their engines in /metrics, until they end', async () => {
    const running = async () =>
      Number(
        /^painel_queries_running (\d+)$/m.exec((await request(t.app).get('/metrics')).text)?.[1],
      );
    expect(await running()).toBe(0);
    const abort = new AbortController();
    const endless = t.services.queries
      .run({
        workspaceId: t.services.workspaceId,
        sourceId: 'demo',
        sql: 'SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b',
        signal: abort.signal,
      })
      .catch((error: unknown) => error);
    await expect.poll(running).toBe(1);
    abort.abort();
    expect(await endless).toMatchObject({ key: 'errors.query.cancelled' });
    expect(await running()).toBe(0);
  });
});
