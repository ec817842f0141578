import os from 'node:os';
import type { Background, BackgroundFactory, Config, Logger, Metrics, Services } from '@painel/api';
import { createBossQueue } from './queue/boss-queue.js';
import { createLocalQueue } from './queue/local-queue.js';
import type { JobQueue, QueueDefinition } from './queue/queue.js';
import { assertSchedule, createSchedules } from './queue/schedules.js';

export interface Job {
  name: string;
  /** Cron pattern (with seconds allowed), e.g. `0 *\/5 * * * *`, in the server's time zone. */
  schedule: string;
  /** How long one worker owns a run: an attempt still running after it counts as failed. */
  leaseMs: number;
  /** Attempts after a failed one (with backoff from 60 s); 0 when the next slot will do. */
  retries: number;
  run(): Promise<unknown>;
}

/** The zone schedules are read in: the server's, as cron on that machine would. */
const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The jobs Painel runs, with the schedules and leases the configuration overrides. */
export function painelJobs(services: Services, overrides: Config['jobs'] = {}): Job[] {
  const jobs: Job[] = [
    {
      // Public dashboards are read far more than they change: keep their results warm so a
      // reader never waits on the database.
      name: 'refresh-public-dashboards',
      schedule: '0 */4 * * * *',
      leaseMs: 3 * 60_000,
      retries: 0,
      run: () => services.dashboards.refreshPublic(),
    },
    {
      // The other dashboards people opened within the hour: their next reader gets cached
      // results too. Offset from the public refresh so the two do not run at once.
      name: 'refresh-opened-dashboards',
      schedule: '30 */4 * * * *',
      leaseMs: 3 * 60_000,
      retries: 0,
      run: () => services.dashboards.refreshOpened(60 * 60_000),
    },
    {
      // Tables come and go in the databases underneath: the schema browsers and the builder
      // read what is there now.
      name: 'refresh-schemas',
      schedule: '0 7 2 * * *',
      leaseMs: 60 * 60_000,
      retries: 2,
      run: () => services.dataSources.refreshSchemas(),
    },
    {
      // Expired and revoked sessions, spent email links, settled invites: nightly, at a quiet
      // minute (not on the hour, when reports will run).
      name: 'prune-records',
      schedule: '0 17 3 * * *',
      leaseMs: 30 * 60_000,
      retries: 3,
      run: () => services.housekeeping.pruneRecords(),
    },
    {
      name: 'prune-files',
      schedule: '0 47 3 * * *',
      leaseMs: 30 * 60_000,
      retries: 3,
      run: () => services.housekeeping.pruneFiles(),
    },
  ];
  for (const name of Object.keys(overrides)) {
    if (!jobs.some((job) => job.name === name))
      throw new Error(
        `${settingOf(name)}_*: no job is named ${name}; known: ${jobs.map((j) => j.name).join(', ')}`,
      );
  }
  return jobs.map((job) => {
    const override = overrides[job.name];
    if (override?.schedule) {
      try {
        assertSchedule(override.schedule, serverTimeZone);
      } catch (error) {
        throw new Error(`${settingOf(job.name)}_SCHEDULE: ${(error as Error).message}`);
      }
    }
    return {
      ...job,
      ...(override?.schedule ? { schedule: override.schedule } : {}),
      ...(override?.leaseSeconds ? { leaseMs: override.leaseSeconds * 1000 } : {}),
    };
  });
}

const settingOf = (name: string) => `JOB_${name.toUpperCase().replaceAll('-', '_')}`;

/**
 * How each job runs on the queue: logged (`job <name> done` with how long it took and the slot
 * it ran for) and counted for /metrics; a throw fails the attempt, for the queue to retry.
 */
export function queueDefinitions(jobs: Job[], logger: Logger, metrics: Metrics): QueueDefinition[] {
  return jobs.map((job) => ({
    name: job.name,
    retryLimit: job.retries,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: Math.max(1, Math.ceil(job.leaseMs / 1000)),
    async run(data) {
      const slot = (data as { slot?: string } | null)?.slot;
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await job.run();
        metrics.jobRun({ job: job.name, outcome: 'succeeded', seconds: seconds() });
        logger.info(
          { job: job.name, slot, ms: Math.round(seconds() * 1000), result },
          `job ${job.name} done`,
        );
        return result;
      } catch (error) {
        metrics.jobRun({ job: job.name, outcome: 'failed', seconds: seconds() });
        logger.error({ job: job.name, slot, err: error }, `job ${job.name} failed`);
        throw error;
      }
    },
  }));
}

/** pg-boss on PostgreSQL (several processes share the work), else the metadata table. */
function createQueue(
  config: Pick<Config, 'database' | 'jobHistoryDays'>,
  db: Parameters<BackgroundFactory>[0]['db'],
  logger: Logger,
): JobQueue {
  const historyDays = config.jobHistoryDays;
  return config.database.client === 'pg'
    ? createBossQueue({ connectionString: config.database.connectionString, logger, historyDays })
    : createLocalQueue({ db, logger, historyDays });
}

/** The jobs of one process: its queue's worker and the schedules that feed it. */
function createJobs(deps: Parameters<BackgroundFactory>[0], runAtStart: string[]): Background {
  const logger = deps.logger.child({ component: 'jobs' });
  const jobs = painelJobs(deps.services, deps.config.jobs);
  const queue = createQueue(deps.config, deps.db, logger);
  const schedules = createSchedules({
    db: deps.db,
    queue,
    logger,
    holder: `${os.hostname()}:${process.pid}`,
    schedules: jobs.map((j) => ({ name: j.name, pattern: j.schedule, timeZone: serverTimeZone })),
  });
  return {
    async start() {
      await queue.start(queueDefinitions(jobs, logger, deps.metrics));
      deps.metrics.watchQueue(() => queue.depth());
      schedules.start();
      for (const name of runAtStart) await queue.send(name);
    },
    async stop() {
      await schedules.stop();
      await queue.stop();
    },
  };
}

/** The jobs of `painel worker`: on their schedules only. */
export const workerJobs: BackgroundFactory = (deps) => createJobs(deps, []);

/**
 * The jobs inside the server process (the embedded setup). Warming the public dashboards right
 * away means the first reader already gets cached results.
 */
export const inProcessJobs: BackgroundFactory = (deps) =>
  createJobs(deps, ['refresh-public-dashboards']);
