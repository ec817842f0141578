import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { createTestDatabase, metadataDatabases, type TestDatabase } from '../testing/databases.js';
import { createDb, type Db, migrate } from './knex.js';
import { migrationSource } from './migrations/index.js';

describe.each(metadataDatabases())('the instance-admins migration on $kind', ({ kind, skip }) => {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    await database?.drop();
    db = undefined;
    database = undefined;
  });

  it.skipIf(skip)(
    "makes the Demo workspace's owners the instance's administrators, and no one else",
    async () => {
      database = await createTestDatabase(kind);
      db = createDb(database.config);
      await migrate(db);
      // The install as the previous release left it: no flag yet.
      await db.migrate.down({ migrationSource, name: '20261206-013-instance-admins' });
      const { workspaceId: demo } = await seedDemo(db);
      const at = new Date();
      const user = (id: string) => ({
        id,
        email: `${id}@example.org`,
        name: id,
        password_hash: 'x',
        created_at: at,
        updated_at: at,
      });
      await db('users').insert([user('owner'), user('admin'), user('other')]);
      await db('workspaces').insert({ id: 'w2', slug: 'sales', name: 'Sales', created_at: at });
      await db('workspace_members').insert([
        { workspace_id: demo, user_id: 'owner', role: 'owner', created_at: at },
        { workspace_id: demo, user_id: 'admin', role: 'admin', created_at: at },
        { workspace_id: 'w2', user_id: 'other', role: 'owner', created_at: at },
      ]);

      expect(await migrate(db)).toEqual(['20261206-013-instance-admins']);
      const rows = await db('users').orderBy('id').select('id', 'instance_admin');
      expect(rows.map((r) => [r.id, Boolean(r.instance_admin)])).toEqual([
        ['admin', false],
        ['other', false],
        ['owner', true],
      ]);
    },
  );
});
