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
      connection: database.connectionString,
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
export async function migrate(db: Db): Promise<string[]> {
  if (db.client.dialect !== 'postgresql') return latest(db);
  // A session-level lock belongs to one connection, so it is held on a connection taken out
  // of the pool for the duration; knex migrates on others (the pool has room for both).
  const conn = await db.client.acquireConnection();
  try {
    await db.raw('select pg_advisory_lock(?)', [migrationLockKey]).connection(conn);
    return await latest(db);
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

async function latest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Whether every known migration has been applied (readiness). */
export async function migrationsPending(db: Db): Promise<number> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  return pending.length;
}
