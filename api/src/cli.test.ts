import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './db/knex.js';
import { schemaState } from './db/schema.js';
import { tempDir } from './testing/databases.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = tempDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (args: string[], password = 'correct horse battery') =>
  spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/painel.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PAINEL_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'silent',
    },
  });

// Each step starts the CLI through tsx: seconds on a quiet machine, ten times that on a busy one.
const spawning = { timeout: 120_000 };

describe('npm run painel -- migrate', spawning, () => {
  it('applies the pending migrations once, then finds the schema current', async () => {
    const own = tempDir();
    const migrateIn = () =>
      spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/painel.ts', 'migrate'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: own, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      });
    try {
      const first = migrateIn();
      expect([first.status, first.stderr]).toEqual([0, '']);
      expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): 20261125-001-/);
      const db = createDb({ client: 'sqlite', filename: path.join(own, 'painel.sqlite') });
      try {
        expect((await schemaState(db)).pending).toEqual([]);
      } finally {
        await db.destroy();
      }
      const again = migrateIn();
      expect([again.status, again.stdout.trim()]).toEqual([
        0,
        'The schema is current: nothing to apply.',
      ]);
      expect(migrateIn().status).toBe(0);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('npm run painel -- create-admin', spawning, () => {
  it('creates verified instance administrators (owner of the Demo workspace, then its admin), and marks an existing account', async () => {
    const first = cli(['create-admin', '--email', 'Ana@Example.org', '--name', 'Ana']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /Created Ana@Example.org, an instance administrator and owner of the Demo workspace/,
    );
    expect(cli(['create-admin', '--email', 'bia@example.org', '--name', 'Bia']).stdout).toMatch(
      /admin of the Demo/,
    );
    const again = cli(['create-admin', '--email', 'ana@example.org', '--name', 'Ana']);
    expect([again.status, again.stdout.trim()]).toEqual([
      0,
      'ana@example.org already has an account: it is now an instance administrator.',
    ]);

    const db = createDb({ client: 'sqlite', filename: path.join(dataDir, 'painel.sqlite') });
    try {
      // An account signed up without the flag (as any but the first is) is made one.
      await db('users').insert({
        id: 'caio',
        email: 'caio@example.org',
        name: 'Caio',
        password_hash: 'x',
        created_at: new Date(),
        updated_at: new Date(),
      });
      expect(cli(['create-admin', '--email', 'Caio@example.org', '--name', 'C']).status).toBe(0);
      const admins = await db('users').orderBy('email').select('email', 'instance_admin');
      expect(admins.map((r) => [r.email, Boolean(r.instance_admin)])).toEqual([
        ['ana@example.org', true],
        ['bia@example.org', true],
        ['caio@example.org', true],
      ]);
      const rows = await db('users')
        .join('workspace_members', 'users.id', 'workspace_members.user_id')
        .join('workspaces', 'workspaces.id', 'workspace_members.workspace_id')
        .orderBy('users.email')
        .select(
          'users.email',
          'users.email_verified_at',
          'users.password_hash',
          'workspaces.slug',
          'workspace_members.role',
        );
      expect(rows.map((r) => [r.email, r.slug, r.role])).toEqual([
        ['ana@example.org', 'demo', 'owner'],
        ['bia@example.org', 'demo', 'admin'],
      ]);
      expect(
        rows.every((r) => r.email_verified_at && String(r.password_hash).startsWith('$argon2id$')),
      ).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it('explains its usage and refuses a short password', () => {
    expect(cli([]).status).toBe(2);
    expect(
      cli(['create-admin', '--email', 'x@example.org', '--name', 'X'], 'short').stderr,
    ).toMatch(/at least 10 characters/);
  });
});
