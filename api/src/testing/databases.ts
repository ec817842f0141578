import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import type { Config } from '../config.js';

/**
 * The metadata databases a repository test runs on. SQLite always; PostgreSQL when
 * TEST_POSTGRES_URL is set (CI sets it). In CI a missing PostgreSQL fails the run instead of
 * skipping, so a broken service never passes as green.
 */
export const postgresUrl = process.env.TEST_POSTGRES_URL;
export const inCi = process.env.CI === 'true';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  config: Config['database'];
  drop(): Promise<void>;
}

export function tempDir(prefix = 'painel-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A fresh database for one test file: a temporary SQLite file, or a new PostgreSQL database on
 * `serverUrl` (TEST_POSTGRES_URL unless a test brings its own server).
 */
export async function createTestDatabase(
  kind: 'sqlite' | 'postgres',
  dir = tempDir(),
  serverUrl = postgresUrl,
): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const filename = path.join(dir, 'painel.sqlite');
    return {
      name: 'sqlite',
      config: { client: 'sqlite', filename },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!serverUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const database = `painel_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${database}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    name: 'postgres',
    config: { client: 'pg', connectionString: url.toString() },
    async drop() {
      const a = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      try {
        await a.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await a.destroy();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Which metadata databases this run covers; PostgreSQL is skipped (by name) only outside CI. */
export function metadataDatabases(): { kind: 'sqlite' | 'postgres'; skip: boolean }[] {
  return [
    { kind: 'sqlite', skip: false },
    { kind: 'postgres', skip: !postgresUrl && !inCi },
  ];
}
