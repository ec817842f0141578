import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { demoApiKey } from './testing/api-key.js';
import { tempDir } from './testing/databases.js';

const dataDir = tempDir();
const sharedSecrets = {
  JWT_SECRET: 'j'.repeat(40),
  COOKIE_SECRET: 'c'.repeat(40),
  DATA_SOURCE_KEY: Buffer.alloc(32, 7).toString('base64'),
};
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('startServer', () => {
  it('lets in-flight requests finish on shutdown, then refuses new ones', async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      QUERY_TIMEOUT_MS: '60000',
    });
    const running = await startServer(config, createLogger('silent'));
    const key = await demoApiKey(running.url);
    const slow = fetch(`${running.url}/api/workspaces/demo/queries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ source: 'demo', sql: 'SELECT count(*) AS n FROM range(300000000) a' }),
    });
    // Give the request time to reach the engine before the signal arrives.
    await new Promise((r) => setTimeout(r, 150));
    const stopped = running.stop();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rows: unknown }).rows).toEqual([[300_000_000]]);
    await stopped;
    await expect(fetch(`${running.url}/api/health`)).rejects.toThrow();
  });

  it('refuses to boot on a bad setting and says which', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: use postgres:\/\/… or sqlite:path/,
    );
    expect(loadConfig({ TRUST_PROXY: '2' }, '/srv').trustProxy).toBe(2);
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }, '/srv')).toMatchObject({
      port: 3000,
      database: { client: 'sqlite' },
    });
    expect(loadConfig({}, '/srv').database).toEqual({
      client: 'sqlite',
      filename: '/srv/data/painel.sqlite',
    });
    // Uploads: inside DATA_DIR unless a folder every replica shares is named.
    expect(loadConfig({}, '/srv').uploadsDir).toBe('/srv/data/uploads');
    expect(loadConfig({ UPLOADS_DIR: 'shared/up' }, '/srv').uploadsDir).toBe('/srv/shared/up');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ...sharedSecrets }).database).toEqual({
      client: 'pg',
      connectionString: 'postgres://u@h/db',
    });
  });

  it('on PostgreSQL, refuses to generate secrets per process and names the ones to set', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(
      /set JWT_SECRET, COOKIE_SECRET, DATA_SOURCE_KEY \(or JWT_SECRET_FILE/,
    );
    const { COOKIE_SECRET: _missing, ...partly } = sharedSecrets;
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', ...partly })).toThrow(
      /set COOKIE_SECRET \(or COOKIE_SECRET_FILE\)/,
    );
  });

  it('reads secrets from files, as Docker and Kubernetes mount them', () => {
    const dir = tempDir();
    const files = Object.fromEntries(
      Object.entries(sharedSecrets).map(([name, value]) => {
        const file = `${dir}/${name.toLowerCase()}`;
        fs.writeFileSync(file, `${value}\n`);
        return [`${name}_FILE`, file];
      }),
    );
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', ...files });
    expect(config.secrets).toEqual({
      jwtSecret: sharedSecrets.JWT_SECRET,
      previousJwtSecret: undefined,
      cookieSecret: sharedSecrets.COOKIE_SECRET,
      dataKey: sharedSecrets.DATA_SOURCE_KEY,
    });
    expect(() =>
      loadConfig({ JWT_SECRET: sharedSecrets.JWT_SECRET, JWT_SECRET_FILE: files.JWT_SECRET_FILE }),
    ).toThrow(/Set JWT_SECRET or JWT_SECRET_FILE, not both/);
    expect(() => loadConfig({ COOKIE_SECRET_FILE: `${dir}/missing` })).toThrow(
      /COOKIE_SECRET_FILE: cannot read/,
    );
    // A file's value is validated like the variable's.
    fs.writeFileSync(`${dir}/short`, 'too short');
    expect(() => loadConfig({ JWT_SECRET_FILE: `${dir}/short` })).toThrow(
      /JWT_SECRET: use at least 32/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with MIGRATE_ON_START off, refuses a schema older than its release and says what to run', async () => {
    const dir = tempDir();
    try {
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        DEMO_DATA: 'false',
        MIGRATE_ON_START: 'false',
      });
      await expect(startServer(config, createLogger('silent'))).rejects.toThrow(
        /older than this release needs .*run `painel migrate`/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes job schedules and leases from JOB_<NAME>_* settings', () => {
    const config = loadConfig({
      JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE: '*/2 * * * * *',
      JOB_REFRESH_PUBLIC_DASHBOARDS_LEASE_SECONDS: '1.5',
    });
    expect(config.jobs).toEqual({
      'refresh-public-dashboards': { schedule: '*/2 * * * * *', leaseSeconds: 1.5 },
    });
    expect(() => loadConfig({ JOB_REFRESH_PUBLIC_DASHBOARDS_LEASE_SECONDS: 'soon' })).toThrow(
      /JOB_REFRESH_PUBLIC_DASHBOARDS_LEASE_SECONDS: use a number of seconds/,
    );
  });

  it('takes FAULT_PAUSE_AT outside production only', () => {
    expect(loadConfig({ FAULT_PAUSE_AT: 'after-send' }).faultPauseAt).toBe('after-send');
    expect(loadConfig({}).faultPauseAt).toBeUndefined();
    expect(
      loadConfig({ FAULT_PAUSE_AT: 'before-send', NODE_ENV: 'production' }).faultPauseAt,
    ).toBeUndefined();
    expect(() => loadConfig({ FAULT_PAUSE_AT: 'sometime' })).toThrow(/FAULT_PAUSE_AT/);
  });
});
