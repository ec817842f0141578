import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AppOptions, createApp, type SiteHandler } from './app.js';
import { appRoot } from './app-root.js';
import { bootCore } from './boot.js';
import { type Config, loadConfig } from './config.js';
import type { Db } from './db/knex.js';
import { closeGracefully, listen, once, stopOnSignals } from './http/listen.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import type { JobControl } from './jobs/control.js';
import { createLogger, type Logger } from './logger.js';
import type { Services } from './services.js';

/**
 * Scheduled work: beside the server in the embedded setup (`npm start`), alone in `painel
 * worker`. The entry point composes it (the API package never imports the jobs package).
 */
export interface Background {
  /** Whether this process works the jobs; a web replica's only sends them (`painel serve`). */
  works: boolean;
  /** The queue as the API sees it: the runs to list and retry, new runs to send. */
  control: JobControl;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type BackgroundFactory = (deps: {
  db: Db;
  logger: Logger;
  services: Services;
  config: Config;
  metrics: Metrics;
}) => Background;

/** Where the pages come from: the built site (`npm start`), or Astro's dev server (`npm run dev`). */
export type SiteLoader = (server: http.Server, logger: Logger) => Promise<AppOptions['site']>;

export interface ServerOptions {
  /**
   * The jobs: worked in this process too (`npm start`), or only sent from it (`painel serve`,
   * whose worker is `painel worker`).
   */
  background?: BackgroundFactory;
  /** The built site in site/dist unless given. */
  site?: SiteLoader;
}

export interface Running {
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

/** Boots Painel and serves the API, site and docs on one port (and runs the jobs, if given). */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<Running> {
  const { db, services, close } = await bootCore(config, logger);
  const root = appRoot();
  // The server exists before the app so a dev site can attach its hot-reload socket to it.
  const server = http.createServer();
  const site = await (options.site ?? loadBuiltSite)(server, logger);
  const docsDir = path.join(root, 'docs/build');
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    .version as string;
  let jobsRunning = false;
  const metrics = createMetrics();
  // Made before the app, which lists and sends runs through it; started once listening.
  const background = options.background?.({ db, logger, services, config, metrics });
  const app = createApp({
    metrics,
    metricsAccess: config.metrics,
    db,
    logger,
    services,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    version,
    ...(background ? { jobs: background.control } : {}),
    readiness: background?.works
      ? { role: 'all', jobsRunning: () => jobsRunning }
      : { role: 'web' },
    ...(site ? { site } : {}),
    ...(fs.existsSync(docsDir) ? { docsDir } : { docsDir: undefined }),
  });

  server.on('request', app);
  const url = await listen(server, config);
  logger.info({ url, publicUrl: config.publicUrl }, `Painel is listening on ${url}`);

  await background?.start();
  jobsRunning = !!background?.works;

  const shutdown = async () => {
    logger.info('shutting down: finishing in-flight requests');
    jobsRunning = false;
    const jobsDone = background?.stop();
    await closeGracefully(server, config.shutdownTimeoutMs);
    await jobsDone;
    await close();
    logger.info('stopped');
  };
  return { server, url, stop: once(shutdown) };
}

async function loadBuiltSite(_server: http.Server, logger: Logger): Promise<AppOptions['site']> {
  const root = appRoot();
  const entry = path.join(root, 'site/dist/server/entry.mjs');
  if (!fs.existsSync(entry)) {
    logger.warn('site/dist is missing: serving the API only (run `npm run build`)');
    return undefined;
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: SiteHandler };
  return { clientDir: path.join(root, 'site/dist/client'), handler };
}

/** Serve until SIGTERM or Ctrl-C. */
export async function main(options: ServerOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger, options);
  stopOnSignals(running.stop, logger);
}
