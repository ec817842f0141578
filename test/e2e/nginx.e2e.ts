import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { createLogger } from '../../api/src/logger.js';
import { type Running, startServer } from '../../api/src/server.js';
import { tempDir } from '../../api/src/testing/databases.js';
import { type RunningNginx, startNginx } from '../support/nginx.js';

/**
 * deploy/nginx in front of two replicas, for real: Debian's nginx serves the site and docs
 * builds from disk and proxies the rest to two Painel servers on loopback (each with its own
 * SQLite here: what they share is proved by the topology test). About 10 s.
 */

const dir = tempDir();
const logs: string[][] = [[], []];
let replicas: Running[] = [];
let nginx: RunningNginx;

beforeAll(async () => {
  replicas = await Promise.all(
    [0, 1].map((i) =>
      startServer(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: path.join(dir, `replica-${i}`),
          DEMO_DATA: 'false',
          // nginx on loopback is the proxy the replicas believe.
          TRUST_PROXY: 'loopback',
        }),
        createLogger('info', { write: (line: string) => void logs[i]?.push(line) }),
      ),
    ),
  );
  nginx = await startNginx({
    upstreams: replicas.map((r) => new URL(r.url).host),
  });
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(replicas.map((r) => r.stop().catch(() => {})));
  fs.rmSync(dir, { recursive: true, force: true });
});

const firstFile = (folder: string, ext: string) => {
  const name = fs.readdirSync(folder).find((f) => f.endsWith(ext));
  if (!name) throw new Error(`no ${ext} file in ${folder}`);
  return name;
};

/** The ids of the requests a replica logged for `url`. */
const loggedIds = (i: number, url: string) =>
  (logs[i] ?? [])
    .map((line) => JSON.parse(line) as { msg?: string; url?: string; requestId?: string })
    .filter((l) => l.msg === 'request' && l.url === url)
    .map((l) => l.requestId);

describe('nginx in front of the replicas', () => {
  it('serves the site and the docs from disk, with the headers Painel would set', async () => {
    const painel = await fetch(`${replicas[0]?.url}/api/health`);
    const home = await fetch(`${nginx.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('x-served-by')).toBe('nginx');
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    for (const header of [
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ])
      expect(home.headers.get(header), header).toBe(painel.headers.get(header));
    // Plain HTTP: no HSTS (it is sent over TLS only).
    expect(home.headers.get('strict-transport-security')).toBeNull();

    const login = await fetch(`${nginx.url}/login`);
    expect([login.status, login.headers.get('x-served-by')]).toEqual([200, 'nginx']);
    expect(await login.text()).toContain('<form');

    const script = firstFile(
      path.join(import.meta.dirname, '../../site/dist/client/_astro'),
      '.js',
    );
    const asset = await fetch(`${nginx.url}/_astro/${script}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');

    const docs = await fetch(`${nginx.url}/docs/`);
    expect([docs.status, docs.headers.get('x-served-by')]).toEqual([200, 'nginx']);
    const docsScript = firstFile(
      path.join(import.meta.dirname, '../../docs/build/assets/js'),
      '.js',
    );
    const docsAsset = await fetch(`${nginx.url}/docs/assets/js/${docsScript}`);
    expect(docsAsset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await fetch(`${nginx.url}/docs/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html');
    // nginx's log agrees: no replica was asked for the page.
    const logged = nginx.accessLog().find((line) => line.includes('"GET /login HTTP/1.1" 200'));
    expect(logged).toMatch(/ - - rid=[0-9a-f]{32}$/);
  });

  it("sends the API and on-demand pages to both replicas, which take nginx's request id", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      // Readiness, not liveness: the replicas log liveness probes at debug only.
      const res = await fetch(`${nginx.url}/api/ready`, {
        headers: { 'X-Request-Id': 'chosen-by-the-client' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-served-by')).toBeNull();
      const id = res.headers.get('x-request-id') ?? '';
      // nginx's $request_id: whatever the client sent is replaced.
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      ids.push(id);
    }
    const [first, second] = [loggedIds(0, '/api/ready'), loggedIds(1, '/api/ready')];
    // Round robin: each replica answered some, and logged the very ids the client got.
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect([...first, ...second].filter((id) => ids.includes(id ?? '')).sort()).toEqual(
      [...ids].sort(),
    );

    const page = await fetch(`${nginx.url}/dashboards/flights`);
    expect(page.headers.get('x-served-by')).toBeNull();
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps /metrics inside: the replicas answer it, nginx does not pass it on', async () => {
    expect((await fetch(`${replicas[0]?.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
  });

  it('limits log-in attempts per address before they reach Painel', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${nginx.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
      });
      statuses.push(res.status);
    }
    // 10 a minute with a burst of 5: the first six reach Painel (wrong password), then nginx
    // refuses (one more may pass if the machine took over 6 s for these requests).
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6).filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('a replica that goes away: the other one takes every request', async () => {
    await replicas[0]?.stop();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${nginx.url}/api/health`);
      expect(res.status).toBe(200);
    }
  });
});
