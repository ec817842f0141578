import compression from 'compression';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createAuthCache } from '../auth/auth-cache.js';
import { createLogger } from '../logger.js';
import { createPageCache, memoryPageStore } from '../pages/page-cache.js';
import { invalidateOnChange } from './changes.js';
import { hashInlineScripts } from './script-hashes.js';
import { pageKey, sharedPageCache } from './shared-pages.js';

interface Rendering {
  status?: number;
  cacheControl?: string;
  freshForMs?: number;
  cookie?: boolean;
  /** Rendering waits for it before it answers. */
  gate?: Promise<void>;
}

/**
 * The app's order (the cache's hits, the security headers, compression, what keeps a miss,
 * script hashing), with a page that answers as
 * Astro's Node adapter does: writeHead, then its body in chunks. Each render counts, and says
 * which render it was, so a kept page shows an older count.
 */
function site(rendering: Rendering = {}) {
  const cache = createPageCache({ store: memoryPageStore(), ttlMs: 60_000 });
  let lookups = 0;
  const lookup = cache.lookup;
  cache.lookup = (key) => {
    lookups += 1;
    return lookup(key);
  };
  const logger = createLogger('silent');
  const app = express();
  let renders = 0;
  const pages = sharedPageCache({ cache, logger });
  app.use(pages.serve);
  app.use((_req, res, next) => {
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    next();
  });
  app.use(compression());
  app.use(invalidateOnChange({ pages: cache, auth: createAuthCache(), logger }));
  app.use(pages.keep);
  app.use(hashInlineScripts());
  app.post('/api/dashboards', (_req, res) => {
    res.status(201).json({ ok: true });
  });
  app.get(['/dashboards/:slug', '/embed/:token'], async (req, res) => {
    renders += 1;
    await rendering.gate;
    res.locals.pageFreshForMs = rendering.freshForMs ?? 30_000;
    res.setHeader('Content-Security-Policy', "script-src 'self'");
    if (rendering.cookie) res.setHeader('Set-Cookie', 'painel_csrf=x');
    res.writeHead(rendering.status ?? 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': rendering.cacheControl ?? 'public, max-age=0, s-maxage=30',
    });
    res.write(`<!doctype html><h1>${req.params.slug ?? req.params.token}</h1>`);
    res.end(`<p>render ${renders}</p><script>go()</script>`);
  });
  return { app, renders: () => renders, lookups: () => lookups };
}

/** The site with its render held until `open()`; `ask` starts a reader's request at once. */
function held(rendering: Omit<Rendering, 'gate'> = {}) {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const running = site({ ...rendering, gate });
  const ask = () =>
    request(running.app)
      .get('/dashboards/flights')
      .then((answer) => answer);
  return { ...running, open, ask };
}

describe('the page cache in front of shared pages', () => {
  it('renders a page once, then serves it as sent, gzipped or not, with its policy', async () => {
    const { app, renders } = site();
    const miss = await request(app).get('/dashboards/flights').expect(200);
    expect(miss.headers['x-painel-page-cache']).toBe('miss');
    expect(miss.text).toContain('render 1');
    expect(miss.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    const hit = await request(app).get('/dashboards/flights').expect(200);
    expect(hit.headers['x-painel-page-cache']).toBe('hit');
    expect(hit.headers['content-encoding']).toBe('gzip');
    expect(hit.text).toBe(miss.text);
    expect(hit.headers.etag).toBe(miss.headers.etag);
    expect(hit.headers['content-security-policy']).toBe(miss.headers['content-security-policy']);
    // Set in front of compression, after the hits are answered: kept with the page.
    expect(hit.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(hit.headers['cache-control']).toBe('public, max-age=0, s-maxage=30');
    const plain = await request(app)
      .get('/dashboards/flights')
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(miss.text);
    expect(renders()).toBe(1);
  });

  it('answers 304 to a reader who has the page, on a miss and on a hit', async () => {
    const { app } = site();
    const first = await request(app).get('/embed/abc').expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    const { app: fresh } = site();
    // A miss: the render runs, but the reader gets no body.
    const missed = await request(fresh).get('/embed/abc').set('If-None-Match', etag).expect(304);
    expect(missed.headers['x-painel-page-cache']).toBe('miss');
    const hit = await request(fresh).get('/embed/abc').set('If-None-Match', etag).expect(304);
    expect(hit.headers['x-painel-page-cache']).toBe('hit');
    expect(hit.text).toBe('');
  });

  it('renders a page once for the readers who ask while it is being rendered', async () => {
    const { ask, open, renders, lookups } = held();
    const first = ask();
    await expect.poll(renders).toBe(1);
    const others = [ask(), ask(), ask(), ask()];
    // Each has looked the page up and found it missing: they wait for the render under way.
    await expect.poll(lookups).toBe(5);
    open();
    const answers = await Promise.all([first, ...others]);
    expect(answers.map((a) => [a.status, a.headers['x-painel-page-cache']])).toEqual([
      [200, 'miss'],
      ...others.map(() => [200, 'hit']),
    ]);
    for (const answer of answers) expect(answer.text).toContain('render 1');
    expect(renders()).toBe(1);
  });

  it('lets the readers who waited render the page when the render under way is not kept', async () => {
    const { ask, open, renders, lookups } = held({ freshForMs: 0 });
    const first = ask();
    await expect.poll(renders).toBe(1);
    const second = ask();
    await expect.poll(lookups).toBe(2);
    open();
    expect((await first).text).toContain('render 1');
    expect((await second).text).toContain('render 2');
  });

  it('renders again after a change through the API', async () => {
    const { app, renders } = site();
    await request(app).get('/dashboards/flights').expect(200);
    await request(app).post('/api/dashboards').send({}).expect(201);
    const after = await request(app).get('/dashboards/flights').expect(200);
    expect(after.headers['x-painel-page-cache']).toBe('miss');
    expect(after.text).toContain('render 2');
    expect(renders()).toBe(2);
  });

  it.each<[string, Rendering, Record<string, string>]>([
    ['an answer that sets a cookie', { cookie: true }, {}],
    ['a page kept by nobody else (no s-maxage)', { cacheControl: 'private, no-store' }, {}],
    ['a page with a card not drawn', { freshForMs: 0 }, {}],
    ['an error', { status: 404 }, {}],
    ['a reader who is signed in', {}, { Cookie: 'painel_access=token' }],
    ['a reader with an API key', {}, { Authorization: 'Bearer pnl_x' }],
  ])('does not keep %s', async (_name, rendering, headers) => {
    const { app, renders } = site(rendering);
    for (let i = 0; i < 2; i++) {
      const answer = await request(app).get('/dashboards/flights').set(headers);
      expect(answer.headers['x-painel-page-cache']).not.toBe('hit');
      expect(answer.text).toContain(`render ${i + 1}`);
    }
    expect(renders()).toBe(2);
  });

  it('does not keep a HEAD answer, and leaves it without a body', async () => {
    const { app, renders } = site();
    await request(app).head('/dashboards/flights').expect(200);
    const got = await request(app).get('/dashboards/flights').expect(200);
    expect(got.headers['x-painel-page-cache']).toBe('miss');
    expect(renders()).toBe(2);
  });
});

describe('pageKey', () => {
  const key = (url: string, language?: string) => {
    let seen = '';
    const app = express();
    app.use((req, res) => {
      seen = pageKey(req);
      res.end();
    });
    const call = request(app).get(url);
    return (language ? call.set('Accept-Language', language) : call).then(() => seen);
  };

  it('names a page by its address and its query in order, whatever the order asked', async () => {
    expect(await key('/dashboards/flights?b=2&a=1')).toBe(
      await key('/dashboards/flights/?a=1&b=2'),
    );
    expect(await key('/dashboards/flights?a=1')).not.toBe(await key('/dashboards/flights?a=2'));
  });

  it("tells the cards alone apart by the reader's language, and pages by their address only", async () => {
    expect(await key('/dashboards/flights/cards', 'pt-BR')).not.toBe(
      await key('/dashboards/flights/cards', 'en'),
    );
    expect(await key('/dashboards/flights', 'pt-BR')).toBe(await key('/dashboards/flights', 'en'));
  });
});
