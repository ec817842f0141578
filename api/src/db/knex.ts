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

export async function migrate(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Whether every known migration has been applied (readiness). */
export async function migrationsPending(db: Db): Promise<number> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  return pending.length;
}
