import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// A query that keeps DuckDB busy until it is cancelled, however fast or busy the machine: the
// next one finds the only slot taken for as long as the test needs.
const endless = 'SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b';

describe('the per-workspace query limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      demoTables: [],
      // Far beyond the test's own time: only a cancellation ends the endless query.
      query: { timeoutMs: 120_000, rowLimit: 100, concurrency: 1 },
    });
  });
  afterAll(() => t.close());

  const run = (sql: string, queue = false, signal?: AbortSignal) =>
    t.services.queries.run({
      workspaceId: t.services.workspaceId,
      sourceId: 'demo',
      sql,
      queue,
      ...(signal ? { signal } : {}),
    });

  it('answers 429 to an ad-hoc query past the limit, and queues a dashboard’s', async () => {
    const order: string[] = [];
    const abort = new AbortController();
    const first = run(endless, false, abort.signal).then(
      () => order.push('first'),
      (error: unknown) => {
        order.push('first');
        return error;
      },
    );
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
    const queued = [run('SELECT 2 AS n', true), run('SELECT 3 AS n', true)].map((p, i) =>
      p.then((r) => {
        order.push(`queued ${i}`);
        return r.rows;
      }),
    );
    expect(order).toEqual([]);
    abort.abort();
    expect(await first).toMatchObject({ key: 'errors.query.cancelled' });
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
    const cancelled = run(endless, false, abort.signal).catch((error: unknown) => error);
    await expect.poll(running).toBe(1);
    abort.abort();
    expect(await cancelled).toMatchObject({ key: 'errors.query.cancelled' });
    expect(await running()).toBe(0);
  });
});
