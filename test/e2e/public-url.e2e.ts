import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { createLogger } from '../../api/src/logger.js';
import { type Running, startServer } from '../../api/src/server.js';
import { tempDir } from '../../api/src/testing/databases.js';
import { fileBrowser } from '../support/app-page.js';
import { openPage } from '../support/browser.js';
import { buildOrigin, headUrls, sitemapLocs } from '../support/head-urls.js';

/**
 * One build, two hosts (issue 13): the site and docs builds the global setup made, served by two
 * Painel servers with different PUBLIC_URLs. Each page, sitemap and robots.txt carries its own
 * server's public URL, and none the build's placeholder origin.
 */

const publicUrls = ['https://painel-a.example', 'http://painel-b.example:8080'] as const;
const dir = tempDir();
const servers: Running[] = [];
const browser = fileBrowser();

beforeAll(async () => {
  for (const [i, publicUrl] of publicUrls.entries())
    servers.push(
      await startServer(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          PUBLIC_URL: publicUrl,
          DATA_DIR: path.join(dir, `server-${i}`),
          DEMO_DATA: 'false',
        }),
        createLogger('silent'),
      ),
    );
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A file as served: its status and body, which must never hold the placeholder. */
async function served(i: number, urlPath: string) {
  const res = await fetch(`${servers[i]?.url}${urlPath}`);
  const body = await res.text();
  expect(body, urlPath).not.toContain(buildOrigin);
  return { status: res.status, body };
}

// The pages, each with its canonical path and its alternates' paths (en, pt-BR).
const pages = [
  { path: '/', canonical: '/', en: '/', ptBR: '/pt-br/' },
  { path: '/pt-br/', canonical: '/pt-br/', en: '/', ptBR: '/pt-br/' },
  {
    path: '/dashboards/flights',
    canonical: '/dashboards/flights',
    en: '/dashboards/flights',
    ptBR: '/pt-br/dashboards/flights',
  },
  { path: '/docs/', canonical: '/docs/', en: '/docs/', ptBR: '/docs/pt-BR/' },
  {
    path: '/docs/pt-BR/getting-started/',
    canonical: '/docs/pt-BR/getting-started/',
    en: '/docs/getting-started/',
    ptBR: '/docs/pt-BR/getting-started/',
  },
];

describe.each(publicUrls.map((url, i) => ({ url, i })))('PUBLIC_URL=$url', ({ url, i }) => {
  it.each(pages)('$path: canonical, hreflang and og:url start with it', async (page) => {
    const { status, body } = await served(i, page.path);
    expect(status).toBe(200);
    const head = headUrls(body);
    expect(head.canonical).toBe(`${url}${page.canonical}`);
    expect(head.ogUrl).toBe(`${url}${page.canonical}`);
    expect(head.alternates).toEqual({
      en: `${url}${page.en}`,
      'pt-BR': `${url}${page.ptBR}`,
      'x-default': `${url}${page.en}`,
    });
    // og:image, the docs' painel:public-url and the rest: nothing absolute points elsewhere.
    for (const absolute of head.absolute) expect(new URL(absolute).origin, absolute).toBe(url);
  });

  it("the docs' sitemaps list its pages at it, and robots.txt names them", async () => {
    const sitemaps = ['/docs/sitemap.xml', '/docs/pt-BR/sitemap.xml'];
    for (const sitemap of sitemaps) {
      const { status, body } = await served(i, sitemap);
      expect(status).toBe(200);
      const locs = sitemapLocs(body);
      expect(locs.length).toBeGreaterThan(5);
      for (const loc of locs) expect(loc.startsWith(`${url}/docs/`), loc).toBe(true);
    }
    const robots = await served(i, '/robots.txt');
    expect(robots.body).toContain('User-agent: *');
    expect(robots.body.match(/^Sitemap: .*$/gm)).toEqual(
      ['/sitemap.xml', ...sitemaps].map((s) => `Sitemap: ${url}${s}`),
    );
  });

  it("the site's sitemap lists the homes, the changelog and the public dashboards in each language, at it", async () => {
    const { status, body } = await served(i, '/sitemap.xml');
    expect(status).toBe(200);
    const locs = sitemapLocs(body);
    const paths = ['/', '/pt-br/', '/changelog', '/pt-br/changelog', '/dashboards/flights'];
    for (const path of [...paths, '/pt-br/dashboards/flights'])
      expect(locs).toContain(`${url}${path}`);
    for (const loc of locs) {
      expect(new URL(loc).origin, loc).toBe(url);
      expect((await served(i, new URL(loc).pathname)).status, loc).toBe(200);
    }
  });

  it('the docs search index and OpenAPI copy hold only paths, which work on any host', async () => {
    const indexes = ['', 'pt-BR/', 'next/', 'pt-BR/next/'].map(
      (v) => `/docs/${v}search-index.json`,
    );
    for (const index of indexes) {
      const { status, body } = await served(i, index);
      expect(status).toBe(200);
      const [{ documents }] = JSON.parse(body) as [{ documents: { u: string }[] }];
      expect(documents.length).toBeGreaterThan(3);
      for (const doc of documents) expect(doc.u).toMatch(/^\/docs\//);
    }
    const docsSpec = JSON.parse((await served(i, '/docs/openapi.json')).body);
    expect(docsSpec.servers).toEqual([{ url: '/' }]);
    const liveSpec = JSON.parse((await served(i, '/api/openapi.json')).body);
    expect(liveSpec.servers).toEqual([{ url }]);
  });

  it('the unreleased docs, which explain the placeholder without spelling it', async () => {
    for (const page of ['/docs/next/production/', '/docs/pt-BR/next/production/'])
      expect((await served(i, page)).status).toBe(200);
  });

  it("the site's and the docs' not-found pages", async () => {
    expect((await served(i, '/no-such-page')).status).toBe(404);
    expect((await served(i, '/docs/no-such-page/')).status).toBe(404);
  });
});

describe('the docs in the browser', () => {
  it('keep the public URL in the head after navigating inside the docs app', async () => {
    const [url] = publicUrls;
    const { page, errors } = await openPage(browser());
    await page.goto(`${servers[0]?.url}/docs/`);
    /** Every value of `attribute` on the elements `selector` matches, in order. */
    const values = (selector: string, attribute: string) =>
      page
        .locator(selector)
        .evaluateAll((els, name) => els.map((el) => el.getAttribute(name)), attribute);
    await page.getByRole('link', { name: 'Getting started' }).first().click();
    await page.waitForURL(/\/docs\/getting-started\/$/);
    // React re-renders the head from the config: the served origin, not the build's. It swaps
    // the old page's tags for the new ones over a few frames, so wait for the final head.
    await expect
      .poll(() => values('link[rel="canonical"]', 'href'))
      .toEqual([`${url}/docs/getting-started/`]);
    await expect
      .poll(() => values('meta[property="og:url"]', 'content'))
      .toEqual([`${url}/docs/getting-started/`]);
    // The first page's pt-BR alternate may linger beside the new one after a client-side
    // navigation (seen in CI; a crawler loads each page afresh and never sees it): every
    // alternate must still carry the served origin, and the new page's must be there.
    await expect
      .poll(() => values('link[hreflang="pt-BR"]', 'href'))
      .toContain(`${url}/docs/pt-BR/getting-started/`);
    expect(
      (await values('link[hreflang]', 'href')).filter((href) => !href?.startsWith(`${url}/`)),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
