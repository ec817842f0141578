import type { Db } from './knex.js';
import { migrationNames } from './migrations/index.js';

/**
 * The oldest schema this release runs on: the last migration its code needs. Raise it when the
 * code starts to use what a migration adds; leave it where it is when a migration only expands
 * the schema in ways older code ignores, so the previous release and this one can serve side by
 * side during a canary or an expand/contract upgrade.
 */
export const minimumSchema = '20261206-013-instance-admins';

export interface SchemaState {
  /** This release's migrations the database lacks. */
  pending: string[];
  /** Migrations the database has and this release does not know: a newer release applied them. */
  newer: string[];
  /** Whether the database has `minimumSchema`, so this release can serve. */
  sufficient: boolean;
}

/** Compares the database's applied migrations with this release's. */
export async function schemaState(db: Db, minimum = minimumSchema): Promise<SchemaState> {
  const applied = (await db.schema.hasTable('knex_migrations'))
    ? new Set((await db('knex_migrations').pluck('name')) as string[])
    : new Set<string>();
  const known = new Set(migrationNames);
  return {
    pending: migrationNames.filter((name) => !applied.has(name)),
    newer: [...applied].filter((name) => !known.has(name)).sort(),
    sufficient: applied.has(minimum),
  };
}

export class SchemaTooOldError extends Error {
  override name = 'SchemaTooOldError';
  constructor(pending: string[]) {
    super(
      `The database schema is older than this release needs (it lacks ${minimumSchema}; ${pending.length} migration(s) pending): run \`painel migrate\`, or start with MIGRATE_ON_START=true`,
    );
  }
}
