import os from 'node:os';
import type { Db } from '@painel/api/db/knex';
import type { Logger } from '@painel/api/logger';
import type { Services } from '@painel/api/services';
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
