import type { Db, JobRun, Logger } from '@painel/api';
import { Cron } from 'croner';
import { acquireLease } from './lease.js';

export interface Job {
  name: string;
  /** Cron pattern (with seconds allowed), e.g. `0 *\/5 * * * *`. */
  schedule: string;
  /** How long one replica owns a run: shorter than the interval, longer than a run. */
  leaseMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Runs one job now if this replica wins its lease; returns whether it ran. */
  tick(name: string): Promise<boolean>;
  start(): void;
  /** Stops scheduling and waits for the runs in progress, so databases can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs jobs on their schedules. Every replica schedules every job; the lease in the metadata
 * database decides which one actually runs each time, so a run happens once.
 */
export function createScheduler(deps: {
  db: Db;
  logger: Logger;
  holder: string;
  jobs: Job[];
  /** Told of every run this replica makes (the process's /metrics counts them). */
  onRun?: (run: JobRun) => void;
  now?: () => number;
}): Scheduler {
  const now = deps.now ?? Date.now;
  const byName = new Map(deps.jobs.map((j) => [j.name, j]));
  const crons: Cron[] = [];
  const running = new Map<string, Promise<boolean>>();

  function tick(name: string): Promise<boolean> {
    if (running.has(name)) return Promise.resolve(false);
    const run = runOnce(name).finally(() => running.delete(name));
    running.set(name, run);
    return run;
  }

  async function runOnce(name: string): Promise<boolean> {
    const job = byName.get(name);
    if (!job) throw new Error(`unknown job ${name}; known: ${[...byName.keys()].join(', ')}`);
    const lease = { name, holder: deps.holder, ttlMs: job.leaseMs, now: now() };
    if (!(await acquireLease(deps.db, lease))) return false;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await job.run();
      deps.onRun?.({ job: name, outcome: 'succeeded', seconds: seconds() });
      deps.logger.info({ job: name, ms: Math.round(seconds() * 1000), result }, `job ${name} done`);
      return true;
    } catch (error) {
      deps.onRun?.({ job: name, outcome: 'failed', seconds: seconds() });
      deps.logger.error({ job: name, err: error }, `job ${name} failed`);
      return true;
    }
  }

  return {
    tick,
    start() {
      for (const job of deps.jobs) {
        crons.push(
          new Cron(job.schedule, { name: job.name, protect: true, unref: true }, () => {
            tick(job.name).catch((error: unknown) =>
              deps.logger.error({ job: job.name, err: error }, 'scheduler error'),
            );
          }),
        );
      }
    },
    async stop() {
      for (const cron of crons.splice(0)) cron.stop();
      await Promise.allSettled(running.values());
    },
  };
}
