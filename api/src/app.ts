import compression from 'compression';
import express, { type RequestHandler } from 'express';
import { authenticate, csrfProtection, type VerifyApiKey } from './auth/middleware.js';
import { authRateLimits, defaultRateLimits, type RateLimits } from './auth/rate-limit.js';
import type { Db } from './db/knex.js';
import { isApiPath } from './http/api-path.js';
import { invalidateOnChange } from './http/changes.js';
import { bodyLimitBytes } from './http/json-body.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { type MetricsAccess, metricsAccess } from './http/metrics-access.js';
import { buildOpenApi } from './http/openapi.js';
import { apiNotFound, errorHandler } from './http/problem.js';
import { requestContext } from './http/request-context.js';
import { mountRoutes, type Route } from './http/route.js';
import { builtScriptHashes, hashInlineScripts } from './http/script-hashes.js';
import { securityHeaders } from './http/security-headers.js';
import { sharedPageCache } from './http/shared-pages.js';
import { notFoundPage, staticFiles } from './http/static-files.js';
import { unavailablePages } from './http/unavailable-page.js';
import { maskUnreachable } from './http/unreachable.js';
import { instanceAdmins } from './instance/admins.js';
import { type JobControl, noJobs } from './jobs/control.js';
import type { Logger } from './logger.js';
import { accountRoutes } from './routes/accounts.js';
import { alertRoutes } from './routes/alerts.js';
import { auditRoutes, workspaceAuditRoutes } from './routes/audit.js';
import { dashboardFolderRoutes } from './routes/dashboard-folders.js';
import { dashboardVersionRoutes } from './routes/dashboard-versions.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { dataSourceRoutes } from './routes/data-sources.js';
import { demoEmbedRoutes } from './routes/demo-embeds.js';
import { embedRoutes } from './routes/embeds.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { instanceSettingsRoutes } from './routes/instance-settings.js';
import { jobRunRoutes } from './routes/job-runs.js';
import { publicLinkRoutes } from './routes/public-links.js';
import { queryRoutes } from './routes/queries.js';
import { savedQueryRoutes } from './routes/saved-queries.js';
import { sessionRoutes } from './routes/sessions.js';
import { sharingRoutes } from './routes/sharing.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import type { Services } from './services.js';
import { sharedPageHeaders } from './sharing/http.js';
import { createSiteRequest } from './site-request.js';
import type { SiteServices } from './site-services.js';
import { workspaceAreaRoutes } from './workspaces/area.js';

/** Astro's Node adapter handler (middleware mode), as built into site/dist/server/entry.mjs. */
export type SiteHandler = (
  req: express.Request,
  res: express.Response,
  next: express.NextFunction,
  locals: SiteLocals,
) => unknown;

/**
 * What every on-demand page gets as `Astro.locals`: the request's services, and the public URL
 * its absolute links start with (the build's own `site` is a placeholder: api/src/http/public-url.ts).
 */
export interface SiteLocals {
  painel: SiteServices;
  publicUrl: string;
  /**
   * The 503 page for an error a page met when it is a service Painel depends on being down (the
   * database), else undefined: the site's middleware answers with it instead of a 500.
   */
  unavailable?: (error: unknown) => Response | undefined;
}

export interface AppOptions {
  db: Db;
  logger: Logger;
  services: Services;
  publicUrl: string;
  trustProxy?: boolean | number | string;
  version?: string;
  /**
   * The pages; absent in API-only tests. A built site serves its files from `clientDir`; Astro's
   * dev server (no `clientDir`) serves its own files and not-found pages.
   */
  site?: { clientDir?: string; handler: SiteHandler };
  docsDir?: string;
  /** Resolves `Authorization: Bearer` API keys (the API-keys area provides it). */
  verifyApiKey?: VerifyApiKey;
  /** Log in, sign up, reset and verification limits (RATE_LIMIT_* in the environment). */
  rateLimits?: RateLimits;
  /** What `/api/ready` checks: a web replica's by default. */
  readiness?: Readiness;
  /** The process's metrics, when something besides the app (the jobs) reports into them. */
  metrics?: Metrics;
  /** Who may read `/metrics` (METRICS_TOKEN); open unless given. */
  metricsAccess?: MetricsAccess;
  /** The job queue, to list, retry and send runs; none in API-only tests (no runs). */
  jobs?: JobControl;
}

export function apiRoutes(
  options: Pick<AppOptions, 'db' | 'services' | 'readiness' | 'jobs'>,
): Route[] {
  const { accounts } = options.services.auth;
  const { access } = options.services.workspaceArea;
  const { dashboardAccess, sharing } = options.services;
  // Asked by every signed-in read with dates in it; kept with the sessions, and forgotten with
  // them on any change (a new time zone is a PATCH through the API).
  const timeZoneOf = async (userId: string) => {
    const kept = await options.services.authCache.remember(`time-zone:${userId}`, async () => ({
      timeZone: (await accounts.profile(userId)).timeZone,
    }));
    // The loader never answers null.
    return kept!.timeZone;
  };
  return [
    ...healthRoutes({ db: options.db, readiness: options.readiness ?? { role: 'web' } }),
    ...accountRoutes({ auth: options.services.auth }),
    ...sessionRoutes({ auth: options.services.auth }),
    ...auditRoutes({ auth: options.services.auth }),
    ...workspaceAuditRoutes({
      auth: options.services.auth,
      access: options.services.workspaceArea.access,
    }),
    ...workspaceAreaRoutes(options.services.workspaceArea),
    ...dataSourceRoutes({
      dataSources: options.services.dataSources,
      uploads: options.services.uploads,
      access: options.services.workspaceArea.access,
    }),
    ...queryRoutes({
      queries: options.services.queries,
      history: options.services.history,
      dataSources: options.services.dataSources,
      access: options.services.workspaceArea.access,
      timeZoneOf,
    }),
    ...savedQueryRoutes({
      savedQueries: options.services.savedQueries,
      history: options.services.history,
      queries: options.services.queries,
      access: options.services.workspaceArea.access,
      timeZoneOf,
    }),
    ...dashboardRoutes({ dashboards: options.services.dashboards, access, timeZoneOf }),
    ...dashboardVersionRoutes({ dashboards: options.services.dashboards, access }),
    ...dashboardFolderRoutes({ dashboards: options.services.dashboards, access }),
    ...sharingRoutes({ access, dashboardAccess, grants: sharing.grants }),
    ...publicLinkRoutes({ access, dashboardAccess, publicLinks: sharing.publicLinks }),
    ...embedRoutes({ access, embeds: sharing.embeds, embedSettings: sharing.embedSettings }),
    ...demoEmbedRoutes({ demoEmbeds: sharing.demoEmbeds }),
    ...subscriptionRoutes({ access, subscriptions: options.services.subscriptions }),
    ...alertRoutes({ access, alerts: options.services.alerts }),
    ...instanceSettingsRoutes({ instance: options.services.auth.instance }),
    ...jobRunRoutes({
      jobs: options.jobs ?? noJobs,
      access,
      isInstanceAdmin: instanceAdmins({ db: options.db }),
    }),
  ] as Route[];
}

/** The whole HTTP surface in one Express app. It never listens: server.ts does. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('x-powered-by', false);
  app.set('etag', 'strong');

  const metrics = options.metrics ?? createMetrics();
  metrics.watchQueries(() => options.services.queries.running());
  app.use(requestContext(options.logger));
  app.use(metrics.middleware);
  const pageCache = sharedPageCache({ cache: options.services.pages, logger: options.logger });
  if (options.site) app.use(pageCache.serve);
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          // The prebuilt pages' inline scripts by hash (Docusaurus's theme and streaming, the
          // site's); pages rendered per request add their own (hashInlineScripts below).
          'script-src': [
            "'self'",
            ...builtScriptHashes(
              [options.site?.clientDir, options.docsDir].filter((d) => d !== undefined),
            ),
          ],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'frame-ancestors': ["'self'"],
          'upgrade-insecure-requests': options.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      // Same-origin pages only; embeds get their own policy.
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: options.publicUrl.startsWith('https:'),
    }),
  );
  app.use(sharedPageHeaders());
  app.use(compression());

  const routes = apiRoutes(options);
  const openapi = JSON.stringify(
    buildOpenApi(routes, { version: options.version ?? '0.0.0', serverUrl: options.publicUrl }),
  );
  const api = express.Router();
  // An upload's body is the file itself, a JSON one included: its route reads the stream.
  const json = express.json({
    limit: bodyLimitBytes,
    type: (req) =>
      !/^\/api\/workspaces\/[^/]+\/uploads(\/preview)?(\?|$)/.test(req.url ?? '') &&
      (req as express.Request).is('application/json') === 'application/json',
  });
  // Dashboards as code are imported as YAML too.
  const text = express.text({
    type: ['application/yaml', 'text/yaml', 'application/x-yaml'],
    limit: bodyLimitBytes,
  });
  // Reads carry no body: they skip both parsers, which would each look for one.
  api.use(function bodies(req, res, next) {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    json(req, res, (error) => (error ? next(error) : text(req, res, next)));
  });
  const { auth } = options.services;
  api.use(
    '/api',
    authenticate({
      tokens: auth.tokens,
      sessions: auth.sessions,
      verifyApiKey: options.verifyApiKey ?? options.services.workspaceArea.apiKeys.verify,
    }),
  );
  api.use('/api', csrfProtection({ sessions: auth.sessions }));
  api.use(
    '/api',
    invalidateOnChange({
      pages: options.services.pages,
      auth: options.services.authCache,
      logger: options.logger,
    }),
  );
  api.use(
    authRateLimits({
      limits: options.rateLimits ?? defaultRateLimits,
      logger: options.logger,
      ...(options.services.redisSendCommand
        ? { sendCommand: options.services.redisSendCommand }
        : {}),
    }),
  );
  mountRoutes(api, routes);
  api.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });
  api.use('/api', apiNotFound);
  api.use('/api', maskUnreachable({ isInstanceAdmin: instanceAdmins({ db: options.db }) }));
  // Pages, docs and assets skip the API's parsers, checks and routes instead of matching each.
  app.use(function apiOnly(req, res, next) {
    if (isApiPath(req.url)) api(req, res, next);
    else next();
  });
  app.get('/metrics', metricsAccess(options.metricsAccess ?? 'open'), metrics.handler);

  const { publicUrl } = options;
  // Each docs language has its own hashed assets: /docs/assets/ and /docs/pt-BR/assets/.
  const docsAssets = /^\/(?:[^/]+\/)?assets\//;
  if (options.docsDir)
    app.use('/docs', staticFiles(options.docsDir, { immutable: docsAssets, publicUrl }));
  if (options.site) {
    const { clientDir } = options.site;
    if (clientDir) app.use(staticFiles(clientDir, { immutable: /^\/_astro\//, publicUrl }));
    const handler = options.site.handler;
    const siteRequest = createSiteRequest(options.services, {
      jobs: options.jobs ?? noJobs,
      isInstanceAdmin: instanceAdmins({ db: options.db }),
    });
    const unavailable = clientDir ? unavailablePages(clientDir, { publicUrl }) : undefined;
    const site: RequestHandler = async function sitePages(req, res, next) {
      return handler(req, res, next, {
        painel: await siteRequest(req, res),
        publicUrl,
        ...(unavailable ? { unavailable: (error) => unavailable.response(req, error) } : {}),
      });
    };
    // Before the script hashing, so that what it keeps is what was sent, policy included.
    app.use(pageCache.keep);
    app.use(hashInlineScripts());
    app.use(site);
    if (clientDir) app.use(notFoundPage(clientDir, { publicUrl }));
    // A page whose services failed before it rendered (the reader's session, in siteRequest).
    if (unavailable) app.use(unavailable.handler);
  }
  app.use(errorHandler);
  return app;
}
