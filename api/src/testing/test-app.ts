import path from 'node:path';
import type express from 'express';
import { createApp } from '../app.js';
import type { VerifyApiKey } from '../auth/middleware.js';
import type { PasswordParams } from '../auth/password.js';
import type { RateLimits } from '../auth/rate-limit.js';
import { createRecordingMailer } from '../auth/test-mailer.js';
import { createDb, type Db, migrate } from '../db/knex.js';
import { demoTables, loadDemoData } from '../demo/load.js';
import { demoDuckDbFile, seedDemo } from '../demo/seed.js';
import type { Mailer } from '../email/mailer.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { createTestDatabase, type TestDatabase, tempDir } from './databases.js';

export interface TestApp {
  app: express.Express;
  db: Db;
  services: Services;
  dataDir: string;
  /** The mailer the app sends with (a recording one unless a test passed its own). */
  mailer: Mailer;
  close(): Promise<void>;
}

/** Cheap argon2id for tests (the real parameters are in auth/password.ts). */
export const testPasswordParams: PasswordParams = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** High enough that ordinary tests never meet a limit; rate-limit tests pass the defaults. */
export const relaxedRateLimits: RateLimits = {
  windowMs: 60_000,
  perIp: 10_000,
  perAccount: 10_000,
};

/** Demo tables loaded once per data folder; tests pick the ones they need to stay quick. */
export async function createTestApp(
  options: {
    database?: 'sqlite' | 'postgres';
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
  } = {},
): Promise<TestApp> {
  const dataDir = tempDir();
  const testDb: TestDatabase = await createTestDatabase(options.database ?? 'sqlite', dataDir);
  const db = createDb(testDb.config);
  await migrate(db);
  const { workspaceId } = await seedDemo(db);
  const logger = options.logDestination
    ? createLogger('debug', options.logDestination)
    : createLogger('silent');
  const mailer = options.mailer ?? createRecordingMailer();
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
      database: testDb.config,
      ...(options.uploadMaxBytes ? { uploadMaxBytes: options.uploadMaxBytes } : {}),
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
  });
  const app = createApp({
    db,
    logger,
    services,
    publicUrl,
    rateLimits: options.rateLimits ?? relaxedRateLimits,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.verifyApiKey ? { verifyApiKey: options.verifyApiKey } : {}),
  });
  return {
    app,
    db,
    services,
    dataDir,
    mailer,
    async close() {
      await services.close();
      await db.destroy();
      await testDb.drop();
    },
  };
}
