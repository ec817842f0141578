import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { demoApiKey } from './testing/api-key.js';
import { tempDir } from './testing/databases.js';

const dataDir = tempDir();
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
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({
      client: 'pg',
      connectionString: 'postgres://u@h/db',
    });
  });
});
