import { createDb, createLogger, createMetrics, type Db, migrate } from '@painel/api';
import { createTestDatabase, metadataDatabases, type TestDatabase } from '@painel/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease } from './lease.js';
import { createScheduler } from './scheduler.js';

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`jobs on ${kind}`, () => {
    let testDb: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      db = createDb(testDb.config);
      await migrate(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await testDb?.drop();
    });

    it('gives a lease to one holder until it expires', async () => {
      const lease = { name: 'l1', ttlMs: 1000 };
      expect(await acquireLease(db, { ...lease, holder: 'a', now: 0 })).toBe(true);
      expect(await acquireLease(db, { ...lease, holder: 'b', now: 500 })).toBe(false);
      expect(await acquireLease(db, { ...lease, holder: 'a', now: 900 })).toBe(true);
      expect(await acquireLease(db, { ...lease, holder: 'b', now: 1500 })).toBe(false);
      expect(await acquireLease(db, { ...lease, holder: 'b', now: 1900 })).toBe(true);
    });

    it('lets only one of several contending replicas win', async () => {
      const results = await Promise.all(
        ['r1', 'r2', 'r3', 'r4'].map((holder) =>
          acquireLease(db, { name: 'l2', holder, ttlMs: 60_000, now: 10 }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('runs a job once across two replicas sharing the database', async () => {
      let runs = 0;
      let clock = 1_000;
      const job = {
        name: 'count',
        schedule: '0 * * * * *',
        leaseMs: 30_000,
        run: async () => ++runs,
      };
      const logger = createLogger('silent');
      const a = createScheduler({ db, logger, holder: 'a', jobs: [job], now: () => clock });
      const b = createScheduler({ db, logger, holder: 'b', jobs: [job], now: () => clock });
      expect(await Promise.all([a.tick('count'), b.tick('count')])).toContain(false);
      expect(runs).toBe(1);
      clock += 60_000;
      await Promise.all([b.tick('count'), a.tick('count')]);
      expect(runs).toBe(2);
      await expect(a.tick('nope')).rejects.toThrow(/unknown job nope; known: count/);
    });

    it('counts the runs it makes, failed or not, for /metrics', async () => {
      const metrics = createMetrics();
      const jobs = [
        { name: 'fine', schedule: '0 * * * * *', leaseMs: 1000, run: async () => 1 },
        {
          name: 'broken',
          schedule: '0 * * * * *',
          leaseMs: 1000,
          run: async () => {
            throw new Error('boom');
          },
        },
      ];
      const scheduler = createScheduler({
        db,
        logger: createLogger('silent'),
        holder: 'm',
        jobs,
        onRun: metrics.jobRun,
        now: () => 5_000,
      });
      await scheduler.tick('fine');
      await scheduler.tick('broken');
      const text = await metrics.registry.metrics();
      expect(text).toContain('painel_job_runs_total{job="fine",outcome="succeeded"} 1');
      expect(text).toContain('painel_job_runs_total{job="broken",outcome="failed"} 1');
      expect(text).toContain('painel_job_duration_seconds_count{job="fine"} 1');
      expect(text).not.toContain('job="broken",outcome="succeeded"');
    });
  });
}
