import { DOMParser } from 'linkedom';
import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/*
 * A link checker over what a reader can reach: the site's public pages and every docs version in
 * both languages, from the four front doors. Each page linked must answer 2xx at the address the
 * link names (no redirect), each same-origin image, stylesheet, script and icon and each other
 * link must answer, and each link's #fragment must name an element of its page. Docusaurus
 * checks links inside the docs at build time; this also catches the site's links into the docs,
 * the docs' links back to the site, and links into a version that was not cut. ~10 s.
 */
const starts = ['/', '/pt-br/', '/docs/', '/docs/pt-BR/'];

/** Pages that are followed, not only checked: the public site and the docs, never the app. */
const followed = (p: string) =>
  !/^\/(api|w|embed|public|admin|account|invites|unsubscribe)\//.test(p) &&
  !/^\/(pt-br\/)?(login|logout|signup|workspaces|forgot-password|reset-password|verify-email)\b/.test(
    p,
  ) &&
  !/\.(xml|txt|json|svg|png|webp|avif|ico|js|css|woff2?)$/.test(p);

interface Page {
  status: number;
  /** Where a redirect leads. */
  location?: string;
  ids: Set<string>;
  links: Array<{ url: URL; from: string }>;
}

async function load(path: string): Promise<Page> {
  // A link to a page names its one address: a redirect (`/login/` → `/login`) is a finding.
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
  const type = response.headers.get('content-type') ?? '';
  if (response.status >= 300 && response.status < 400)
    return {
      status: response.status,
      location: response.headers.get('location') ?? '',
      ids: new Set(),
      links: [],
    };
  if (!response.ok || !type.startsWith('text/html'))
    return { status: response.status, ids: new Set(), links: [] };
  const html = await response.text();
  const document = new DOMParser().parseFromString(html, 'text/html');
  const base = new URL(response.url);
  const links: Page['links'] = [];
  const attributes: Array<[string, string]> = [
    ['a[href]', 'href'],
    ['link[href]', 'href'],
    ['img[src]', 'src'],
    ['script[src]', 'src'],
    ['source[src]', 'src'],
    ['video[poster]', 'poster'],
  ];
  for (const [selector, attribute] of attributes) {
    for (const element of document.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute) ?? '';
      const rel = element.getAttribute('rel') ?? '';
      // Canonical and alternate links name the public origin (PUBLIC_URL), not this server.
      if (/\b(canonical|alternate|preconnect|dns-prefetch)\b/.test(rel)) continue;
      const url = new URL(value, base);
      if (url.origin === base.origin) links.push({ url, from: path });
    }
  }
  const ids = new Set(
    [...document.querySelectorAll('[id], a[name]')].map(
      (e) => e.getAttribute('id') ?? e.getAttribute('name') ?? '',
    ),
  );
  return { status: response.status, ids, links };
}

describe('links', () => {
  it('every same-origin link and asset of the site and docs answers, and every #fragment exists', async () => {
    const pages = new Map<string, Page>();
    const queue = [...starts];
    const checked = new Map<string, number>();
    const broken: string[] = [];
    const fragments: Array<{ path: string; id: string; from: string }> = [];
    while (queue.length) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const page = await load(path);
      pages.set(path, page);
      if (page.status >= 400) continue;
      for (const { url, from } of page.links) {
        const target = url.pathname;
        if (url.hash.length > 1)
          fragments.push({ path: target, id: decodeURIComponent(url.hash.slice(1)), from });
        if (followed(target)) {
          if (!pages.has(target)) queue.push(target);
          continue;
        }
        if (!checked.has(target)) {
          const response = await fetch(`${baseUrl}${target}${url.search}`);
          await response.arrayBuffer();
          checked.set(target, response.status);
        }
      }
    }
    for (const [path, page] of pages)
      if (page.status >= 400) broken.push(`${path}: HTTP ${page.status}`);
    for (const [path, status] of checked) if (status >= 400) broken.push(`${path}: HTTP ${status}`);
    for (const { path, id, from } of fragments) {
      const page = pages.get(path);
      if (page && page.status < 400 && !page.ids.has(id))
        broken.push(`${path}#${id} (linked from ${from}): no such anchor`);
    }
    const crawled = [...pages.keys()];
    // It reached both languages of the site and of every docs version, the app's public pages.
    expect(crawled).toEqual(expect.arrayContaining(['/docs/next/', '/docs/pt-BR/next/']));
    expect(crawled.some((p) => /^\/docs\/0\.\d+\//.test(p))).toBe(true);
    expect(crawled).toEqual(expect.arrayContaining(['/dashboards/flights', '/pt-br/']));
    expect(crawled.length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  }, 120_000);
});
