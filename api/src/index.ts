/**
 * What other server-side packages (the jobs, the entry points) may use from the API package.
 * Browser code imports `@painel/api/browser`; the site's server pages `@painel/api/site`.
 */
export { runCli } from './cli.js';
export type { Config } from './config.js';
export { createDb, type Db, migrate } from './db/knex.js';
export { createMetrics, type JobRun, type Metrics } from './http/metrics.js';
export {
  type JobControl,
  type JobRunFilter,
  type JobRunRecord,
  type JobState,
  publicData,
  workspaceOf,
} from './jobs/control.js';
export { jobErrors } from './jobs/errors.js';
export { createLogger, type Logger } from './logger.js';
export {
  type Background,
  type BackgroundFactory,
  main,
  type Running,
  type ServerOptions,
  type SiteLoader,
  startServer,
} from './server.js';
export type { Services } from './services.js';
