import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectCleanAndClose, fileBrowser, servedPage } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

const baseUrl = inject('baseUrl');
const browser = fileBrowser();

// The docs' live examples (<Chart>, <Dashboard>) show public dashboards' cards as the Painel that
// serves them draws them on its pages (/dashboards/<slug>/cards), in the page's language. `current` docs are published under /next/.
const chartReference = [
  {
    path: '/docs/reference/charts/',
    lang: 'en',
    showTable: 'Show as table',
    unusual: '2 unusual points',
    // 1,461 days; 24,411,191 people.
    thousands: /^\D*\d{1,3}(,\d{3})+(\.\d+)?\D*$/,
  },
  {
    path: '/docs/pt-BR/reference/charts/',
    lang: 'pt-BR',
    showTable: 'Mostrar como tabela',
    unusual: '2 pontos atípicos',
    // 1.461 dias; 24.411.191 pessoas.
    thousands: /^\D*\d{1,3}(\.\d{3})+(,\d+)?\D*$/,
  },
];

/** Waits until no live example is still loading (each card of a dashboard renders in turn). */
async function liveExamplesLoaded(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('.live-status').count(), { timeout: 90_000, interval: 500 })
    .toBe(0);
}

describe.each(chartReference)(
  'chart reference $path',
  ({ path, lang, showTable, thousands, unusual }) => {
    it(`shows live charts with table alternatives in ${lang}, passes axe-core and logs no error`, {
      timeout: 180_000,
    }, async () => {
      const watched = await servedPage(browser(), `${baseUrl}${path}`, lang, 'domcontentloaded');
      const { page } = watched;
      await liveExamplesLoaded(page);

      const figures = page.locator('figure[data-card]');
      expect(await figures.count()).toBeGreaterThanOrEqual(14);
      const withSvg = page.locator('figure[data-card]:has(svg[role="img"][aria-label])');
      expect(await withSvg.count()).toBeGreaterThanOrEqual(10);
      expect(await page.locator('figure[data-card] > figcaption').count()).toBe(
        await figures.count(),
      );
      // No card of the gallery failed in the API.
      expect(await page.locator('.live-status.alert').count()).toBe(0);

      // Every drawn chart offers its numbers as a real table, behind a disclosure in the page's
      // language; a table card is one (its disclosure chooses its columns), and a KPI card's
      // numbers are its text.
      const summaries = page.locator('figure[data-card] details:not(.table-columns) > summary');
      expect(await summaries.count()).toBe(await withSvg.count());
      expect(await summaries.first().innerText()).toContain(showTable);
      for (const summary of await summaries.all()) await summary.click();
      const tables = page.locator('figure[data-card] table');
      const kpis = page.locator('figure[data-card]:not(:has(table)) dl.kpis');
      expect(await page.locator('figure[data-card]:has(svg[role="img"]) table').count()).toBe(
        await withSvg.count(),
      );
      expect((await tables.count()) + (await kpis.count())).toBe(await figures.count());
      expect(await page.locator('figure[data-card] table > caption').count()).toBe(
        await tables.count(),
      );
      expect(await page.locator('figure[data-card] th[scope="col"]').count()).toBeGreaterThan(0);
      expect(await page.locator('figure[data-card] th[scope="row"]').count()).toBeGreaterThan(0);

      // The analyses' live examples: a seasonal forecast, and the unusual months of Seattle's rain.
      const described = (card: string) =>
        page.locator(`figure[data-card="${card}"] svg[role="img"]`).getAttribute('aria-label');
      expect(await described('forecast')).toContain('Holt-Winters');
      expect(await described('anomalies')).toContain(unusual);

      // Numbers come formatted by the API for the page's language.
      const cells = await page.locator('figure[data-card] td').allInnerTexts();
      expect(cells.some((cell) => thousands.test(cell.trim()))).toBe(true);

      // No console error, hydration's included: the prerendered code blocks must be what React
      // renders (#418 before).
      await expectCleanAndClose(watched);
    });
  },
);

describe('dashboard filters guide', () => {
  it('shows the live Seattle dashboard with its filters and cards', {
    timeout: 180_000,
  }, async () => {
    const watched = await openPage(browser());
    const { page } = watched;
    await page.goto(`${baseUrl}/docs/dashboard-filters/`, { waitUntil: 'domcontentloaded' });
    await liveExamplesLoaded(page);
    const dashboard = page.locator('figure[data-dashboard="seattle-weather"]');
    await expect.poll(() => dashboard.count()).toBe(1);
    expect(await dashboard.locator(':scope > figcaption').innerText()).toContain('Seattle weather');
    expect(await dashboard.locator(':scope > dl dt').allInnerTexts()).toEqual([
      'Period',
      'Weather',
      'Stocks',
    ]);
    // Charts are figures; the text card is the Markdown it holds, as on the dashboard's page.
    expect(await dashboard.locator('figure[data-card]').count()).toBeGreaterThanOrEqual(7);
    expect(await dashboard.locator('.text-card[data-card="about"] .markdown').count()).toBe(1);
    expect(await dashboard.locator('a[href="/dashboards/seattle-weather"]').count()).toBe(1);
    // The same card, filtered by the example's query string: only sun and rain are counted.
    const filtered = page.locator('figure[data-card="days-by-weather"]').last();
    await filtered.locator('summary').click();
    const rows = await filtered.locator('tbody th[scope="row"]').allInnerTexts();
    expect(rows.sort()).toEqual(['rain', 'sun']);
    // No console error, hydration's included: the prerendered code blocks must be what React
    // renders (#418 before).
    await expectCleanAndClose(watched);
  });
});

// The embedding guide frames `/embed/<token>` with a Demo token from /api/demo/embed-token, in
// the page's language, and sizes each frame to the height the embed reports by postMessage.
const embeddingGuide = [
  { path: '/docs/embedding/', lang: 'en', title: 'US flight delays' },
  { path: '/docs/pt-BR/embedding/', lang: 'pt-BR', title: 'Atrasos de voos nos EUA' },
];

describe.each(embeddingGuide)('embedding guide $path', ({ path, lang, title }) => {
  it(`frames the flights dashboard and a chart as signed embeds in ${lang}`, {
    timeout: 180_000,
  }, async () => {
    const watched = await servedPage(browser(), `${baseUrl}${path}`, lang, 'domcontentloaded');
    const { page } = watched;
    await liveExamplesLoaded(page);

    for (const what of ['dashboard', 'chart'] as const) {
      const iframe = page.locator(`iframe[data-embed="${what}"]`);
      expect(await iframe.count()).toBe(1);
      expect(await iframe.getAttribute('src')).toMatch(/^\/embed\/[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await iframe.getAttribute('title')).toBeTruthy();
      // The frames load lazily, as they come into view.
      await iframe.scrollIntoViewIfNeeded();
      const frame = await (await iframe.elementHandle())?.contentFrame();
      if (!frame) throw new Error(`the ${what} embed has no frame`);
      const charts = frame.locator('figure[data-card]:has(svg[role="img"][aria-label])');
      await expect.poll(() => charts.count(), { timeout: 90_000 }).toBeGreaterThan(0);
      expect(await charts.first().locator('.description').innerText()).not.toBe('');
      expect(await frame.locator('html').getAttribute('lang')).toBe(lang);
      expect(await frame.locator('h1').innerText()).toBe(title);
      if (what === 'chart') expect(await frame.locator('figure[data-card]').count()).toBe(1);

      // Sized by the embed's painel:height messages: the frame is as tall as its document.
      const heights = async () => ({
        frame: await iframe.evaluate((el) => el.getBoundingClientRect().height),
        document: await frame.evaluate(
          () => document.documentElement.getBoundingClientRect().height,
        ),
      });
      await expect
        .poll(async () => {
          const { frame: outer, document: inner } = await heights();
          return Math.abs(outer - inner) <= 3;
        })
        .toBe(true);
      expect((await heights()).frame).toBeGreaterThan(300);
      expect(await iframe.evaluate((el) => el.style.height)).toMatch(/^\d+px$/);
    }

    await expectCleanAndClose(watched);
  });
});
