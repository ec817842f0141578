import { createLogger, createMetrics, type Services } from '@painel/api';
import { describe, expect, it } from 'vitest';
import { type Job, painelJobs, queueDefinitions } from './index.js';

// The jobs' list is static; only `run` would touch the services.
const services = {} as Services;

describe('painelJobs', () => {
  it('runs on its own schedule and lease unless the configuration overrides them', () => {
    const [standard] = painelJobs(services);
    expect(standard).toMatchObject({
      name: 'refresh-public-dashboards',
      schedule: '0 */4 * * * *',
      leaseMs: 180_000,
    });
    const [quick] = painelJobs(services, {
      'refresh-public-dashboards': { schedule: '*/2 * * * * *', leaseSeconds: 1.5 },
    });
    expect(quick).toMatchObject({ schedule: '*/2 * * * * *', leaseMs: 1500 });
  });

  it('cleans up nightly, records and files at quiet minutes of their own, retrying', () => {
    const byName = Object.fromEntries(painelJobs(services).map((j) => [j.name, j]));
    expect(byName['prune-records']).toMatchObject({ schedule: '0 17 3 * * *', retries: 3 });
    expect(byName['prune-files']).toMatchObject({ schedule: '0 47 3 * * *', retries: 3 });
  });

  it('names the setting when a schedule is not cron or a job does not exist', () => {
    expect(() =>
      painelJobs(services, { 'refresh-public-dashboards': { schedule: 'every minute' } }),
    ).toThrow(/^JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE: /);
    expect(() => painelJobs(services, { 'clean-up': { leaseSeconds: 5 } })).toThrow(
      'JOB_CLEAN_UP_*: no job is named clean-up; known: refresh-public-dashboards, refresh-opened-dashboards, refresh-schemas, prune-records, prune-files, subscriptions-due, send-report, alerts-due, check-alert',
    );
  });
});

describe('queueDefinitions', () => {
  it('counts each run for /metrics, logs it with its slot, and fails the attempt on a throw', async () => {
    const metrics = createMetrics();
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
    const job = (name: string, run: () => Promise<unknown>): Job => ({
      name,
      schedule: '0 * * * * *',
      leaseMs: 1500,
      retries: 2,
      run,
    });
    const [fine, broken] = queueDefinitions(
      [
        job('fine', async () => 7),
        job('broken', async () => {
          throw new Error('boom');
        }),
      ],
      logger,
      metrics,
    );
    expect(fine).toMatchObject({ retryLimit: 2, retryBackoff: true, expireInSeconds: 2 });
    expect(await fine?.run({ slot: '2026-11-25T10:00:00.000Z' })).toBe(7);
    await expect(broken?.run({})).rejects.toThrow('boom');
    const text = await metrics.registry.metrics();
    expect(text).toContain('painel_job_runs_total{job="fine",outcome="succeeded"} 1');
    expect(text).toContain('painel_job_runs_total{job="broken",outcome="failed"} 1');
    expect(text).toContain('painel_job_duration_seconds_count{job="fine"} 1');
    expect(lines.map((l) => [l.msg, l.slot])).toEqual([
      ['job fine done', '2026-11-25T10:00:00.000Z'],
      ['job broken failed', undefined],
    ]);
  });

  it('hands a job sent on demand the data it was sent with', async () => {
    const seen: unknown[] = [];
    const [report] = queueDefinitions(
      [{ name: 'send-report', leaseMs: 60_000, retries: 1, run: async (data) => seen.push(data) }],
      createLogger('silent'),
      createMetrics(),
    );
    await report?.run({
      subscriptionId: 's1',
      slot: '2026-12-06T08:00:00.000Z',
      workspaceId: 'w1',
    });
    expect(seen).toEqual([
      { subscriptionId: 's1', slot: '2026-12-06T08:00:00.000Z', workspaceId: 'w1' },
    ]);
  });

  it('reports the queue depth at each scrape', async () => {
    const metrics = createMetrics();
    metrics.watchQueue(async () => ({ 'prune-files': 3 }));
    expect(await metrics.registry.metrics()).toContain(
      'painel_job_queue_depth{job="prune-files"} 3',
    );
  });
});
