import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { createLogger } from '../../api/src/logger.js';
import { type Running, startServer } from '../../api/src/server.js';
import { demoApiKey } from '../../api/src/testing/api-key.js';
import { tempDir } from '../../api/src/testing/databases.js';
import { apiSession } from '../support/api-session.js';
import { buildOrigin, headUrls, sitemapLocs } from '../support/head-urls.js';
import { type RunningNginx, startNginx } from '../support/nginx.js';

/**
 * deploy/nginx in front of two replicas, for real: Debian's nginx serves the site and docs
 * builds from disk and proxies the rest to two Painel servers on loopback (each with its own
 * SQLite here: what they share is proved by the topology test). About 10 s.
 */

const dir = tempDir();
// Plain HTTP like the test itself (HTTPS would add HSTS to the replicas' answers only).
const publicUrl = 'http://painel.nginx.test';
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
          PUBLIC_URL: publicUrl,
          // nginx on loopback is the proxy the replicas believe.
          TRUST_PROXY: 'loopback',
        }),
        createLogger('info', { write: (line: string) => void logs[i]?.push(line) }),
      ),
    ),
  );
  nginx = await startNginx({
    upstreams: replicas.map((r) => new URL(r.url).host),
    publicUrl,
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

/** A GET as it comes off the wire: no fetch decoding, every header as sent. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        })
        .on('error', reject);
    },
  );
}

/** A hashed asset the build precompressed: its path from `root` and its .gz's bytes. */
function precompressedAsset(root: string, folder: string, ext: string) {
  const name = fs
    .readdirSync(path.join(root, folder))
    .find((f) => f.endsWith(ext) && fs.existsSync(path.join(root, folder, `${f}.gz`)));
  if (!name) throw new Error(`no ${ext} file with a .gz in ${folder}`);
  return { path: `/${folder}/${name}`, gz: fs.readFileSync(path.join(root, folder, `${name}.gz`)) };
}

/** The ids of the requests a replica logged for `url`. */
const loggedIds = (i: number, url: string) =>
  (logs[i] ?? [])
    .map((line) => JSON.parse(line) as { msg?: string; url?: string; requestId?: string })
    .filter((l) => l.msg === 'request' && l.url === url)
    .map((l) => l.requestId);

/** The replica that answered the request nginx gave `id`, if either logged it. */
const answeredBy = (id: string | null) =>
  [0, 1].find((i) => id !== null && (logs[i] ?? []).some((line) => line.includes(`"${id}"`)));

/** Node's http server standing in for a replica: it answers whatever headers a path asks for. */
async function startFakeReplica(answers: Record<string, Record<string, string>>) {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const headers = answers[new URL(url, 'http://x').pathname];
    res.writeHead(headers ? 200 : 404, { 'Content-Type': 'text/html', ...headers });
    res.end(`<p>${url} #${hits.get(url)}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    hits: (url: string) => hits.get(url) ?? 0,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the micro-cache', () => {
  it('shares an anonymous reader’s public dashboard: one render, then hits', async () => {
    const url = '/dashboards/flights?micro-cache=anonymous';
    // Painel says so itself, and the page is the same byte for byte for every anonymous reader.
    const direct = await Promise.all([1, 2].map(() => fetch(`${replicas[0]?.url}${url}`)));
    expect(direct.map((r) => r.headers.get('cache-control'))).toEqual([
      'public, max-age=0, s-maxage=10',
      'public, max-age=0, s-maxage=10',
    ]);
    expect(direct.map((r) => r.headers.get('set-cookie'))).toEqual([null, null]);
    const [a, b] = await Promise.all(direct.map((r) => r.text()));
    expect(a).toBe(b);

    const first = await fetch(`${nginx.url}${url}`);
    const second = await fetch(`${nginx.url}${url}`);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=10');
    // Each answer has its own request id; the hit's reached no replica.
    const ids = [first, second].map((r) => r.headers.get('x-request-id'));
    expect(ids[0]).not.toBe(ids[1]);
    // Only the miss reached a replica through nginx (whose ids are 32 hex digits).
    const throughNginx = [...loggedIds(0, url), ...loggedIds(1, url)].filter((id) =>
      /^[0-9a-f]{32}$/.test(id ?? ''),
    );
    expect(throughNginx).toEqual([ids[0]]);
    expect(answeredBy(ids[1] ?? null)).toBeUndefined();
  });

  it('never shares a signed-in reader’s page, nor keeps it for anyone else', async () => {
    const replica = replicas[0]?.url ?? '';
    // The first account on replica 0 (its own database) owns its Demo workspace.
    await demoApiKey(replica);
    const session = await apiSession(replica, 'owner@example.org', 'correct horse battery staple');
    const url = '/dashboards/flights?micro-cache=signed-in';
    const anonymous = await fetch(`${nginx.url}${url}`);
    expect(anonymous.headers.get('x-cache-status')).toBe('MISS');
    const answers: { status: string | null; cache: string | null; by?: number; body: string }[] =
      [];
    // Round robin: both replicas get some; replica 0 knows the session, replica 1 does not.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${nginx.url}${url}`, { headers: { Cookie: session.Cookie ?? '' } });
      // Read to the end first: a replica logs a request once it has answered it.
      const body = await res.text();
      answers.push({
        status: res.headers.get('x-cache-status'),
        cache: res.headers.get('cache-control'),
        by: answeredBy(res.headers.get('x-request-id')),
        body,
      });
    }
    for (const answer of answers)
      expect([answer.status, answer.cache]).toEqual(['BYPASS', 'private, no-store']);
    const signedIn = answers.filter((a) => a.by === 0);
    expect(signedIn.length).toBeGreaterThan(0);
    for (const answer of signedIn) expect(answer.body).toContain('data-viewer');
    // The anonymous copy is still the one kept.
    const again = await fetch(`${nginx.url}${url}`);
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect(await again.text()).not.toContain('data-viewer');
    // An Authorization header bypasses it too.
    const bearer = await fetch(`${nginx.url}${url}`, { headers: { Authorization: 'Bearer x' } });
    expect(bearer.headers.get('x-cache-status')).toBe('BYPASS');
  });

  it('keeps each language apart: by address, and by Accept-Language where the page speaks it', async () => {
    const lang = async (path: string, accept: string) => {
      const res = await fetch(`${nginx.url}${path}`, { headers: { 'Accept-Language': accept } });
      return { status: res.headers.get('x-cache-status'), body: await res.text() };
    };
    const en = '/dashboards/flights?micro-cache=language';
    const pt = '/pt-br/dashboards/flights?micro-cache=language';
    // The address says the language: the header changes nothing, so one copy each serves all.
    expect((await lang(en, 'pt-BR')).body).toContain('<html lang="en"');
    expect((await lang(pt, 'en')).body).toContain('<html lang="pt-BR"');
    const enAgain = await lang(en, 'en');
    const ptAgain = await lang(pt, 'pt-BR');
    expect([enAgain.status, ptAgain.status]).toEqual(['HIT', 'HIT']);
    expect(enAgain.body).toContain('<html lang="en"');
    expect(ptAgain.body).toContain('<html lang="pt-BR"');

    // The cards the docs fetch speak the caller's language: one copy per Accept-Language.
    const cards = '/dashboards/flights/cards?micro-cache=language';
    const direct = await fetch(`${replicas[0]?.url}${cards}`, {
      headers: { 'Accept-Language': 'pt-BR' },
    });
    expect(direct.headers.get('vary')).toMatch(/Accept-Language/);
    const first = [await lang(cards, 'en'), await lang(cards, 'pt-BR')];
    const second = [await lang(cards, 'en'), await lang(cards, 'pt-BR')];
    expect(first.map((r) => r.status)).toEqual(['MISS', 'MISS']);
    expect(second.map((r) => r.status)).toEqual(['HIT', 'HIT']);
    expect(second.map((r) => r.body)).toEqual(first.map((r) => r.body));
    expect(first[0]?.body).toContain('All flights');
    expect(first[1]?.body).toContain('Todos os voos');
  });

  it('keeps only what the answer allows: never one that sets a cookie', async () => {
    const shared = 'public, max-age=0, s-maxage=10';
    const fake = await startFakeReplica({
      '/dashboards/shared': { 'Cache-Control': shared },
      '/dashboards/sets-cookie': { 'Cache-Control': shared, 'Set-Cookie': 'painel_csrf=x' },
      '/dashboards/private': { 'Cache-Control': 'private, no-store' },
      '/dashboards/silent': {},
    });
    const front = await startNginx({ upstreams: [fake.host] });
    try {
      const statuses = async (path: string) => {
        const seen: (string | null)[] = [];
        for (let i = 0; i < 3; i++)
          seen.push((await fetch(`${front.url}${path}`)).headers.get('x-cache-status'));
        return [seen, fake.hits(path)];
      };
      expect(await statuses('/dashboards/shared')).toEqual([['MISS', 'HIT', 'HIT'], 1]);
      expect(await statuses('/dashboards/sets-cookie')).toEqual([['MISS', 'MISS', 'MISS'], 3]);
      expect(await statuses('/dashboards/private')).toEqual([['MISS', 'MISS', 'MISS'], 3]);
      expect(await statuses('/dashboards/silent')).toEqual([['MISS', 'MISS', 'MISS'], 3]);
      // The API is never looked up in it.
      const api = await fetch(`${front.url}/api/ready`);
      expect(api.headers.get('x-cache-status')).toBeNull();
    } finally {
      await front.stop();
      await fake.stop();
    }
  });

  it('is one include line: without it, nothing is kept', async () => {
    const fake = await startFakeReplica({
      '/dashboards/shared': { 'Cache-Control': 'public, max-age=0, s-maxage=10' },
    });
    const front = await startNginx({ upstreams: [fake.host], microCache: false });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${front.url}/dashboards/shared`);
        expect(res.headers.get('x-cache-status')).toBeNull();
      }
      expect(fake.hits('/dashboards/shared')).toBe(2);
    } finally {
      await front.stop();
      await fake.stop();
    }
  });
});

describe('nginx in front of the replicas', () => {
  it('serves the site and the docs from disk, with the headers Painel would set', async () => {
    // The same page from a replica: the API sends a policy of its own (http/security-headers.ts).
    const painel = await fetch(`${replicas[0]?.url}/`);
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

  it('puts the public URL in the pages, sitemaps and robots.txt it sends from disk', async () => {
    const pages = [
      ['/', '/'],
      ['/pt-br/', '/pt-br/'],
      ['/docs/', '/docs/'],
      ['/docs/pt-BR/getting-started/', '/docs/pt-BR/getting-started/'],
      // On demand, from a replica: it has the same PUBLIC_URL.
      ['/dashboards/flights', '/dashboards/flights'],
    ];
    for (const [page, canonical] of pages) {
      const res = await fetch(`${nginx.url}${page}`);
      const body = await res.text();
      expect(res.status, page).toBe(200);
      expect(body, page).not.toContain(buildOrigin);
      const head = headUrls(body);
      expect([head.canonical, head.ogUrl], page).toEqual([
        `${publicUrl}${canonical}`,
        `${publicUrl}${canonical}`,
      ]);
      expect(Object.keys(head.alternates).sort(), page).toEqual(['en', 'pt-BR', 'x-default']);
      for (const url of head.absolute) expect(new URL(url).origin, url).toBe(publicUrl);
    }

    for (const sitemap of ['/docs/sitemap.xml', '/docs/pt-BR/sitemap.xml']) {
      const res = await fetch(`${nginx.url}${sitemap}`);
      expect([res.status, res.headers.get('x-served-by')]).toEqual([200, 'nginx']);
      const locs = sitemapLocs(await res.text());
      expect(locs.length).toBeGreaterThan(5);
      for (const loc of locs) expect(loc.startsWith(`${publicUrl}/docs/`), loc).toBe(true);
    }
    const robots = await (await fetch(`${nginx.url}/robots.txt`)).text();
    expect(robots.match(/^Sitemap: .*$/gm)).toEqual([
      `Sitemap: ${publicUrl}/sitemap.xml`,
      `Sitemap: ${publicUrl}/docs/sitemap.xml`,
      `Sitemap: ${publicUrl}/docs/pt-BR/sitemap.xml`,
    ]);
    const missing = await (await fetch(`${nginx.url}/docs/no-such-page/`)).text();
    expect(missing).not.toContain(buildOrigin);

    // A rewritten page is compressed on the fly, and still revalidates with a 304.
    const home = await rawGet(`${nginx.url}/docs/`, { 'Accept-Encoding': 'gzip' });
    expect(home.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(home.body).toString()).toContain(`href="${publicUrl}/docs/"`);
    const since = home.headers['last-modified'] ?? '';
    expect(since).not.toBe('');
    expect((await rawGet(`${nginx.url}/docs/`, { 'If-Modified-Since': since })).status).toBe(304);
  });

  it('sends hashed assets from the .gz files the build wrote beside them', async () => {
    const site = path.join(import.meta.dirname, '../../site/dist/client');
    const docs = path.join(import.meta.dirname, '../../docs/build');
    const assets = [
      precompressedAsset(site, '_astro', '.js'),
      { ...precompressedAsset(docs, 'assets/js', '.js'), prefix: '/docs' },
      { ...precompressedAsset(docs, 'pt-BR/assets/js', '.js'), prefix: '/docs' },
      { ...precompressedAsset(docs, 'assets/css', '.css'), prefix: '/docs' },
    ];
    for (const asset of assets) {
      const url = `${nginx.url}${'prefix' in asset ? asset.prefix : ''}${asset.path}`;
      const res = await rawGet(url, { 'Accept-Encoding': 'gzip' });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('gzip');
      expect(res.headers.vary, url).toBe('Accept-Encoding');
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
      // From the file: its length is known (nginx's own gzip would send it chunked).
      expect(res.headers['transfer-encoding'], url).toBeUndefined();
      expect(Number(res.headers['content-length']), url).toBe(asset.gz.length);
      expect(res.body.equals(asset.gz), url).toBe(true);
      // A client that takes no gzip gets the file itself.
      const plain = await rawGet(url);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(gunzipSync(asset.gz).equals(plain.body), url).toBe(true);
    }
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
