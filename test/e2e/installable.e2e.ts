import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, fileBrowser, logIn } from '../support/app-page.js';
import { openPage } from '../support/browser.js';
import { pngSize } from '../support/png.js';

/**
 * The installable web app: manifest, icons, service worker and offline page, and what the worker
 * never keeps (~25 s).
 */
const baseUrl = inject('baseUrl');
const browser = fileBrowser();

interface Manifest {
  name: string;
  description: string;
  lang: string;
  start_url: string;
  scope: string;
  display: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
}

/** A page controlled by the service worker, which has finished installing. */
async function controlledPage(path: string) {
  const watched = await openPage(browser());
  const { page } = watched;
  await page.goto(`${baseUrl}${path}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return watched;
}

const cachedPaths = (page: Page) =>
  page.evaluate(async () => {
    const paths: string[] = [];
    for (const key of await caches.keys())
      for (const request of await (await caches.open(key)).keys())
        paths.push(new URL(request.url).pathname);
    return paths.sort();
  });

describe.each([
  { prefix: '', lang: 'en', start: '/workspaces', offline: 'You are offline' },
  { prefix: '/pt-br', lang: 'pt-BR', start: '/pt-br/workspaces', offline: 'Você está sem conexão' },
])('in $lang', ({ prefix, lang, start, offline }) => {
  it('every page links its manifest, whose icons are served at their sizes', async () => {
    const { page, errors } = await controlledPage(`${prefix}/`);
    const link = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(link).toBe(`${prefix}/manifest.webmanifest`);
    const response = await fetch(`${baseUrl}${link}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as Manifest;
    expect(manifest).toMatchObject({ name: 'Painel', lang, start_url: start, scope: '/' });
    expect(manifest.display).toBe('standalone');
    for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
      const image = await fetch(`${baseUrl}${icon.src}`);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(pngSize(new Uint8Array(await image.arrayBuffer()))).toBe(icon.sizes);
    }
    expect(manifest.icons.map((i) => i.purpose)).toContain('maskable');

    // Chrome's own verdict on the page, manifest and worker. A test's browser context is
    // incognito, where Chrome installs nothing: that one reason aside, nothing may be missing.
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((e) => e.errorId)).toEqual(['in-incognito']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the offline page in its language when the network is gone', async () => {
    const { page, errors } = await controlledPage(`${prefix}/`);
    await page.context().setOffline(true);
    for (const path of [`${prefix}/changelog`, `${prefix}/dashboards/flights`]) {
      await page.goto(`${baseUrl}${path}`);
      await expect.poll(() => page.locator('h1').innerText()).toBe(offline);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
    }
    await page.context().setOffline(false);
    await page.goto(`${baseUrl}${prefix}/offline`);
    await expectAccessible(page);
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await page.context().close();
  });
});

it('keeps only static files, never a page, an API answer or anything personal', async () => {
  const { page } = await controlledPage('/');
  await logIn(page, baseUrl, '/workspaces');
  for (const path of ['/account', '/w/demo', '/dashboards/flights', '/pt-br/account'])
    await page.goto(`${baseUrl}${path}`);
  await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
  // One cache, named for this build in the worker the server hands out: the next deploy's worker
  // names its own and deletes this one.
  const worker = await (await fetch(`${baseUrl}/sw.js`)).text();
  const cacheName = /const cacheName = '(painel-static-[a-z0-9]+)'/.exec(worker)?.[1];
  expect(await page.evaluate(() => caches.keys())).toEqual([cacheName]);
  const paths = await cachedPaths(page);
  expect(paths).toContain('/offline');
  expect(paths).toContain('/pt-br/offline');
  const other = paths.filter(
    (p) =>
      !/^\/(_astro|icons)\//.test(p) && !['/favicon.svg', '/offline', '/pt-br/offline'].includes(p),
  );
  expect(other).toEqual([]);
  await page.context().close();
});
