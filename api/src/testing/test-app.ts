import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Action } from '../access/policy.js';
import { type AppOptions, createApp } from '../app.js';
import type { AuditInput } from '../audit/service.js';
import type { Role } from '../auth/context.js';
import { csrfCookie, csrfHeader } from '../auth/cookies.js';
import { authenticate, type VerifyApiKey } from '../auth/middleware.js';
import type { PasswordParams } from '../auth/password.js';
import type { RateLimits } from '../auth/rate-limit.js';
import type { Config } from '../config.js';
import { createDb, type Db, migrate } from '../db/knex.js';
import { demoTables, loadDemoData } from '../demo/load.js';
import { demoDuckDbFile, seedDemo } from '../demo/seed.js';
import type { Mailer, OutgoingEmail, OutgoingMessage } from '../email/mailer.js';
import { errorHandler } from '../http/problem.js';
import { requestContext } from '../http/request-context.js';
import { createLogger, type Logger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { createTestDatabase, type TestDatabase, tempDir } from './databases.js';

/** The whole app in memory (it never listens), on a fresh metadata database with the Demo seed. */
export interface TestApp {
  app: express.Express;
  db: Db;
  services: Services;
  dataDir: string;
  /** The uploads folder (UPLOADS_DIR): inside `dataDir`, or the one of the app it is a replica of. */
  uploadsDir: string;
  /** The metadata database's settings, for a replica to share. */
  database: Config['database'];
  /** Every email the app sent, in order (also handed to the test's own mailer, if it passed one). */
  mail: OutgoingEmail[];
  /** Every composed message (reports) the app sent, in order, likewise. */
  messages: OutgoingMessage[];
  /** Every audit event the app recorded, in order (the audit log's rows hold them too). */
  audit: AuditInput[];
  /** The app's clock: the test's `now`, else the real time. */
  now(): number;
  close(): Promise<void>;
}

export interface TestAppOptions {
  database?: 'sqlite' | 'postgres';
  /** The PostgreSQL server of `database: 'postgres'`: TEST_POSTGRES_URL unless a test runs its own. */
  postgresServerUrl?: string;
  /** Demo tables loaded into the data folder; tests pick the ones they need to stay quick. */
  demoTables?: string[];
  query?: { timeoutMs: number; rowLimit: number; concurrency?: number };
  now?: () => number;
  mailer?: Mailer;
  rateLimits?: RateLimits;
  redisUrl?: string;
  verifyApiKey?: VerifyApiKey;
  /** Where log lines go (level debug), for tests that inspect them; default: silent. */
  logDestination?: { write(line: string): void };
  publicUrl?: string;
  trustProxy?: boolean | number | string;
  uploadMaxBytes?: number;
  /**
   * SIGNUP: open unless a test says otherwise, since most tests sign users up; `null` is SIGNUP
   * unset (the strict default: by invitation once an administrator exists).
   */
  signup?: Config['signup'] | null;
  /** WEBHOOK_ALLOW_PRIVATE: tests that run a webhook receiver on loopback say so explicitly. */
  webhookAllowPrivate?: boolean;
  /**
   * DATASOURCE_ALLOW_NETWORKS / _DENY_NETWORKS. On PostgreSQL metadata loopback is refused by
   * default: tests whose sources are on loopback allow it explicitly.
   */
  dataSourceNetworks?: Config['dataSourceNetworks'];
  /** A site handler (and its client folder) in front of which the app serves pages. */
  site?: AppOptions['site'];
  readiness?: AppOptions['readiness'];
  metricsAccess?: AppOptions['metricsAccess'];
  /** Makes the job queue the app lists, retries and sends runs through, on the app's database. */
  jobs?: (db: Db) => NonNullable<AppOptions['jobs']>;
  /**
   * Another replica of that app's instance: the same metadata database and uploads folder, a
   * data folder of its own. Close it before the app it shares them with.
   */
  replicaOf?: TestApp;
  /**
   * For tests of one area's rules without logging in: `X-Test-User: <user id>` acts as that
   * user's browser session (CSRF token included), and `GET /api/workspaces/:workspace/probe/<role>`
   * answers 200 to callers of at least that role (the role table's rows owned by other areas).
   */
  testUserHeader?: boolean;
}

/** Cheap argon2id for tests (the real parameters are in auth/password.ts). */
export const testPasswordParams: PasswordParams = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** High enough that ordinary tests never meet a limit; rate-limit tests pass the defaults. */
export const relaxedRateLimits: RateLimits = {
  windowMs: 60_000,
  perIp: 10_000,
  perAccount: 10_000,
  dataSourceChecksPerMinute: 10_000,
};

/** The one way tests build an app: the real `createApp` over real services. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = tempDir();
  const shared = options.replicaOf;
  const testDb: TestDatabase = shared
    ? {
        name: shared.database.client === 'pg' ? 'postgres' : 'sqlite',
        config: shared.database,
        drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
      }
    : await createTestDatabase(options.database ?? 'sqlite', dataDir, options.postgresServerUrl);
  const uploadsDir = shared?.uploadsDir ?? path.join(dataDir, 'uploads');
  const db = createDb(testDb.config);
  await migrate(db);
  const { workspaceId } = await seedDemo(db);
  const logger = options.logDestination
    ? createLogger('debug', options.logDestination)
    : createLogger('silent');
  const mail: OutgoingEmail[] = [];
  const messages: OutgoingMessage[] = [];
  const mailer: Mailer = {
    async send(email) {
      mail.push(email as OutgoingEmail);
      await options.mailer?.send(email);
    },
    async sendMessage(message) {
      messages.push(message);
      await options.mailer?.sendMessage(message);
    },
  };
  const publicUrl = options.publicUrl ?? 'http://painel.test';
  const wanted = options.demoTables ?? ['stocks', 'seattle_weather'];
  await loadDemoData(
    path.join(dataDir, demoDuckDbFile),
    logger,
    demoTables.filter((t) => wanted.includes(t.name)),
  );
  const services = createServices({
    db,
    config: {
      dataDir,
      uploadsDir,
      database: testDb.config,
      ...(options.uploadMaxBytes ? { uploadMaxBytes: options.uploadMaxBytes } : {}),
      webhooks: { allowPrivate: options.webhookAllowPrivate ?? false },
      ...(options.dataSourceNetworks ? { dataSourceNetworks: options.dataSourceNetworks } : {}),
      // Explicitly open (SIGNUP=open): tests sign up many accounts after the first, the admin.
      ...(options.signup === null ? {} : { signup: options.signup ?? { mode: 'open' } }),
      query: options.query ?? { timeoutMs: 5_000, rowLimit: 1_000 },
    },
    logger,
    workspaceId,
    mailer,
    secrets: {
      jwtSecret: 'test-jwt-secret-0123456789abcdef0123',
      cookieSecret: 'test-cookie-secret-0123456789abcdef',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
    },
    publicUrl,
    auth: {
      accessTtlSeconds: 900,
      sessionTtlMs: 30 * 24 * 60 * 60_000,
      password: testPasswordParams,
    },
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.now ? { now: options.now } : {}),
    // Retries of alert webhooks follow at once: tests wait on what happens, never on time.
    sleep: async () => {},
  });
  // Shared counters from the first request on: a command sent while connecting fails (redis.ts).
  await services.redisConnected;
  const audit = recordAudit(services);
  const app = createApp({
    db,
    logger,
    services,
    publicUrl,
    rateLimits: options.rateLimits ?? relaxedRateLimits,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.verifyApiKey ? { verifyApiKey: options.verifyApiKey } : {}),
    ...(options.site ? { site: options.site } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
    ...(options.metricsAccess ? { metricsAccess: options.metricsAccess } : {}),
    ...(options.jobs ? { jobs: options.jobs(db) } : {}),
  });
  return {
    app: options.testUserHeader ? withTestUsers(app, services, logger) : app,
    db,
    services,
    dataDir,
    uploadsDir,
    database: testDb.config,
    mail,
    messages,
    audit,
    now: options.now ?? Date.now,
    async close() {
      await services.close();
      await db.destroy();
      await testDb.drop();
    },
  };
}

/** Keeps a copy of each event the services record, for tests to read without a query. */
function recordAudit(services: Services): AuditInput[] {
  const events: AuditInput[] = [];
  const log = services.auth.audit;
  const record = log.record;
  log.record = (event, trx) => {
    events.push(event);
    return record(event, trx);
  };
  return events;
}

/** The app behind the `X-Test-User` session stand-in and the role probes (`testUserHeader`). */
function withTestUsers(app: express.Express, services: Services, logger: Logger): express.Express {
  const { auth, workspaceArea } = services;
  const outer = express();
  outer.use(function testUser(req, _res, next) {
    const userId = req.get('x-test-user');
    if (userId && !req.get('authorization')) {
      const sessionId = `test-${userId}`;
      req.auth = { kind: 'session', userId, sessionId, locale: 'en' };
      // The double submit a browser would make, so CSRF protection lets the session write.
      const csrf = auth.sessions.csrfToken(sessionId);
      req.headers[csrfHeader.toLowerCase()] = csrf;
      req.headers.cookie = [req.headers.cookie, `${csrfCookie}=${encodeURIComponent(csrf)}`]
        .filter(Boolean)
        .join('; ');
    }
    next();
  });
  const authenticated = authenticate({
    tokens: auth.tokens,
    sessions: auth.sessions,
    verifyApiKey: workspaceArea.apiKeys.verify,
  });
  // Each probe asks for an action whose minimum is that role (and, but for the owner's, that an
  // API key may take), so the probes follow the policy rather than restating it.
  const probes = {
    viewer: 'workspace.read',
    editor: 'queries.run',
    admin: 'dataSources.manage',
    owner: 'workspace.delete',
  } as const satisfies Record<Role, Action>;
  for (const [role, action] of Object.entries(probes)) {
    outer.get(
      `/api/workspaces/:workspace/probe/${role}`,
      requestContext(logger),
      authenticated,
      workspaceArea.access.requireWorkspace(action),
      (req, res) => {
        res.json(req.workspace);
      },
    );
  }
  outer.use(app);
  // Only the probes' errors reach here: the app answers its own.
  outer.use(errorHandler);
  return outer;
}
