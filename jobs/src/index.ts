import os from 'node:os';
import type { Background, BackgroundFactory, Config, Logger, Metrics, Services } from '@painel/api';
import { createBossQueue } from './queue/boss-queue.js';
import { createLocalQueue } from './queue/local-queue.js';
import type { JobQueue, QueueDefinition } from './queue/queue.js';
import { assertSchedule, createSchedules } from './queue/schedules.js';

export interface Job {
  name: string;
  /**
   * Cron pattern (with seconds allowed), e.g. `0 *\/5 * * * *`, in the server's time zone; none
   * for a job that runs only when sent (`control.send`), with the data it is sent.
   */
  schedule?: string;
  /** How long one worker owns a run: an attempt still running after it counts as failed. */
  leaseMs: number;
  /** Attempts after a failed one (with backoff from 60 s); 0 when the next slot will do. */
  retries: number;
  /** Runs once with the data it was sent (`{slot}` for a scheduled run). */
  run(data: Record<string, unknown>): Promise<unknown>;
}

/** The zone schedules are read in: the server's, as cron on that machine would. */
const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Asks the queue for a run of a job now, with its data (what the due-finding jobs fan out by). */
export type SendJob = (name: string, data: Record<string, unknown>) => Promise<string>;

/**
 * The jobs Painel runs, with the schedules and leases the configuration overrides; `send` is how
 * a job asks for others (one run per report or alert, each retried and listed on its own).
 */
export function painelJobs(
  services: Services,
  overrides: Config['jobs'] = {},
  send: SendJob = async () => {
    throw new Error('these jobs only describe themselves: nothing can be sent');
  },
  /** FAULT_PAUSE_AT's stop (tests only): `send-report` hands it to the delivery. */
  fault?: ReportFault,
): Job[] {
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
    {
      // Reports go out on the minute they are due: this finds the due slots (each claimed once,
      // however many workers look) and sends each its own run, so one slow or failing report
      // neither delays nor repeats another.
      name: 'subscriptions-due',
      schedule: '0 * * * * *',
      leaseMs: 60_000,
      retries: 0,
      run: async () => {
        const due = await services.subscriptionDelivery.claimDue();
        for (const run of due) await send('send-report', run as unknown as Record<string, unknown>);
        return { sent: due.length };
      },
    },
    {
      // One report slot; a retry skips the recipients already sent it (the delivery ledger).
      name: 'send-report',
      leaseMs: 10 * 60_000,
      retries: 3,
      run: async (data) => {
        const run = { subscriptionId: idOf(data, 'subscriptionId'), slot: idOf(data, 'slot') };
        const state = await services.subscriptionDelivery.deliver(run, { fault: fault?.(run) });
        if (state === 'failed') throw new Error('some recipients were not sent the report');
        return { state };
      },
    },
    {
      name: 'alerts-due',
      schedule: '15 * * * * *',
      leaseMs: 60_000,
      retries: 0,
      run: async () => {
        const due = await services.alertChecker.claimDue();
        for (const run of due) await send('check-alert', run as unknown as Record<string, unknown>);
        return { sent: due.length };
      },
    },
    {
      // One alert slot: its decision is kept, so a retry only re-sends the failed notifications.
      name: 'check-alert',
      leaseMs: 5 * 60_000,
      retries: 3,
      run: async (data) => {
        const state = await services.alertChecker.check({
          alertId: idOf(data, 'alertId'),
          slot: idOf(data, 'slot'),
        });
        if (state === 'failed') throw new Error('the alert could not be checked or notified');
        return { state };
      },
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

/** A string a `send-report` or `check-alert` run was sent; its absence is a bug upstream. */
function idOf(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'string') throw new Error(`run data lacks ${key}: ${JSON.stringify(data)}`);
  return value;
}

type FaultStep = NonNullable<Config['faultPauseAt']>;
type ReportFault = (run: {
  subscriptionId: string;
  slot: string;
}) => (step: FaultStep) => Promise<void>;

/**
 * FAULT_PAUSE_AT (tests only): a report's delivery that reaches that step logs `paused at <step>`
 * and never goes on, for the test to kill the worker there, as a crash would.
 */
function pauseAt(step: Config['faultPauseAt'], logger: Logger): ReportFault | undefined {
  if (!step) return undefined;
  return (run) => async (at) => {
    if (at !== step) return;
    logger.warn(run, `paused at ${at}`);
    await new Promise<never>(() => {});
  };
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
    // Never longer than the lease: a job leased for seconds (tests) is retried in seconds.
    retryDelaySeconds: Math.min(60, Math.max(1, Math.ceil(job.leaseMs / 1000))),
    retryBackoff: true,
    expireInSeconds: Math.max(1, Math.ceil(job.leaseMs / 1000)),
    async run(data) {
      const slot = (data as { slot?: string } | null)?.slot;
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await job.run((data ?? {}) as Record<string, unknown>);
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
  config: Pick<Config, 'database' | 'jobHistoryDays' | 'jobs'>,
  db: Parameters<BackgroundFactory>[0]['db'],
  logger: Logger,
): JobQueue {
  const historyDays = config.jobHistoryDays;
  // pg-boss fails expired attempts at its maintenance (every 2 minutes by default): a lease set
  // shorter is only kept if maintenance comes as often.
  const leases = Object.values(config.jobs).flatMap((j) =>
    j.leaseSeconds ? [j.leaseSeconds] : [],
  );
  const maintenanceIntervalSeconds = Math.max(1, Math.ceil(Math.min(120, ...leases)));
  return config.database.client === 'pg'
    ? createBossQueue({
        connectionString: config.database.connectionString,
        logger,
        historyDays,
        maintenanceIntervalSeconds,
      })
    : createLocalQueue({ db, logger, historyDays });
}

/** The jobs of one process: its queue's worker and the schedules that feed it. */
function createJobs(deps: Parameters<BackgroundFactory>[0], runAtStart: string[]): Background {
  const logger = deps.logger.child({ component: 'jobs' });
  const queue = createQueue(deps.config, deps.db, logger);
  const jobs = painelJobs(
    deps.services,
    deps.config.jobs,
    (name, data) => queue.send(name, data),
    pauseAt(deps.config.faultPauseAt, logger),
  );
  const schedules = createSchedules({
    db: deps.db,
    queue,
    logger,
    holder: `${os.hostname()}:${process.pid}`,
    schedules: jobs.flatMap((j) =>
      j.schedule ? [{ name: j.name, pattern: j.schedule, timeZone: serverTimeZone }] : [],
    ),
  });
  return {
    works: true,
    control: queue,
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

/**
 * The jobs of `painel serve`, a web replica: its pages and API send runs (and list and retry
 * them) through the shared queue, and leave the work and the schedules to `painel worker`.
 */
export const sendOnlyJobs: BackgroundFactory = (deps) => {
  const logger = deps.logger.child({ component: 'jobs' });
  const queue = createQueue(deps.config, deps.db, logger);
  const jobs = painelJobs(deps.services, deps.config.jobs, (name, data) => queue.send(name, data));
  return {
    works: false,
    control: queue,
    start: () => queue.start(queueDefinitions(jobs, logger, deps.metrics), { work: false }),
    stop: () => queue.stop(),
  };
};

/** The jobs of `painel worker`: on their schedules only. */
export const workerJobs: BackgroundFactory = (deps) => createJobs(deps, []);

/**
 * The jobs inside the server process (the embedded setup). Warming the public dashboards right
 * away means the first reader already gets cached results.
 */
export const inProcessJobs: BackgroundFactory = (deps) =>
  createJobs(deps, ['refresh-public-dashboards']);
