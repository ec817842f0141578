import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { noJobs } from '../jobs/control.js';
import { createLogger } from '../logger.js';
import { tempDir } from '../testing/databases.js';
import { createTestApp } from '../testing/test-app.js';
import { startWorker } from '../worker.js';

const token = 'metrics-token-for-tests-0123456789abcdef';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('metricsAccess', () => {
  it('takes METRICS_TOKEN or its file; without one, opens /metrics outside production only', () => {
    expect(loadConfig({ METRICS_TOKEN: token }).metrics).toEqual({ token });
    expect(loadConfig({ METRICS_TOKEN: token, NODE_ENV: 'production' }).metrics).toEqual({ token });
    expect(loadConfig({}).metrics).toBe('open');
    expect(loadConfig({ NODE_ENV: 'production' }).metrics).toBe('hidden');
    const dir = tempDir();
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'metrics_token'), `${token}\n`);
    expect(loadConfig({ METRICS_TOKEN_FILE: 'metrics_token' }, dir).metrics).toEqual({ token });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: use at least/);
  });

  it("answers the app's /metrics to the token only, 401 problem+json otherwise", async () => {
    const t = await createTestApp({ demoTables: [], metricsAccess: { token } });
    try {
      const missing = await request(t.app).get('/metrics').expect(401);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(missing.body.type).toBe('/docs/reference/errors/#metrics-unauthorized');
      await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await request(t.app).get('/metrics').set('Authorization', `Basic ${token}`).expect(401);
      const ok = await request(t.app)
        .get('/metrics')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(ok.text).toContain('painel_http_request_duration_seconds');
    } finally {
      await t.close();
    }
  });

  it("hides the app's /metrics (404) when it is configured hidden", async () => {
    const t = await createTestApp({ demoTables: [], metricsAccess: 'hidden' });
    try {
      const res = await request(t.app).get('/metrics').expect(404);
      expect(res.body.type).toBe('/docs/reference/errors/#notFound');
      await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(404);
    } finally {
      await t.close();
    }
  });

  it("guards the worker's /metrics the same way", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_DATA: 'false' };
    // The jobs are not what this checks: a background that does nothing.
    const idle = () => ({
      works: false,
      control: noJobs,
      start: async () => {},
      stop: async () => {},
    });
    const withToken = await startWorker(
      loadConfig({ ...env, METRICS_TOKEN: token }),
      createLogger('silent'),
      idle,
    );
    try {
      expect((await fetch(`${withToken.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${withToken.url}/metrics`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('painel_process_cpu_seconds_total');
    } finally {
      await withToken.stop();
    }
    const hidden = await startWorker(
      loadConfig({ ...env, NODE_ENV: 'production' }),
      createLogger('silent'),
      idle,
    );
    try {
      expect((await fetch(`${hidden.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${hidden.url}/api/health`)).status).toBe(200);
    } finally {
      await hidden.stop();
    }
  });
});
