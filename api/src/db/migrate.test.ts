import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, metadataDatabases, type TestDatabase } from '../testing/databases.js';
import { createDb, type Db, migrate, migrationLockKey } from './knex.js';
import { migrationNames as allMigrations } from './migrations/index.js';
import { minimumSchema, schemaState } from './schema.js';

const pending = async (db: Db) => (await schemaState(db)).pending;

describe.each(metadataDatabases())('migrate on $kind', ({ kind, skip }) => {
  let database: TestDatabase | undefined;
  const dbs: Db[] = [];
  const open = (): Db => {
    if (!database) throw new Error('no test database');
    const db = createDb(database.config);
    dbs.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.destroy()));
    await database?.drop();
    database = undefined;
  });

  it.skipIf(skip)('applies every migration once, then finds nothing to do', async () => {
    database = await createTestDatabase(kind);
    const db = open();
    expect(await migrate(db)).toEqual(allMigrations);
    expect(await migrate(db)).toEqual([]);
    expect(await schemaState(db)).toEqual({ pending: [], newer: [], sufficient: true });
  });

  it.skipIf(skip)('knows a schema that is behind, and runs beside a newer release', async () => {
    database = await createTestDatabase(kind);
    const db = open();
    expect(await schemaState(db)).toEqual({
      pending: allMigrations,
      newer: [],
      sufficient: false,
    });
    await migrate(db);
    // The previous release's view: the last migration not yet applied.
    const last = allMigrations.at(-1) as string;
    const row = await db('knex_migrations').where({ name: last }).first();
    await db('knex_migrations').where({ name: last }).delete();
    expect(await schemaState(db)).toMatchObject({
      pending: [last],
      sufficient: last !== minimumSchema,
    });
    await db('knex_migrations').insert(row);
    // A newer release applied a migration this one does not know: it still migrates (nothing
    // to do) and still serves, instead of calling the migration list corrupt.
    await db('knex_migrations').insert({
      name: '29991231-999-from-a-newer-release',
      batch: 99,
      migration_time: new Date(),
    });
    expect(await migrate(db)).toEqual([]);
    expect(await schemaState(db)).toEqual({
      pending: [],
      newer: ['29991231-999-from-a-newer-release'],
      sufficient: true,
    });
  });

  // Two knex instances are two pools, as two replicas booting together would have.
  it.skipIf(skip || kind !== 'postgres')(
    'lets replicas that start together take turns: one applies, the other waits and finds nothing',
    async () => {
      database = await createTestDatabase(kind);
      const [holder, first, second] = [open(), open(), open()];
      // Hold the lock while both start, so both are certainly waiting on it when it frees.
      const conn = await holder.client.acquireConnection();
      await holder.raw('select pg_advisory_lock(?)', [migrationLockKey]).connection(conn);
      const runs = Promise.all([migrate(first), migrate(second)]);
      await vi.waitFor(async () => expect(await advisoryLocks(holder, false)).toBe(2), {
        timeout: 10_000,
      });
      await holder.raw('select pg_advisory_unlock(?)', [migrationLockKey]).connection(conn);
      await holder.client.releaseConnection(conn);

      const applied = await runs;
      expect(applied.map((names) => names.length).sort()).toEqual([0, allMigrations.length]);
      expect(applied.flat()).toEqual(allMigrations);
      expect(await pending(first)).toEqual([]);
      expect(await pending(second)).toEqual([]);
      // The lock is released, its connections back in their pools, and a later boot is a no-op.
      expect(await advisoryLocks(holder)).toBe(0);
      expect(await migrate(second)).toEqual([]);
    },
  );
});

/** Advisory locks held (or, with `granted` false, awaited) in the current database. */
async function advisoryLocks(db: Db, granted?: boolean): Promise<number> {
  const rows = await db('pg_locks')
    .where({ locktype: 'advisory' })
    .whereRaw('database = (select oid from pg_database where datname = current_database())')
    .modify((q) => {
      if (granted !== undefined) q.where({ granted });
    })
    .count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]?.count);
}
