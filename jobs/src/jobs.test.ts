import type { Services } from '@painel/api';
import { describe, expect, it } from 'vitest';
import { painelJobs } from './index.js';

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

  it('cleans up nightly, records and files at quiet minutes of their own', () => {
    const byName = Object.fromEntries(painelJobs(services).map((j) => [j.name, j.schedule]));
    expect(byName).toMatchObject({
      'prune-records': '0 17 3 * * *',
      'prune-files': '0 47 3 * * *',
    });
  });

  it('names the setting when a schedule is not cron or a job does not exist', () => {
    expect(() =>
      painelJobs(services, { 'refresh-public-dashboards': { schedule: 'every minute' } }),
    ).toThrow(/^JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE: /);
    expect(() => painelJobs(services, { 'clean-up': { leaseSeconds: 5 } })).toThrow(
      'JOB_CLEAN_UP_*: no job is named clean-up; known: refresh-public-dashboards, refresh-opened-dashboards, refresh-schemas, prune-records, prune-files',
    );
  });
});
