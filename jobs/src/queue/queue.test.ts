import { randomUUID } from 'node:crypto';
import { createDb, createLogger, type Db, migrate } from '@painel/api';
import { createTestDatabase, postgresUrl, type TestDatabase } from '@painel/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBossQueue } from './boss-queue.js';
import { createLocalQueue } from './local-queue.js';
import type { QueueDefinition } from './queue.js';

const logger = createLogger('silent');

/** Waits for `check`, polling; the queues run on their own timers. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function definition(
  name: string,
  run: (data: unknown) => Promise<unknown>,
  retry: Partial<QueueDefinition> = {},
): QueueDefinition {
  return {
    name,
    run,
    retryLimit: 0,
    retryDelaySeconds: 1,
    retryBackoff: true,
    expireInSeconds: 60,
    ...retry,
  };
}

describe('the local queue (SQLite, one process)', () => {
  let testDb: TestDatabase;
  let db: Db;
  let clock = Date.parse('2026-11-25T12:00:00Z');
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    db = createDb(testDb.config);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await testDb?.drop();
  });
  const queueOf = () =>
    createLocalQueue({
      db,
      logger,
      now: () => clock,
      random: () => 0.5,
      pollIntervalMs: 0,
      historyDays: 7,
    });

  it('runs what is sent, once, with its data, and keeps what it returned', async () => {
    const queue = queueOf();
    const seen: unknown[] = [];
    await queue.start([definition('echo', async (data) => seen.push(data))]);
    const id = await queue.send('echo', { n: 1 });
    expect(await queue.depth()).toEqual({ echo: 1 });
    expect(await queue.poll()).toBe(1);
    expect(await queue.poll()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await db('job_queue').where({ id }).first('state', 'output')).toEqual({
      state: 'completed',
      output: '1',
    });
    await expect(queue.send('nope')).rejects.toThrow(/unknown job nope; known: echo/);
    await queue.stop();
  });

  it('retries with backoff, then leaves the run failed when out of attempts', async () => {
    const queue = queueOf();
    const attempts: number[] = [];
    await queue.start([
      definition(
        'flaky',
        async () => {
          attempts.push(clock);
          throw new Error('still down');
        },
        { retryLimit: 2, retryDelaySeconds: 10 },
      ),
    ]);
    const id = await queue.send('flaky');
    const t0 = clock;
    await queue.poll();
    // First retry: between 10 s and 20 s later (15 s with this jitter); not before.
    clock = t0 + 14_999;
    expect(await queue.poll()).toBe(0);
    clock = t0 + 15_000;
    expect(await queue.poll()).toBe(1);
    // Second retry: between 20 s and 40 s after that one (30 s here).
    clock = t0 + 15_000 + 29_999;
    expect(await queue.poll()).toBe(0);
    clock = t0 + 45_000;
    expect(await queue.poll()).toBe(1);
    expect(attempts).toEqual([t0, t0 + 15_000, t0 + 45_000]);
    expect(await db('job_queue').where({ id }).first('state', 'retry_count', 'error')).toEqual({
      state: 'failed',
      retry_count: 2,
      error: 'still down',
    });
    clock = t0 + 3_600_000;
    expect(await queue.poll()).toBe(0);
    expect(await queue.depth()).toEqual({ flaky: 0 });
    await queue.stop();
  });

  it('keeps finished runs for the history days, then deletes them', async () => {
    const queue = queueOf();
    await queue.start([definition('kept', async () => 'ok')]);
    const id = await queue.send('kept');
    await queue.poll();
    clock += 6 * 86_400_000;
    await queue.poll();
    expect(await db('job_queue').where({ id }).first('state')).toEqual({ state: 'completed' });
    clock += 2 * 86_400_000;
    await queue.poll();
    expect(await db('job_queue').where({ id }).first()).toBeUndefined();
    await queue.stop();
  });

  it('lists its runs newest first, with their workspace, and retries a failed one', async () => {
    const queue = queueOf();
    let fail = true;
    await queue.start([
      definition('report', async () => {
        if (fail) throw new Error('mail server down');
        return 'sent';
      }),
      definition('tidy', async () => 'ok'),
    ]);
    clock += 1000;
    const tidy = await queue.send('tidy');
    clock += 1000;
    const report = await queue.send('report', { workspaceId: 'w1', slot: 'a', smtpPassword: 'x' });
    const started = clock;
    await queue.poll();
    const [last, first] = await queue.runs({ limit: 2 });
    expect(first).toMatchObject({ id: tidy, name: 'tidy', state: 'completed', workspaceId: null });
    expect(last).toEqual({
      id: report,
      name: 'report',
      state: 'failed',
      attempts: 0,
      retryLimit: 0,
      error: 'mail server down',
      createdAt: new Date(started).toISOString(),
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started).toISOString(),
      durationMs: 0,
      // Secrets stay on the server.
      data: { workspaceId: 'w1', slot: 'a' },
      workspaceId: 'w1',
    });
    expect((await queue.runs({ limit: 10, workspaceId: 'w1' })).map((r) => r.id)).toEqual([report]);
    expect((await queue.runs({ limit: 10, state: 'completed' })).map((r) => r.id)).toContain(tidy);
    expect(await queue.runs({ limit: 10, before: last?.createdAt, name: 'report' })).toEqual([]);
    await expect(queue.retry(tidy)).rejects.toMatchObject({
      status: 409,
      key: 'errors.jobs.notFailed',
    });
    await expect(queue.retry(randomUUID())).rejects.toMatchObject({ status: 404 });
    fail = false;
    expect(await queue.retry(report)).toBe(report);
    expect(await queue.run(report)).toMatchObject({ state: 'retry', retryLimit: 1 });
    await expect(queue.retry(report)).rejects.toMatchObject({ status: 409 });
    expect(await queue.poll()).toBe(1);
    expect(await queue.run(report)).toMatchObject({ state: 'completed', error: null });
    await queue.stop();
  });

  it('retries a run whose process stopped mid-way once its attempt has expired', async () => {
    const before = queueOf();
    let release = () => {};
    await before.start([
      definition('long', () => new Promise((resolve) => (release = () => resolve('late'))), {
        retryLimit: 1,
        expireInSeconds: 30,
      }),
    ]);
    const id = await before.send('long');
    const running = before.poll();
    await until(
      async () => (await db('job_queue').where({ id }).first('state'))?.state === 'active',
      'the run active',
    );
    // The process "dies": a new one starts on the same table.
    const after = queueOf();
    const ran: string[] = [];
    await after.start([definition('long', async () => ran.push('again'), { retryLimit: 1 })]);
    expect(await after.poll()).toBe(0);
    clock += 30_000;
    await after.poll();
    clock += 60_000;
    await after.poll();
    expect(ran).toEqual(['again']);
    release();
    await running;
  });
});

describe.skipIf(!postgresUrl)('the pg-boss queue (PostgreSQL, several workers)', () => {
  let testDb: TestDatabase;
  const queues: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await testDb?.drop();
  });
  const queueOf = () => {
    const queue = createBossQueue({
      connectionString: (testDb.config as { connectionString: string }).connectionString,
      logger,
      pollingIntervalSeconds: 0.5,
      historyDays: 7,
    });
    queues.push(queue);
    return queue;
  };

  it('shares the runs between two workers, each run once', async () => {
    const seen: string[] = [];
    const work = (who: string) =>
      definition('share', async (data) => {
        seen.push(`${who}:${(data as { n: number }).n}`);
      });
    const a = queueOf();
    const b = queueOf();
    await a.start([work('a')]);
    await b.start([work('b')]);
    for (let n = 0; n < 10; n++) await a.send('share', { n });
    await until(() => seen.length >= 10, 'ten runs');
    const runs = seen.map((s) => Number(s.split(':')[1])).sort((x, y) => x - y);
    expect(runs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await a.depth()).toEqual({ share: 0 });
  });

  it('retries with backoff, then leaves the run failed when out of attempts', async () => {
    const times: number[] = [];
    const queue = queueOf();
    await queue.start([
      definition(
        'flaky',
        async () => {
          times.push(Date.now());
          throw new Error('still down');
        },
        { retryLimit: 2, retryDelaySeconds: 1 },
      ),
    ]);
    await queue.send('flaky');
    await until(() => times.length === 3, 'three attempts', 60_000);
    // Never sooner than the backoff's floor: 1 s, then 2 s.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(2000);
    const db = createDb(testDb.config);
    try {
      await until(
        async () =>
          (await db.raw("select state from pgboss.job where name = 'flaky'")).rows[0]?.state ===
          'failed',
        'the run failed',
      );
    } finally {
      await db.destroy();
    }
  });

  it('lists its runs with their workspace, and retries a failed one through pg-boss', async () => {
    const queue = queueOf();
    let fail = true;
    await queue.start([
      definition('report', async () => {
        if (fail) throw new Error('mail server down');
        return 'sent';
      }),
    ]);
    const id = await queue.send('report', { workspaceId: 'w1', token: 'x' });
    await until(async () => (await queue.run(id))?.state === 'failed', 'the run failed');
    const [run] = await queue.runs({ limit: 5, workspaceId: 'w1' });
    expect(run).toMatchObject({
      id,
      name: 'report',
      state: 'failed',
      attempts: 0,
      retryLimit: 0,
      error: 'mail server down',
      data: { workspaceId: 'w1' },
      workspaceId: 'w1',
    });
    expect(run?.durationMs).toBeGreaterThanOrEqual(0);
    expect(await queue.runs({ limit: 5, workspaceId: 'w2' })).toEqual([]);
    expect(await queue.runs({ limit: 5, name: 'report', state: 'completed' })).toEqual([]);
    await expect(queue.retry(randomUUID())).rejects.toMatchObject({ status: 404 });
    fail = false;
    expect(await queue.retry(id)).toBe(id);
    await until(async () => (await queue.run(id))?.state === 'completed', 'the retry done');
    await expect(queue.retry(id)).rejects.toMatchObject({ status: 409 });
  });

  it('counts the runs waiting, for /metrics', async () => {
    const queue = queueOf();
    await queue.start([definition('later', async () => 1)], { work: false });
    await queue.send('later');
    await queue.send('later');
    expect(await queue.depth()).toEqual({ later: 2 });
  });
});
