import os from 'node:os';
import type { Background, BackgroundFactory, Config, Services } from '@painel/api';
import { Cron } from 'croner';
import { createScheduler, type Job } from './scheduler.js';

export { acquireLease } from './lease.js';
export { createScheduler, type Job, type Scheduler } from './scheduler.js';

/** The jobs Painel runs, with the schedules and leases the configuration overrides. */
export function painelJobs(services: Services, overrides: Config['jobs'] = {}): Job[] {
  const jobs: Job[] = [
    {
      // Public dashboards are read far more than they change: keep their results warm so a
      // reader never waits on the database.
      name: 'refresh-public-dashboards',
      schedule: '0 */4 * * * *',
      leaseMs: 3 * 60_000,
      run: () => services.dashboards.refreshPublic(),
    },
    {
      // The other dashboards people opened within the hour: their next reader gets cached
      // results too. Offset from the public refresh so the two do not run at once.
      name: 'refresh-opened-dashboards',
      schedule: '30 */4 * * * *',
      leaseMs: 3 * 60_000,
      run: () => services.dashboards.refreshOpened(60 * 60_000),
    },
    {
      // Tables come and go in the databases underneath: the schema browsers and the builder
      // read what is there now.
      name: 'refresh-schemas',
      schedule: '0 7 2 * * *',
      leaseMs: 60 * 60_000,
      run: () => services.dataSources.refreshSchemas(),
    },
    {
      // Expired and revoked sessions, spent email links, settled invites: nightly, at a quiet
      // minute (not on the hour, when reports will run).
      name: 'prune-records',
      schedule: '0 17 3 * * *',
      leaseMs: 30 * 60_000,
      run: () => services.housekeeping.pruneRecords(),
    },
    {
      name: 'prune-files',
      schedule: '0 47 3 * * *',
      leaseMs: 30 * 60_000,
      run: () => services.housekeeping.pruneFiles(),
    },
  ];
  for (const name of Object.keys(overrides)) {
    if (!jobs.some((job) => job.name === name))
      throw new Error(
        `JOB_${name.toUpperCase().replaceAll('-', '_')}_*: no job is named ${name}; known: ${jobs.map((j) => j.name).join(', ')}`,
      );
  }
  return jobs.map((job) => {
    const override = overrides[job.name];
    if (override?.schedule) assertSchedule(job.name, override.schedule);
    return {
      ...job,
      ...(override?.schedule ? { schedule: override.schedule } : {}),
      ...(override?.leaseSeconds ? { leaseMs: override.leaseSeconds * 1000 } : {}),
    };
  });
}

function assertSchedule(name: string, pattern: string): void {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    throw new Error(
      `JOB_${name.toUpperCase().replaceAll('-', '_')}_SCHEDULE: ${(error as Error).message}`,
    );
  }
}

/** The scheduler of one process; every process that runs jobs competes for each run's lease. */
function createPainelScheduler({
  db,
  logger,
  services,
  config,
  metrics,
}: Parameters<BackgroundFactory>[0]) {
  return createScheduler({
    db,
    onRun: metrics.jobRun,
    logger: logger.child({ component: 'jobs' }),
    holder: `${os.hostname()}:${process.pid}`,
    jobs: painelJobs(services, config.jobs),
  });
}

/** The jobs of `painel worker`: on their schedules only. */
export const workerJobs: BackgroundFactory = (deps): Background => {
  const scheduler = createPainelScheduler(deps);
  return { start: () => scheduler.start(), stop: () => scheduler.stop() };
};

/**
 * The jobs inside the server process (the embedded setup). Warming the public dashboards right
 * away means the first reader already gets cached results.
 */
export const inProcessJobs: BackgroundFactory = (deps): Background => {
  const scheduler = createPainelScheduler(deps);
  return {
    start() {
      scheduler.start();
      void scheduler.tick('refresh-public-dashboards').catch(() => {});
    },
    stop: () => scheduler.stop(),
  };
};
