import path from 'node:path';
import { loadSecrets } from './auth/secrets.js';
import type { Config } from './config.js';
import { upgradeLegacyUploads } from './datasources/uploads-upgrade.js';
import { applyPendingMigrations, createDb, type Db, exclusively } from './db/knex.js';
import { SchemaTooOldError, schemaState } from './db/schema.js';
import { loadDemoData } from './demo/load.js';
import { demoDuckDbFile, seedDemo, seedDemoEmbedSecret } from './demo/seed.js';
import { createMailer } from './email/transport.js';
import type { Logger } from './logger.js';
import { createServices, type Services } from './services.js';

/** What every Painel process stands on: the metadata database and the services over it. */
export interface Core {
  db: Db;
  services: Services;
  close(): Promise<void>;
}

/**
 * Boots what a web replica and a worker share: migrate (unless MIGRATE_ON_START is off), seed
 * the Demo workspace, load the demo data into this process's data folder, and make the
 * services. The database writes every booting process makes run under the migration lock, so
 * processes that start together do them once; the others wait, then find them done.
 */
export async function bootCore(config: Config, logger: Logger): Promise<Core> {
  const db = createDb(config.database);
  try {
    const { workspaceId } = await exclusively(db, async () => {
      const applied = config.migrateOnStart ? await applyPendingMigrations(db) : [];
      // Only the process that migrated says so.
      if (applied.length)
        logger.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
      const schema = await schemaState(db);
      if (!schema.sufficient) throw new SchemaTooOldError(schema.pending);
      if (schema.newer.length)
        logger.info(
          { newer: schema.newer },
          'the schema is newer than this release: serving on it',
        );
      return seedDemo(db);
    });
    // Uploads of the old layout in this process's DATA_DIR move to UPLOADS_DIR, once.
    await exclusively(db, () =>
      upgradeLegacyUploads({
        db,
        dataDir: config.dataDir,
        uploadsDir: config.uploadsDir,
        logger,
      }),
    );
    if (config.demoData) {
      const started = performance.now();
      const reports = await loadDemoData(path.join(config.dataDir, demoDuckDbFile), logger);
      const loaded = reports.filter((r) => !r.skipped);
      logger.info(
        { ms: Math.round(performance.now() - started), loaded: loaded.length },
        loaded.length ? 'demo data loaded' : 'demo data already loaded',
      );
    }
    const services = createServices({
      db,
      config,
      logger,
      workspaceId,
      mailer: createMailer({ ...config.email, logger }),
      secrets: loadSecrets({ ...config.secrets, dataDir: config.dataDir }),
      publicUrl: config.publicUrl,
      auth: config.auth,
      redisUrl: config.redisUrl,
    });
    // The docs' live embeds sign with it; it needs the data key, so it comes after the services.
    await exclusively(db, () => seedDemoEmbedSecret(services.sharing.embedSettings, workspaceId));
    return {
      db,
      services,
      async close() {
        await services.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
