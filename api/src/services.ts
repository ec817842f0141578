import path from 'node:path';
import type { SendCommandFn } from 'rate-limit-redis';
import { type AlertChecker, createAlertChecker } from './alerts/checker.js';
import { type Alerts, createAlerts } from './alerts/service.js';
import { createWebhookSender } from './alerts/webhook.js';
import { type AuthCache, createAuthCache, redisAuthBroadcast } from './auth/auth-cache.js';
import type { Secrets } from './auth/secrets.js';
import { type Auth, type AuthOptions, createAuth } from './auth/service.js';
import { createUserStore } from './auth/user-store.js';
import type { Config } from './config.js';
import { createDashboardAccess, type DashboardAccess } from './dashboards/access.js';
import { createGrantStore } from './dashboards/grant-store.js';
import { createDashboardLibrary } from './dashboards/library-store.js';
import { createDashboardRenderer, type DashboardRenderer } from './dashboards/service.js';
import { createDashboardStore, type DashboardStore } from './dashboards/store.js';
import { createDashboardUseCases, type DashboardUseCases } from './dashboards/use-cases.js';
import { createCredentials } from './datasources/credentials.js';
import { createDataSources, type DataSources } from './datasources/service.js';
import { createSourceNetwork, ownEndpoints } from './datasources/source-network.js';
import { createUploads, type Uploads } from './datasources/uploads.js';
import type { Db } from './db/knex.js';
import type { Mailer } from './email/mailer.js';
import { createDemoEmbeds, type DemoEmbeds } from './embeds/demo.js';
import { createEmbeds, type Embeds } from './embeds/service.js';
import { createEmbedSettings, type EmbedSettingsService } from './embeds/settings.js';
import { createHousekeeping, type Housekeeping } from './housekeeping/service.js';
import { parseNetworks } from './http/network-policy.js';
import type { Logger } from './logger.js';
import {
  createPageCache,
  defaultPageCacheBytes,
  defaultPageTtlMs,
  memoryPageStore,
  type PageCache,
  redisPageStore,
} from './pages/page-cache.js';
import { createQueryHistory, type QueryHistory } from './queries/history.js';
import { createResultCache, memoryStore, redisStore } from './queries/result-cache.js';
import { createSavedQueries, type SavedQueries } from './queries/saved-queries.js';
import { createQueryService, type QueryLimits, type QueryService } from './queries/service.js';
import { connectRedis } from './redis.js';
import { createGrants, type Grants } from './sharing/grants.js';
import { createPublicLinks, type PublicLinks } from './sharing/public-links.js';
import { createDelivery, type Delivery } from './subscriptions/delivery.js';
import { createSubscriptions, type Subscriptions } from './subscriptions/service.js';
import { createSubscriptionStore } from './subscriptions/store.js';
import { createWorkspaceArea, type WorkspaceArea } from './workspaces/area.js';

export interface Services {
  dataSources: DataSources;
  uploads: Uploads;
  queries: QueryService;
  savedQueries: SavedQueries;
  history: QueryHistory;
  /** What people do with dashboards: the routes and the pages both call these. */
  dashboards: DashboardUseCases;
  /** Draws a dashboard or an unsaved spec; for shared views, which check their own tokens. */
  dashboardRenderer: DashboardRenderer;
  dashboardStore: DashboardStore;
  /** Who may see, change and share each workspace dashboard. */
  dashboardAccess: DashboardAccess;
  /** Grants on restricted dashboards, public links, and signed embeds with their secrets. */
  sharing: {
    grants: Grants;
    publicLinks: PublicLinks;
    embedSettings: EmbedSettingsService;
    embeds: Embeds;
    /** Short-lived embed tokens of the public Demo dashboards, for the docs' live embeds. */
    demoEmbeds: DemoEmbeds;
  };
  /** Accounts, sessions, cookies and the audit log. */
  auth: Auth;
  /** Workspaces, members, invites and API keys (and `verifyApiKey` for authentication). */
  workspaceArea: WorkspaceArea;
  /** Scheduled reports: what members do with them (routes and pages). */
  subscriptions: Subscriptions;
  /** Sending them: the jobs call `claimDue` every minute and `deliver` for each slot. */
  subscriptionDelivery: Delivery;
  /** Alerts: what members do with them (routes and pages). */
  alerts: Alerts;
  /** Checking them: the jobs call `claimDue` every minute and `check` for each slot. */
  alertChecker: AlertChecker;
  /** What the scheduled clean-up deletes. */
  housekeeping: Housekeeping;
  /** Verified sessions and API keys, emptied by any change (auth/auth-cache.ts). */
  authCache: AuthCache;
  /** Anonymous shared pages as sent, emptied by any change they could show (http/shared-pages.ts). */
  pages: PageCache;
  /** Redis commands for shared rate-limit counters; absent: counters in memory. */
  redisSendCommand?: SendCommandFn;
  /** With Redis: resolves once it first answers. Requests never wait for it; tests do. */
  redisConnected?: Promise<void>;
  /** The built-in Demo workspace: its public dashboards and read-only Demo source. */
  workspaceId: string;
  close(): Promise<void>;
}

export function createServices(deps: {
  db: Db;
  config: Pick<Config, 'dataDir'> &
    Partial<
      Pick<
        Config,
        | 'fileSourceDirs'
        | 'database'
        | 'uploadMaxBytes'
        | 'uploadsDir'
        | 'email'
        | 'webhooks'
        | 'signup'
        | 'dataSourceNetworks'
        | 'pageCache'
      >
    > & {
      query: QueryLimits;
    };
  logger: Logger;
  workspaceId: string;
  now?: () => number;
  /** Waits between webhook attempts (alerts/checker.ts); tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  mailer: Mailer;
  secrets: Secrets;
  publicUrl: string;
  auth?: AuthOptions;
  redisUrl?: string | undefined;
}): Services {
  const redis = deps.redisUrl ? connectRedis(deps.redisUrl, deps.logger) : undefined;
  // Who sent a request, kept for a few seconds; with Redis, emptied in every replica at once.
  const authCache = createAuthCache({
    ...(deps.auth?.cacheTtlMs !== undefined ? { ttlMs: deps.auth.cacheTtlMs } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(redis ? { broadcast: redisAuthBroadcast(redis, deps.logger) } : {}),
  });
  const auth = createAuth({
    cache: authCache,
    db: deps.db,
    logger: deps.logger,
    mailer: deps.mailer,
    secrets: deps.secrets,
    publicUrl: deps.publicUrl,
    signup: deps.config.signup,
    ...(deps.auth ? { options: deps.auth } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const dataDir = path.resolve(deps.config.dataDir);
  const uploadsDir = path.resolve(deps.config.uploadsDir ?? path.join(dataDir, 'uploads'));
  const credentials = createCredentials(deps.secrets.dataKey);
  const dataSources = createDataSources({
    db: deps.db,
    dataDir,
    uploadsDir,
    credentials,
    fileDirs: deps.config.fileSourceDirs ?? [path.join(dataDir, 'files')],
    // A user's source must never open Painel's own database or secrets.
    privateFiles: [
      path.join(dataDir, 'secrets.json'),
      ...(deps.config.database?.client === 'sqlite' ? [deps.config.database.filename] : []),
    ],
    audit: auth.audit,
    network: sourceNetwork(deps),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const uploads = createUploads({
    db: deps.db,
    dataDir,
    uploadsDir,
    dataSources,
    audit: auth.audit,
    maxBytes: deps.config.uploadMaxBytes ?? 200 * 1024 * 1024,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const pages = createPageCache({
    store: redis
      ? redisPageStore(redis.client, redis.available)
      : memoryPageStore({
          maxBytes: deps.config.pageCache?.maxBytes ?? defaultPageCacheBytes,
          ...(deps.now ? { now: deps.now } : {}),
        }),
    ttlMs: deps.config.pageCache?.ttlMs ?? defaultPageTtlMs,
  });
  // A change made while Redis was down could not reach the other replicas: whatever they kept
  // before it is stale once Redis is back (and at the first connection: harmless).
  redis?.client.on('ready', () => {
    pages.invalidate().catch(() => {});
  });
  const cache = createResultCache({
    ttlMs: 5 * 60_000,
    // Shared by every replica when Redis is configured; else this process's memory.
    store: redis ? redisStore(redis.client) : memoryStore(deps.now ? { now: deps.now } : {}),
    // A Redis known to be down was logged once by redis.ts: its misses are not news.
    onStoreError: (error) => {
      if (!redis || redis.available()) deps.logger.warn({ err: error }, 'result cache unavailable');
    },
    onReplace: () => {
      pages.invalidate().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'page cache could not be invalidated');
      });
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
  const queries = createQueryService({
    dataSources,
    limits: deps.config.query,
    cache,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const clock = deps.now ? { now: deps.now } : {};
  const savedQueries = createSavedQueries({ db: deps.db, dataSources, ...clock });
  const history = createQueryHistory({ db: deps.db, ...clock });
  const dashboardStore = createDashboardStore({ db: deps.db, ...clock });
  const grantStore = createGrantStore({ db: deps.db });
  const dashboardAccess = createDashboardAccess({ grants: grantStore });
  const renderer = createDashboardRenderer({
    store: dashboardStore,
    dataSources,
    queries,
    logger: deps.logger,
  });
  const library = createDashboardLibrary({ db: deps.db, ...clock });
  const dashboards = createDashboardUseCases({
    store: dashboardStore,
    library,
    access: dashboardAccess,
    renderer,
    dataSources,
    logger: deps.logger,
    ...clock,
  });
  const embedSettings = createEmbedSettings({
    db: deps.db,
    credentials,
    audit: auth.audit,
    ...clock,
  });
  const sharing = {
    grants: createGrants({ db: deps.db, store: grantStore, audit: auth.audit, ...clock }),
    publicLinks: createPublicLinks({
      db: deps.db,
      store: dashboardStore,
      grants: grantStore,
      renderer,
      audit: auth.audit,
      ...clock,
    }),
    embedSettings,
    embeds: createEmbeds({
      db: deps.db,
      settings: embedSettings,
      store: dashboardStore,
      renderer,
      ...clock,
    }),
    demoEmbeds: createDemoEmbeds({
      db: deps.db,
      store: dashboardStore,
      settings: embedSettings,
      workspaceId: deps.workspaceId,
      ...clock,
    }),
  };
  const workspaceArea = createWorkspaceArea({
    db: deps.db,
    mailer: deps.mailer,
    audit: auth.audit,
    publicUrl: deps.publicUrl,
    mayCreateWorkspace: auth.instance.assertMayCreateWorkspace,
    ...(deps.now ? { now: deps.now } : {}),
    onError: (error) => deps.logger.warn({ err: error }, 'could not record API key use'),
    authCache,
  });
  // Unsubscribe links are signed with the cookie secret: like CSRF tokens, never sent back as is.
  const subscriptionDelivery = createDelivery({
    db: deps.db,
    dashboardStore,
    dashboardAccess,
    renderer,
    profiles: auth.accounts,
    mailer: deps.mailer,
    secret: deps.secrets.cookieSecret,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
    ...clock,
  });
  const subscriptions = createSubscriptions({
    db: deps.db,
    dashboardStore,
    dashboardAccess,
    delivery: subscriptionDelivery,
    audit: auth.audit,
    secret: deps.secrets.cookieSecret,
    ...clock,
  });
  // Webhooks go where the outbound policy allows: never Painel itself, nor inside unless allowed.
  const policy = {
    publicUrl: deps.publicUrl,
    allowPrivate: deps.config.webhooks?.allowPrivate ?? false,
  };
  const alertChecker = createAlertChecker({
    db: deps.db,
    savedQueries,
    queries,
    renderer,
    dashboardStore,
    dashboardAccess,
    profiles: auth.accounts,
    mailer: deps.mailer,
    webhooks: createWebhookSender({ policy, ...clock }),
    credentials,
    secret: deps.secrets.cookieSecret,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
    ...clock,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const subscriptionStore = createSubscriptionStore({ db: deps.db });
  const alerts = createAlerts({
    db: deps.db,
    savedQueries,
    dashboardStore,
    dashboardAccess,
    checker: alertChecker,
    credentials,
    policy,
    audit: auth.audit,
    outsideAllowed: async (id) => (await subscriptionStore.settings(id)).allowOutsideRecipients,
    secret: deps.secrets.cookieSecret,
    ...clock,
  });
  const housekeeping = createHousekeeping({
    sessions: auth.sessions,
    users: createUserStore({ db: deps.db }),
    invites: workspaceArea.invites,
    uploads,
    outboxDir: deps.config.email?.outboxDir ?? path.join(dataDir, 'outbox'),
    now: deps.now ?? Date.now,
  });
  return {
    housekeeping,
    pages,
    authCache,
    dataSources,
    uploads,
    queries,
    savedQueries,
    history,
    dashboards,
    dashboardRenderer: renderer,
    dashboardStore,
    dashboardAccess,
    sharing,
    auth,
    workspaceArea,
    subscriptions,
    subscriptionDelivery,
    alerts,
    alertChecker,
    ...(redis ? { redisSendCommand: redis.sendCommand, redisConnected: redis.connected } : {}),
    workspaceId: deps.workspaceId,
    close: async () => {
      // Runs and views still waiting for their batch go in before the database closes.
      await history.flush().catch(() => undefined);
      await library.flushViews();
      await dataSources.close();
      await authCache.close();
      await redis?.close();
    },
  };
}

/**
 * Where data sources may connect: never Painel's own database, Redis or SMTP server, nor
 * link-local addresses; loopback only when the metadata database is SQLite (one machine),
 * unless the operator's lists say otherwise.
 */
function sourceNetwork(deps: {
  config: Partial<Pick<Config, 'database' | 'email' | 'dataSourceNetworks'>>;
  redisUrl?: string | undefined;
}) {
  const { database, dataSourceNetworks: lists } = deps.config;
  return createSourceNetwork({
    allow: parseNetworks(lists?.allow.join(',') ?? ''),
    deny: parseNetworks(lists?.deny.join(',') ?? ''),
    denyLoopback: database?.client === 'pg',
    endpoints: ownEndpoints({
      database: database?.client === 'pg' ? database.connectionString : undefined,
      redis: deps.redisUrl,
      smtp: deps.config.email?.smtpUrl,
    }),
  });
}
