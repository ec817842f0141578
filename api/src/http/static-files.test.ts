import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/databases.js';
import { buildOrigin } from './public-url.js';
import { staticFiles } from './static-files.js';

/** A small build: a page, a sitemap and robots.txt with the placeholder, a hashed asset and its .gz. */
let dir: string;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

function app(publicUrl: string) {
  const app = express();
  app.set('etag', 'strong');
  app.use(compression());
  app.use('/docs', staticFiles(dir, { immutable: /^\/assets\//, publicUrl }));
  return app;
}

beforeAll(() => {
  dir = tempDir();
  const write = (name: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  };
  write('index.html', `<link rel="canonical" href="${buildOrigin}/docs/">`);
  write('intro/index.html', `<link rel="canonical" href="${buildOrigin}/docs/intro/">`);
  write('plain.html', '<p>No absolute link here</p>');
  write('sitemap.xml', `<urlset><url><loc>${buildOrigin}/docs/</loc></url></urlset>`);
  write('robots.txt', `Sitemap: ${buildOrigin}/docs/sitemap.xml\n`);
  write('assets/main.abc.js', script);
  write('assets/main.abc.js.gz', gzipSync(script));
  write('.painel-build-hash', buildOrigin);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('staticFiles', () => {
  it('sends pages, sitemaps and robots.txt with the public URL in place of the build origin', async () => {
    for (const publicUrl of ['https://bi.example.org', 'http://staging.test:8080']) {
      const home = await request(app(publicUrl)).get('/docs/');
      expect(home.text).toBe(`<link rel="canonical" href="${publicUrl}/docs/">`);
      const page = await request(app(publicUrl)).get('/docs/intro/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toBe(`<link rel="canonical" href="${publicUrl}/docs/intro/">`);
      const sitemap = await request(app(publicUrl)).get('/docs/sitemap.xml');
      expect(sitemap.headers['content-type']).toMatch(/^application\/xml/);
      expect(sitemap.text).toContain(`<loc>${publicUrl}/docs/</loc>`);
      const robots = await request(app(publicUrl)).get('/docs/robots.txt');
      expect(robots.text).toBe(`Sitemap: ${publicUrl}/docs/sitemap.xml\n`);
    }
  });

  it('keeps the caching headers, with an ETag of the rewritten body', async () => {
    const [a, b] = await Promise.all(
      ['https://a.example', 'https://b.example'].map((u) => request(app(u)).get('/docs/intro/')),
    );
    expect(a?.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(a?.headers['last-modified']).toBe(
      fs.statSync(path.join(dir, 'intro/index.html')).mtime.toUTCString(),
    );
    expect(a?.headers.etag).toMatch(/^"[0-9a-f]+-[\w+/]{27}"$/);
    expect(a?.headers.etag).not.toBe(b?.headers.etag);

    const server = app('https://a.example');
    const again = await request(server)
      .get('/docs/intro/')
      .set('If-None-Match', a?.headers.etag ?? '');
    expect(again.status).toBe(304);
    const head = await request(server).head('/docs/intro/');
    expect([head.status, head.headers.etag, head.text]).toEqual([200, a?.headers.etag, undefined]);
  });

  it('redirects a page asked for with a trailing slash to its one address, query kept', async () => {
    const server = app('https://a.example');
    const res = await request(server).get('/docs/plain/?ref=footer');
    expect([res.status, res.headers.location]).toEqual([301, '/docs/plain?ref=footer']);
    expect((await request(server).get('/docs/plain')).status).toBe(200);
    // A folder's index and what is not a page are left to the routes after it.
    expect((await request(server).get('/docs/intro/')).status).toBe(200);
    for (const missing of ['/docs/nothing/', '/docs/%E0%A4%A/', '/docs/..%2Fplain/'])
      expect((await request(server).get(missing)).status, missing).toBe(404);
  });

  it('sends a file without the placeholder as express.static does', async () => {
    const res = await request(app('https://a.example')).get('/docs/plain');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<p>No absolute link here</p>');
    expect(res.headers.etag).toMatch(/^W\//);
    expect((await request(app('https://a.example')).get('/docs/.painel-build-hash')).status).toBe(
      404,
    );
    for (const folder of ['/docs', '/docs/intro']) {
      const res = await request(app('https://a.example')).get(folder);
      expect([res.status, res.headers.location], folder).toEqual([301, `${folder}/`]);
    }
  });

  it('sends a hashed asset from its .gz to a client that accepts gzip', async () => {
    const server = app('https://a.example');
    const gz = fs.readFileSync(path.join(dir, 'assets/main.abc.js.gz'));
    const zipped = await request(server)
      .get('/docs/assets/main.abc.js')
      .set('Accept-Encoding', 'gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(zipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    // The file's own bytes (supertest unzips them), not a compression of the moment.
    expect(Number(zipped.headers['content-length'])).toBe(gz.length);
    expect(zipped.text).toBe(script);

    const plain = await request(server)
      .get('/docs/assets/main.abc.js')
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.text).toBe(script);
  });
});
