import path from 'node:path';
import type express from 'express';
import { createApp } from '../app.js';
import { createDb, type Db, migrate } from '../db/knex.js';
import { demoTables, loadDemoData } from '../demo/load.js';
import { demoDuckDbFile, seedDemo } from '../demo/seed.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { createTestDatabase, type TestDatabase, tempDir } from './databases.js';

export interface TestApp {
  app: express.Express;
  db: Db;
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

/** Demo tables loaded once per data folder; tests pick the ones they need to stay quick. */
export async function createTestApp(
  options: {
    database?: 'sqlite' | 'postgres';
    demoTables?: string[];
    query?: { timeoutMs: number; rowLimit: number };
  } = {},
): Promise<TestApp> {
  const dataDir = tempDir();
  const testDb: TestDatabase = await createTestDatabase(options.database ?? 'sqlite', dataDir);
  const db = createDb(testDb.config);
  await migrate(db);
  const { workspaceId } = await seedDemo(db);
  const logger = createLogger('silent');
  const wanted = options.demoTables ?? ['stocks', 'seattle_weather'];
  await loadDemoData(
    path.join(dataDir, demoDuckDbFile),
    logger,
    demoTables.filter((t) => wanted.includes(t.name)),
  );
  const services = createServices({
    db,
    config: { dataDir, query: options.query ?? { timeoutMs: 5_000, rowLimit: 1_000 } },
    logger,
    workspaceId,
  });
  const app = createApp({ db, logger, services, publicUrl: 'http://painel.test' });
  return {
    app,
    db,
    services,
    dataDir,
    async close() {
      await services.close();
      await db.destroy();
      await testDb.drop();
    },
  };
}
