import os from 'node:os';
import type { Background, Db, Logger, Services } from '@painel/api';
import { createScheduler, type Job, type Scheduler } from './scheduler.js';

export { acquireLease } from './lease.js';
export { createScheduler, type Job, type Scheduler } from './scheduler.js';

/** The jobs Painel runs: in-process by default, or in a process of their own when scaled out. */
export function painelJobs(services: Services): Job[] {
  return [
    {
      // Public dashboards are read far more than they change: keep their results warm so a
      // reader never waits on the database.
      name: 'refresh-public-dashboards',
      schedule: '0 */4 * * * *',
      leaseMs: 3 * 60_000,
      run: () => services.dashboards.refreshPublic(),
    },
  ];
}

export function createPainelScheduler(deps: {
  db: Db;
  logger: Logger;
  services: Services;
}): Scheduler {
  return createScheduler({
    db: deps.db,
    logger: deps.logger.child({ component: 'jobs' }),
    holder: `${os.hostname()}:${process.pid}`,
    jobs: painelJobs(deps.services),
  });
}

/**
 * The jobs inside the server process (the embedded setup). Warming the public dashboards right
 * away means the first reader already gets cached results.
 */
export const inProcessJobs = (deps: { db: Db; logger: Logger; services: Services }): Background => {
  const scheduler = createPainelScheduler(deps);
  return {
    start() {
      scheduler.start();
      void scheduler.tick('refresh-public-dashboards').catch(() => {});
    },
    stop: () => scheduler.stop(),
  };
};
