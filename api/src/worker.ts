import http from 'node:http';
import express from 'express';
import { bootCore } from './boot.js';
import type { Config } from './config.js';
import { closeGracefully, listen, once } from './http/listen.js';
import { createMetrics } from './http/metrics.js';
import { metricsAccess } from './http/metrics-access.js';
import { apiNotFound, errorHandler } from './http/problem.js';
import { requestContext } from './http/request-context.js';
import { mountRoutes, type Route } from './http/route.js';
import type { Logger } from './logger.js';
import { healthRoutes } from './routes/health.js';
import type { BackgroundFactory, Running } from './server.js';

/**
 * `painel worker`: the jobs alone, for a scaled-out install. It serves no pages and no API,
 * only what an orchestrator and a monitor ask of it on PORT: `/api/health`, `/api/ready` (its
 * database, schema and scheduler) and `/metrics`.
 */
export async function startWorker(
  config: Config,
  logger: Logger,
  jobs: BackgroundFactory,
): Promise<Running> {
  const { db, services, close } = await bootCore(config, logger);
  let jobsRunning = false;
  const app = express();
  app.set('x-powered-by', false);
  app.set('trust proxy', config.trustProxy);
  const metrics = createMetrics();
  app.use(requestContext(logger));
  app.use(metrics.middleware);
  const router = express.Router();
  mountRoutes(
    router,
    healthRoutes({ db, readiness: { role: 'worker', jobsRunning: () => jobsRunning } }) as Route[],
  );
  router.use('/api', apiNotFound);
  app.use(router);
  app.get('/metrics', metricsAccess(config.metrics), metrics.handler);
  app.use(apiNotFound);
  app.use(errorHandler);

  const server = http.createServer(app);
  const url = await listen(server, config);
  const background = jobs({ db, logger, services, config, metrics });
  await background.start();
  jobsRunning = true;
  logger.info({ url }, `Painel worker is running; health on ${url}/api/ready`);

  const shutdown = async () => {
    logger.info('shutting down: finishing the jobs in progress');
    jobsRunning = false;
    await Promise.all([background.stop(), closeGracefully(server, config.shutdownTimeoutMs)]);
    await close();
    logger.info('stopped');
  };
  return { server, url, stop: once(shutdown) };
}
