import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AppOptions, createApp, type SiteHandler } from './app.js';
import { loadSecrets } from './auth/secrets.js';
import { type Config, loadConfig } from './config.js';
import { createDb, type Db, migrate } from './db/knex.js';
import { loadDemoData } from './demo/load.js';
import { demoDuckDbFile, seedDemo, seedDemoEmbedSecret } from './demo/seed.js';
import { createMailer } from './email/transport.js';
import { createLogger, type Logger } from './logger.js';
import { createServices, type Services } from './services.js';

/**
 * Work that runs beside the server in the same process: the jobs, in the embedded setup. The
 * entry point composes it (the API package never imports the jobs package).
 */
export interface Background {
  start(): void;
  stop(): Promise<void>;
}

export type BackgroundFactory = (deps: {
  db: Db;
  logger: Logger;
  services: Services;
}) => Background;

/** Where the pages come from: the built site (`npm start`), or Astro's dev server (`npm run dev`). */
export type SiteLoader = (server: http.Server, logger: Logger) => Promise<AppOptions['site']>;

export interface ServerOptions {
  background?: BackgroundFactory;
  /** The built site in site/dist unless given. */
  site?: SiteLoader;
}

export interface Running {
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

/** Boots Painel: migrate, seed, load the demo data, then serve the API, site and docs on one port. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<Running> {
  const db = createDb(config.database);
  const applied = await migrate(db);
  // Replicas booting together take turns; only the one that migrated says so.
  if (applied.length)
    logger.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  else logger.debug('schema is current');
  const { workspaceId } = await seedDemo(db);
  if (config.demoData) {
    const started = performance.now();
    const reports = await loadDemoData(path.join(config.dataDir, demoDuckDbFile), logger);
    const loaded = reports.filter((r) => !r.skipped);
    logger.info(
      { ms: Math.round(performance.now() - started), loaded: loaded.length },
      loaded.length ? 'demo data loaded' : 'demo data already loaded',
    );
  }
  const secrets = loadSecrets({ ...config.secrets, dataDir: config.dataDir });
  const mailer = createMailer({ ...config.email, logger });
  const services = createServices({
    db,
    config,
    logger,
    workspaceId,
    mailer,
    secrets,
    publicUrl: config.publicUrl,
    auth: config.auth,
    redisUrl: config.redisUrl,
  });
  // The docs' live embeds sign with it; it needs the data key, so it comes after the services.
  await seedDemoEmbedSecret(services.sharing.embedSettings, workspaceId);
  // The server exists before the app so a dev site can attach its hot-reload socket to it.
  const server = http.createServer();
  const site = await (options.site ?? loadBuiltSite)(server, logger);
  const docsDir = path.join(root, 'docs/build');
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    .version as string;
  const app = createApp({
    db,
    logger,
    services,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    version,
    ...(site ? { site } : {}),
    ...(fs.existsSync(docsDir) ? { docsDir } : { docsDir: undefined }),
  });

  server.on('request', app);
  // Longer than a typical proxy's keep-alive, so nginx never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ port, publicUrl: config.publicUrl }, `Painel is listening on ${url}`);

  const background = options.background?.({ db, logger, services });
  background?.start();

  let stopping: Promise<void> | undefined;
  const shutdown = async () => {
    logger.info('shutting down: finishing in-flight requests');
    const jobsDone = background?.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets turn idle as their last response ends; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
    await closed;
    clearInterval(sweep);
    clearTimeout(timer);
    await jobsDone;
    await services.close();
    await db.destroy();
    logger.info('stopped');
  };
  // Several signals may arrive; the shutdown runs once and every caller waits for it.
  const stop = () => {
    stopping ??= shutdown();
    return stopping;
  };
  return { server, url, stop };
}

async function loadBuiltSite(_server: http.Server, logger: Logger): Promise<AppOptions['site']> {
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
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
