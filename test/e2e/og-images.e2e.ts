import { describe, expect, inject, it } from 'vitest';
import { headUrls } from '../support/head-urls.js';
import { pngSize } from '../support/png.js';

/**
 * Open Graph images: what a shared link shows in a chat app or a social network. No browser:
 * the pages' heads and the images, over HTTP (~5 s).
 */
const baseUrl = inject('baseUrl');

async function preview(path: string) {
  const page = await fetch(`${baseUrl}${path}`);
  expect(page.status).toBe(200);
  const head = headUrls(await page.text());
  expect(head.ogImageAlt).toBeTruthy();
  const url = new URL(head.ogImage ?? '');
  // Absolute, at the page's own public address.
  expect(url.origin).toBe(new URL(head.canonical ?? '').origin);
  const image = await fetch(`${baseUrl}${url.pathname}${url.search}`);
  expect(image.status).toBe(200);
  expect(image.headers.get('content-type')).toBe('image/png');
  return { url, alt: head.ogImageAlt, bytes: new Uint8Array(await image.arrayBuffer()) };
}

describe('a site page', () => {
  it.each([
    ['/', '/og/en-home.png', 'Dashboards everyone can read'],
    ['/changelog', '/og/en-changelog.png', 'Changelog'],
    ['/self-host', '/og/en-self-host.png', 'Run Painel on your own servers'],
    [
      '/pt-br/compare',
      '/og/pt-br-compare.png',
      'O Painel comparado com Metabase, Superset e Grafana',
    ],
    ['/pt-br/', '/og/pt-br-home.png', 'Painéis que todo mundo consegue ler'],
    ['/pt-br/changelog', '/og/pt-br-changelog.png', 'Novidades'],
    // Pages without their own: their language's home image.
    ['/login', '/og/en-home.png', 'Dashboards everyone can read'],
    ['/pt-br/login', '/og/pt-br-home.png', 'Painéis que todo mundo consegue ler'],
  ])('%s shows %s, titled in its language, at 1200×630', async (path, image, alt) => {
    const shown = await preview(path);
    expect(shown.url.pathname).toBe(image);
    expect(shown.alt).toBe(alt);
    expect(pngSize(shown.bytes)).toBe('1200x630');
  });
});

it('a public dashboard shows its first chart, drawn in the page’s language', async () => {
  const en = await preview('/dashboards/flights');
  const pt = await preview('/pt-br/dashboards/flights');
  expect(en.url.pathname).toMatch(/^\/api\/public\/dashboards\/flights\/cards\/[\w-]+\.png$/);
  expect(pt.url.pathname).toBe(en.url.pathname);
  expect(en.url.searchParams.get('lang')).toBe('en');
  expect(pt.url.searchParams.get('lang')).toBe('pt-BR');
  // Its title and axes are in the language asked for.
  expect(Buffer.from(en.bytes).equals(Buffer.from(pt.bytes))).toBe(false);
});
