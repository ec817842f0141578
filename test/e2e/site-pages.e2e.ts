import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, fileBrowser } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/**
 * The site's pages for a visitor weighing Painel: features (with the live demo dashboards),
 * the comparison with other products and self-hosting, in both languages. Each is served in its
 * language, passes axe-core in both colour schemes on a desktop and on a 375 px phone (where it
 * must not scroll sideways), and is reached from the site's navigation; the demo links open for
 * anyone, and every claim about another product names a source of its own (~40 s).
 */
const baseUrl = inject('baseUrl');
const browser = fileBrowser();

const pages = [
  { path: '/features', lang: 'en', h1: 'What Painel does' },
  { path: '/pt-br/features', lang: 'pt-BR', h1: 'O que o Painel faz' },
  { path: '/compare', lang: 'en', h1: 'Painel compared with Metabase, Superset and Grafana' },
  {
    path: '/pt-br/compare',
    lang: 'pt-BR',
    h1: 'O Painel comparado com Metabase, Superset e Grafana',
  },
  { path: '/self-host', lang: 'en', h1: 'Run Painel on your own servers' },
  { path: '/pt-br/self-host', lang: 'pt-BR', h1: 'Rode o Painel nos seus servidores' },
];

describe.each(pages)('$path', ({ path, lang, h1 }) => {
  it(`is served in ${lang} with its one h1, accessible on a desktop and a phone`, async () => {
    for (const width of [1280, 375]) {
      const { page, errors } = await openPage(browser(), { width });
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').allInnerTexts()).toEqual([h1]);
      expect(await page.locator('header, main, footer, nav').count()).toBeGreaterThanOrEqual(4);
      // On the phone, a page wider than the screen is one more violation (axeViolations).
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

describe('features', () => {
  it.each([
    ['/features', ''],
    ['/pt-br/features', '/pt-br'],
  ])('%s links to every live demo dashboard, which opens for anyone', async (path, prefix) => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}${path}`);
    const links = page.locator('main a[href*="/dashboards/"]');
    const targets = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(targets).toEqual(
      ['flights', 'seattle-weather', 'chart-gallery'].map((slug) => `${prefix}/dashboards/${slug}`),
    );
    // Each answers an anonymous visitor (no cookie) with the dashboard its link names.
    const titles = await links.allInnerTexts();
    for (const [i, target] of targets.entries()) {
      const response = await fetch(`${baseUrl}${target}`, { redirect: 'manual' });
      expect(response.status, target).toBe(200);
      expect(await response.text()).toContain(titles[i]);
    }
    await page.context().close();
  });
});

describe('compare', () => {
  it.each(['/compare', '/pt-br/compare'])(
    '%s is a captioned table whose every claim about another product links to a source',
    async (path) => {
      const { page } = await openPage(browser(), { width: 375 });
      await page.goto(`${baseUrl}${path}`);
      const table = page.locator('main table');
      expect((await table.locator('caption').innerText()).trim()).not.toBe('');
      expect(await table.locator('thead th[scope="col"]').count()).toBe(5);
      const rows = await table.locator('tbody th[scope="row"]').count();
      expect(rows).toBeGreaterThanOrEqual(6);
      // The table scrolls in a region of its own, which the keyboard reaches.
      const region = page.getByRole('region', { name: /comparison table|tabela comparativa/i });
      expect(await region.getAttribute('tabindex')).toBe('0');
      await page.keyboard.press('Tab');
      for (let i = 0; i < 40 && !(await region.evaluate((r) => r === document.activeElement)); i++)
        await page.keyboard.press('Tab');
      expect(await region.evaluate((r) => r === document.activeElement)).toBe(true);
      // Each other product's cell, on every row, names at least one page of that product's own.
      const hosts = {
        metabase: /(^|\.)metabase\.com$|^github\.com\/metabase$/,
        superset: /^superset\.apache\.org$|^github\.com\/apache$/,
        grafana: /(^|\.)grafana\.com$|^github\.com\/grafana$/,
      };
      for (const [product, host] of Object.entries(hosts)) {
        const cells = table.locator(`td[data-product="${product}"]`);
        expect(await cells.count()).toBe(rows);
        const sources = await cells.evaluateAll((tds) =>
          tds.map((td) =>
            [...td.querySelectorAll('a[href]')].map((a) => {
              const url = new URL(a.getAttribute('href') ?? '', document.baseURI);
              const owner = url.pathname.split('/')[1];
              return url.hostname === 'github.com' ? `github.com/${owner}` : url.hostname;
            }),
          ),
        );
        for (const links of sources) {
          expect(links.length, `${product}: a cell without a source`).toBeGreaterThan(0);
          for (const link of links) expect(link, product).toMatch(host);
        }
      }
      expect(await page.locator('main time[datetime="2026-12"]').count()).toBe(1);
      await page.context().close();
    },
  );
});

describe('navigation', () => {
  it.each([
    ['', 'Features', 'Compare', 'Self-host'],
    ['/pt-br', 'Recursos', 'Comparação', 'Hospedagem própria'],
  ])('reaches the pages from the header and footer of %s/', async (prefix, ...names) => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}${prefix}/`);
    const header = page.getByRole('navigation', { name: /^(main|principal)$/i });
    await header.getByRole('link', { name: names[0] }).click();
    await page.waitForURL(`${baseUrl}${prefix}/features`);
    expect(await header.getByRole('link', { name: names[0] }).getAttribute('aria-current')).toBe(
      'page',
    );
    for (const [name, path] of [
      [names[1], 'compare'],
      [names[2], 'self-host'],
      [names[0], 'features'],
    ] as const) {
      await page.locator('footer').getByRole('link', { name, exact: true }).click();
      await page.waitForURL(`${baseUrl}${prefix}/${path}`);
    }
    await page.context().close();
  });
});
