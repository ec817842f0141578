import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config.js';
import { migrationSource } from './migrations/index.js';

export type Db = Knex;

/**
 * The metadata database: SQLite (WAL) for one machine, PostgreSQL when several replicas
 * share it. Both run the same migrations.
 */
export function createDb(database: Config['database']): Db {
  if (database.client === 'pg') {
    return knexFactory({
      client: 'pg',
      // While PostgreSQL is down a request fails within seconds (a 503, http/problem.ts) rather
      // than waiting: a refused connection fails at once (knex propagates the pool's create
      // errors), one that hangs gives up after connectionTimeoutMillis, and a full pool after
      // acquireConnectionTimeout (knex's default is 60 s). Broken connections are discarded,
      // so the next request connects anew once PostgreSQL is back.
      connection: { connectionString: database.connectionString, connectionTimeoutMillis: 5_000 },
      acquireConnectionTimeout: 10_000,
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(path.dirname(database.filename), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: database.filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // WAL lets readers proceed while a write commits, and with synchronous = NORMAL a commit
      // is durable at the next checkpoint rather than at once (WAL keeps the database consistent
      // either way). Foreign keys are off by default in SQLite.
      afterCreate(
        conn: { run: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        const pragmas = [
          'PRAGMA journal_mode = WAL',
          'PRAGMA synchronous = NORMAL',
          'PRAGMA foreign_keys = ON',
          'PRAGMA busy_timeout = 5000',
        ];
        const next = (i: number): void => {
          const pragma = pragmas[i];
          if (!pragma) {
            done(null, conn);
            return;
          }
          conn.run(pragma, (err) => {
            if (err) done(err, conn);
            else next(i + 1);
          });
        };
        next(0);
      },
    },
  });
}

/**
 * The key of the PostgreSQL advisory lock that serialises migrations across replicas:
 * "PAINEL" in ASCII, so it reads back in `pg_locks`.
 */
export const migrationLockKey = 0x5041494e454c;

/**
 * Applies pending migrations and returns their names (empty when the schema was current).
 * Replicas that boot together on one PostgreSQL database take turns: each waits for an
 * advisory lock, so the first applies everything and the others then find nothing to do,
 * instead of failing on knex's "Migration table is already locked".
 */
export function migrate(db: Db): Promise<string[]> {
  return exclusively(db, () => applyPendingMigrations(db));
}

/**
 * Runs `work` while holding the migration lock, so writes every booting replica makes (the
 * migrations, the demo seed) happen once. SQLite has one writer process: it just runs it.
 */
export async function exclusively<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (db.client.dialect !== 'postgresql') return work();
  // A session-level lock belongs to one connection, so it is held on a connection taken out
  // of the pool for the duration; the work runs on others (the pool has room for both).
  const conn = await db.client.acquireConnection();
  try {
    await db.raw('select pg_advisory_lock(?)', [migrationLockKey]).connection(conn);
    return await work();
  } finally {
    await unlock(db, conn);
  }
}

/**
 * Releases the migration lock and returns its connection to the pool. If the unlock fails,
 * the connection is closed instead, which drops the lock with the session: a pooled
 * connection still holding it would stall every later boot.
 */
async function unlock(db: Db, conn: { end(): Promise<void> }): Promise<void> {
  try {
    await db.raw('select pg_advisory_unlock(?)', [migrationLockKey]).connection(conn);
  } catch {
    await conn.end().catch(() => {});
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** Applies pending migrations without the lock: for work that already holds it. */
export async function applyPendingMigrations(db: Db): Promise<string[]> {
  // A newer release may have applied migrations this one does not know (a canary, or the
  // previous release serving beside the next): that is a newer schema, not a corrupt one.
  const [, applied] = (await db.migrate.latest({
    migrationSource,
    disableMigrationsListValidation: true,
  })) as [number, string[]];
  return applied;
}
