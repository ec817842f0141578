import type { Logger } from '@painel/api';
import PgBoss from 'pg-boss';
import { createBossRuns } from './boss-runs.js';
import type { JobQueue, QueueDefinition } from './queue.js';

/**
 * The scaled-out queue: pg-boss on the metadata PostgreSQL (its tables in the `pgboss` schema,
 * created at start under its own lock). Every `painel worker` works every queue; a run is taken
 * by one of them (SKIP LOCKED), retried with pg-boss's backoff, and left `failed` (the dead
 * letter) when out of attempts. An attempt whose worker dies is failed once it expires.
 */
export function createBossQueue(deps: {
  connectionString: string;
  logger: Logger;
  /** How often expired attempts are failed and old runs archived (pg-boss's maintenance). */
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
  /** Finished runs are kept this long (in pg-boss's archive), then deleted by its maintenance. */
  historyDays: number;
}): JobQueue {
  const boss = new PgBoss({
    connectionString: deps.connectionString,
    schema: 'pgboss',
    application_name: 'painel-jobs',
    max: 4,
    // Painel keeps its own schedules (schedules.ts): one clock for both back ends.
    schedule: false,
    deleteAfterDays: deps.historyDays,
    ...(deps.maintenanceIntervalSeconds
      ? { maintenanceIntervalSeconds: deps.maintenanceIntervalSeconds }
      : {}),
  });
  boss.on('error', (error) => deps.logger.error({ err: error }, 'job queue error'));
  const names: string[] = [];

  async function ensureQueue(definition: QueueDefinition) {
    const options = {
      name: definition.name,
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySeconds,
      retryBackoff: definition.retryBackoff,
      expireInSeconds: definition.expireInSeconds,
    };
    if (!(await boss.getQueue(definition.name))) {
      // Two workers starting together both find it missing; the second one's create fails.
      await boss.createQueue(definition.name, options).catch(() => undefined);
    }
    await boss.updateQueue(definition.name, options);
  }

  return {
    ...createBossRuns(boss),
    names: () => [...names],
    async start(definitions, options = {}) {
      await boss.start();
      for (const definition of definitions) {
        await ensureQueue(definition);
        names.push(definition.name);
        if (options.work === false) continue;
        // pg-boss waits a polling interval after every fetch, even one that found a job: told
        // it handled one (done or failed), the worker fetches again at once, so a backlog (reports due on the
        // hour) drains at the speed of the work rather than one run per interval.
        const worker: string = await boss.work(
          definition.name,
          { pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 2, batchSize: 1 },
          async ([job]) => {
            if (!job) return undefined;
            try {
              return await definition.run(job.data);
            } finally {
              boss.notifyWorker(worker);
            }
          },
        );
      }
    },
    async send(name, data = {}) {
      const id = await boss.send(name, data as object);
      if (!id) throw new Error(`job ${name}: pg-boss did not take the run`);
      return id;
    },
    async depth() {
      const depth: Record<string, number> = {};
      for (const name of names) depth[name] = (await boss.getQueueSize(name)) ?? 0;
      return depth;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
