import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import {
  demoOwner,
  expectAccessible,
  expectTooltip,
  fileBrowser,
  loggedInPage,
  realErrors,
} from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/**
 * Reading dashboards: filters from the URL, the no-JavaScript filter form and the instant one,
 * cross-filtering by a bar (by pointer and by keyboard), card downloads, the phone and desktop
 * layouts, the workspace's dashboard list (search, folders, favourites, recently viewed), full
 * screen, and axe in both languages and themes. Numbers are checked against the API's own
 * rendering of the same query string, so nothing depends on today's date.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const weather = '/dashboards/seattle-weather';

interface ApiCard {
  id: string;
  kind: 'chart' | 'text';
  chart?: { description: string; kpis?: { label: string; value: string }[] };
}

const browser = fileBrowser();

/** The public API's rendering of a dashboard for a query string, in English. */
async function apiCards(slug: string, search: string): Promise<ApiCard[]> {
  const response = await fetch(`${baseUrl}/api/public/dashboards/${slug}${search}`, {
    headers: { 'Accept-Language': 'en' },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { cards: ApiCard[] }).cards;
}

const firstKpi = (cards: ApiCard[], id: string) =>
  cards.find((c) => c.id === id)?.chart?.kpis?.[0]?.value;

/** Every chart card's generated description on the page equals the API's for the page's URL. */
async function expectCardsMatchApi(page: Page, slug: string) {
  const expected = await apiCards(slug, new URL(page.url()).search);
  for (const card of expected.filter((c) => c.kind === 'chart' && c.chart)) {
    await expect
      .poll(() => page.locator(`#card-${card.id} .description`).innerText(), {
        message: `card ${card.id} at ${page.url()}`,
      })
      .toBe(card.chart?.description);
  }
}

/** Waits for the dashboard's island to hydrate and every card to be drawn. */
const live = async (page: Page) => {
  await page.locator('[data-dashboard][data-live]').waitFor({ state: 'attached' });
  // A card slower than the page's deadline (a cold cache on a busy machine) comes later, swapped
  // in by the island: what a test focuses or clicks must be the final card.
  await expect.poll(() => page.locator('[data-pending]').count()).toBe(0);
};

const kpiOnPage = (page: Page) => page.locator('#card-summary .kpi-value').first().innerText();

describe('a dashboard’s filters', () => {
  it('read the URL: the numbers are the API’s for the same query string', async () => {
    const { page } = await openPage(browser(), { javaScript: false });
    const all = firstKpi(await apiCards('seattle-weather', ''), 'summary');
    const rain = firstKpi(await apiCards('seattle-weather', '?weather=rain'), 'summary');
    expect(rain).not.toBe(all);
    await page.goto(`${baseUrl}${weather}?weather=rain`);
    expect(await kpiOnPage(page)).toBe(rain);
    expect(await page.locator('#filter-weather option:checked').allInnerTexts()).toEqual(['rain']);
    await expectCardsMatchApi(page, 'seattle-weather');
    // A value that does not fit is said under its filter, which the control points to.
    await page.goto(`${baseUrl}${weather}?period=custom&period.start=2014-01-01`);
    const error = page.locator('#filter-period-error');
    expect((await error.innerText()).trim()).not.toBe('');
    expect(await page.locator('#filter-period').getAttribute('aria-describedby')).toContain(
      'filter-period-error',
    );
    expect(await page.locator('#filter-period').getAttribute('aria-invalid')).toBe('true');
    await page.context().close();
  });

  it('submit as a plain GET form without JavaScript', async () => {
    const { page } = await openPage(browser(), { javaScript: false });
    await page.goto(`${baseUrl}${weather}`);
    await page.locator('#filter-weather').selectOption(['fog']);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/weather=fog/);
    const url = new URL(page.url());
    expect(url.pathname).toBe(weather);
    expect(url.searchParams.getAll('weather').filter(Boolean)).toEqual(['fog']);
    expect(await kpiOnPage(page)).toBe(
      firstKpi(await apiCards('seattle-weather', url.search), 'summary'),
    );
    // "Reset filters" is a link back to the defaults.
    await page.getByRole('link', { name: 'Reset filters' }).click();
    await page.waitForURL(`${baseUrl}${weather}`);
    await page.context().close();
  });

  it('apply as they change with JavaScript, swapping the cards in place', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${baseUrl}${weather}`);
    await live(page);
    // A reload would lose this.
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await page.locator('#filter-weather').selectOption(['snow']);
    await page.waitForURL(/weather=snow/);
    const search = new URL(page.url()).search;
    await expect
      .poll(() => kpiOnPage(page))
      .toBe(firstKpi(await apiCards('seattle-weather', search), 'summary'));
    await expectCardsMatchApi(page, 'seattle-weather');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    await expect
      .poll(() => page.locator('[data-dashboard-status]').innerText())
      .toBe('Dashboard updated.');
    // The swapped charts still have their tooltips, by pointer and by keyboard.
    const chart = page.locator('#card-temperature [data-chart]');
    await expect.poll(() => chart.getAttribute('tabindex')).toBe('0');
    const mark = chart.locator('[data-value]:has(title), circle:has(title)').first();
    const text = ((await mark.locator('title').textContent()) ?? '').trim();
    await expectTooltip(page, mark, text);
    // Back goes to the previous filters.
    await page.goBack();
    await page.waitForURL(`${baseUrl}${weather}`);
    await expect
      .poll(() => kpiOnPage(page))
      .toBe(firstKpi(await apiCards('seattle-weather', ''), 'summary'));
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('show a slow update on the cards, and only then', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}${weather}`);
    await live(page);
    await page.route(/seattle-weather\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await route.continue();
    });
    await page.locator('#filter-weather').selectOption(['drizzle']);
    // All nine cards of the page, the table of every day with them.
    await expect.poll(() => page.locator('[data-card][aria-busy="true"]').count()).toBe(9);
    await page.waitForURL(/weather=drizzle/);
    await expect.poll(() => page.locator('[data-card][aria-busy]').count()).toBe(0);
    await page.context().close();
  });
});

describe('cross-filtering', () => {
  it('filters every card by the bar picked with the keyboard, and takes it off again', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${baseUrl}${weather}`);
    await live(page);
    // Focus the chart, move to the last bar, Enter filters by it.
    const chart = page.locator('#card-days-by-weather [data-chart]');
    await expect.poll(() => chart.getAttribute('tabindex')).toBe('0');
    await chart.focus();
    await page.keyboard.press('End');
    const last = await chart.locator('.is-active').getAttribute('data-value');
    expect(last).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`weather=${last}`));
    expect(new URL(page.url()).searchParams.getAll('weather')).toEqual([last]);
    await expectCardsMatchApi(page, 'seattle-weather');
    // The focus stays on the chart, which now has that one bar: Enter takes the filter off.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-card]')?.id))
      .toBe('card-days-by-weather');
    await page.keyboard.press('Enter');
    await page.waitForURL(/weather=(&|$)/);
    await expectCardsMatchApi(page, 'seattle-weather');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('filters every card by the bar clicked', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${baseUrl}${weather}`);
    await live(page);
    const before = await kpiOnPage(page);
    await page.locator('#card-days-by-weather rect[data-value="fog"]').click();
    await page.waitForURL(/weather=fog/);
    expect(new URL(page.url()).searchParams.getAll('weather')).toEqual(['fog']);
    await expect.poll(() => kpiOnPage(page)).not.toBe(before);
    await expectCardsMatchApi(page, 'seattle-weather');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

describe('card downloads', () => {
  it('give the data as CSV and the chart as PNG, with the page’s filters', async () => {
    const { page } = await openPage(browser(), { javaScript: false });
    await page.goto(`${baseUrl}${weather}?weather=rain`);
    const card = page.locator('#card-days-by-weather');
    const csv = await card.getByRole('link', { name: /as CSV/ }).getAttribute('href');
    const png = await card.getByRole('link', { name: /as a PNG/ }).getAttribute('href');
    expect(csv).toBe(
      '/api/public/dashboards/seattle-weather/cards/days-by-weather.csv?weather=rain',
    );
    expect(png).toBe(
      '/api/public/dashboards/seattle-weather/cards/days-by-weather.png?weather=rain',
    );
    const data = await page.request.get(`${baseUrl}${csv}`);
    expect(data.status()).toBe(200);
    expect(data.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await data.text()).trim().split(/\r?\n/)).toHaveLength(2);
    const image = await page.request.get(`${baseUrl}${png}`);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
    // Numbers only: no picture to download.
    const kpi = page.locator('#card-summary');
    expect(await kpi.getByRole('link', { name: /as CSV/ }).count()).toBe(1);
    expect(await kpi.getByRole('link', { name: /PNG/ }).count()).toBe(0);
    await page.context().close();
  });
});

describe('the layout', () => {
  it('stacks the cards in one column on a 375 px phone, in reading order, without horizontal scrolling', async () => {
    const { page } = await openPage(browser(), { width: 375 });
    await page.goto(`${baseUrl}/dashboards/flights`);
    const boxes = await page
      .locator('[data-card]')
      .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON()));
    expect(boxes.length).toBe(12);
    const first = boxes[0];
    for (const [i, box] of boxes.entries()) {
      expect(box.x).toBe(first.x);
      expect(box.width).toBe(first.width);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      if (i > 0) expect(box.y).toBeGreaterThan(boxes[i - 1].y + boxes[i - 1].height - 1);
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.context().close();
  });

  it('places the cards on the 12-column grid on a wide screen', async () => {
    const { page } = await openPage(browser(), { width: 1280 });
    await page.goto(`${baseUrl}/dashboards/flights`);
    const box = (id: string) => page.locator(`#card-${id}`).boundingBox();
    const [totals, june, left, right, below] = await Promise.all([
      box('totals'),
      box('june-vs-may'),
      box('busiest-origins'),
      box('late-by-month'),
      box('delay-histogram'),
    ]);
    // 8 and 4 columns side by side; two halves side by side; the next row under them.
    expect(june!.y).toBe(totals!.y);
    expect(june!.x).toBeGreaterThan(totals!.x + totals!.width);
    expect(totals!.width).toBeGreaterThan(june!.width * 1.8);
    expect(right!.y).toBe(left!.y);
    expect(Math.abs(right!.width - left!.width)).toBeLessThan(1);
    expect(below!.x).toBe(left!.x);
    expect(below!.y).toBeGreaterThan(left!.y + left!.height);
    await page.context().close();
  });
});

describe('dashboards in a workspace', () => {
  it('lists them: search, folders, favourites, recently viewed', async () => {
    const { page, errors } = await loggedInPage(browser(), baseUrl, '/w/demo/dashboards');
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    const firstItem = nav.getByRole('listitem').first().getByRole('link');
    expect(await firstItem.innerText()).toBe('Dashboards');
    expect(await firstItem.getAttribute('aria-current')).toBe('page');
    const rows = page.locator('tr[data-dashboard-row]');
    const slugs = () => rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-dashboard-row')));
    expect(await slugs()).toEqual(
      expect.arrayContaining(['flights', 'seattle-weather', 'chart-gallery']),
    );
    const flights = page.locator('tr[data-dashboard-row="flights"]');
    expect(
      await flights
        .getByRole('link', { name: 'US flight delays', exact: true })
        .getAttribute('href'),
    ).toBe('/w/demo/dashboards/flights');
    expect(await flights.locator('td.numeric').innerText()).toBe('12');
    expect(await flights.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The owner edits: "New dashboard" and one "Edit" per row.
    expect(await page.getByRole('link', { name: 'New dashboard' }).getAttribute('href')).toBe(
      '/w/demo/dashboards/new',
    );
    expect(
      await flights.getByRole('link', { name: 'Edit US flight delays' }).getAttribute('href'),
    ).toBe('/w/demo/dashboards/flights/edit');

    // Search, as a GET form.
    await page.getByLabel('Search', { exact: true }).fill('weather');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/q=weather/);
    expect(await slugs()).toContain('seattle-weather');
    expect(await slugs()).not.toContain('flights');

    // Folders: the demo dashboards are in none; a new, empty folder lists nothing.
    await page.goto(`${baseUrl}/w/demo/dashboards?folder=none`);
    expect(await slugs()).toEqual(expect.arrayContaining(['flights', 'seattle-weather']));
    const folder = await fetch(`${baseUrl}/api/workspaces/demo/dashboard-folders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: `Empty ${Date.now()}` }),
    });
    expect(folder.status).toBe(201);
    const { id } = (await folder.json()) as { id: string };
    await page.goto(`${baseUrl}/w/demo/dashboards`);
    await page.getByLabel('Folder', { exact: true }).selectOption(id);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(new RegExp(`folder=${id}`));
    expect(await rows.count()).toBe(0);
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(`${baseUrl}/w/demo/dashboards`);

    // The star marks a favourite in place; "favourites only" then finds it.
    const star = page
      .locator('tr[data-dashboard-row="flights"]')
      .getByRole('button', { name: 'Favourite: US flight delays' });
    const was = await star.getAttribute('aria-pressed');
    if (was === 'true') {
      await star.click();
      await expect.poll(() => star.getAttribute('aria-pressed')).toBe('false');
    }
    await star.click();
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => page.locator('[data-favorite-status]').innerText())
      .toBe('US flight delays is now a favourite.');
    await page.getByLabel('Favourites only').check();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/favorites=true/);
    expect(await slugs()).toContain('flights');
    await page
      .locator('tr[data-dashboard-row="flights"]')
      .getByRole('button', { name: 'Favourite: US flight delays' })
      .click();
    await expect
      .poll(() => page.locator('[data-favorite-status]').innerText())
      .toBe('US flight delays is no longer a favourite.');
    await page.reload();
    expect(await slugs()).not.toContain('flights');

    // Recently viewed: opening a dashboard puts it first.
    await page.goto(`${baseUrl}/w/demo/dashboards/seattle-weather`);
    await page.goto(`${baseUrl}/w/demo/dashboards`);
    const recent = page.locator('[data-recent] li');
    expect(await recent.first().getByRole('link').innerText()).toBe(
      'Seattle weather and tech stocks',
    );
    expect(await recent.count()).toBeLessThanOrEqual(5);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('shows one with workspace downloads, "Edit" and full screen', async () => {
    const { page, errors } = await loggedInPage(
      browser(),
      baseUrl,
      '/w/demo/dashboards/seattle-weather?weather=sun',
    );
    expect(await page.locator('h1').innerText()).toBe('Seattle weather and tech stocks');
    expect(await kpiOnPage(page)).toBe(
      firstKpi(await apiCards('seattle-weather', '?weather=sun'), 'summary'),
    );
    expect(await page.getByRole('link', { name: 'Edit dashboard' }).getAttribute('href')).toBe(
      '/w/demo/dashboards/seattle-weather/edit',
    );
    const csv = await page
      .locator('#card-days-by-weather')
      .getByRole('link', { name: /as CSV/ })
      .getAttribute('href');
    expect(csv).toBe(
      '/api/workspaces/demo/dashboards/seattle-weather/cards/days-by-weather.csv?weather=sun',
    );
    const data = await page.request.get(`${baseUrl}${csv}`);
    expect(data.status()).toBe(200);
    expect(await data.text()).toMatch(/sun/);
    const png = await page.request.get(`${baseUrl}${csv!.replace('.csv', '.png')}`);
    expect(png.headers()['content-type']).toBe('image/png');

    // Full screen: a toggle button, by keyboard.
    const button = page.getByRole('button', { name: 'Full screen' });
    await button.waitFor({ state: 'visible' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.fullscreenElement?.matches('[data-dashboard]')))
      .toBe(true);
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');

    // A missing dashboard answers 404 inside the workspace's pages.
    const missing = await page.goto(`${baseUrl}/w/demo/dashboards/no-such-dashboard`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Dashboard not found');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('refreshes one with refreshSeconds while it is visible, and shows a failing card’s error', async () => {
    const slug = `refreshing-${Date.now()}`;
    const auth = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${baseUrl}/api/workspaces/demo/dashboards`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        slug,
        title: { en: 'Refreshing', 'pt-BR': 'Atualizando' },
        source: 'Demo',
        refreshSeconds: 30,
        cards: [
          {
            id: 'count',
            layout: { x: 0, y: 0, w: 6, h: 2 },
            query: { sql: 'SELECT count(*) AS n FROM flights' },
            chart: { type: 'kpi', title: { en: 'Flights' }, columns: [{ field: 'n' }] },
          },
          {
            id: 'broken',
            layout: { x: 6, y: 0, w: 6, h: 2 },
            query: { sql: 'SELECT nothing FROM no_such_table' },
            chart: { type: 'kpi', title: { en: 'Broken' }, columns: [{ field: 'nothing' }] },
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    try {
      const { page } = await loggedInPage(browser(), baseUrl, `/w/demo/dashboards/${slug}`);
      // The clock is the page's from here: intervals run when the test says.
      await page.clock.install();
      await page.reload();
      // Idle callbacks and effects run on the installed clock.
      await page.clock.runFor(2_000);
      await live(page);
      // One card fails with its own message; the other renders.
      expect((await page.locator('#card-broken .card-error').innerText()).trim()).not.toBe('');
      expect(await page.locator('#card-count .kpi-value').innerText()).toBe('3M');
      expect(await page.getByText('Refreshes every 30 seconds while open.').count()).toBe(1);

      const refreshes: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'fetch' && request.url().includes(`/dashboards/${slug}`))
          refreshes.push(request.url());
      });
      // Hidden, it waits; visible again and overdue, it refreshes at once.
      await page.evaluate(() => {
        Object.assign(document.querySelector('#card-count')!, { stale: true });
        Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.clock.runFor(65_000);
      expect(refreshes).toEqual([]);
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          value: 'visible',
        });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await expect.poll(() => refreshes.length).toBe(1);
      // The cards are swapped for fresh ones before the next period starts.
      await expect
        .poll(() => page.evaluate(() => !('stale' in document.querySelector('#card-count')!)))
        .toBe(true);
      await page.clock.runFor(35_000);
      await expect.poll(() => refreshes.length).toBe(2);
      await page.context().close();
    } finally {
      await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}`, {
        method: 'DELETE',
        headers: auth,
      });
    }
  });

  it.each([
    ['en', ''],
    ['pt-BR', '/pt-br'],
  ])(
    'pass axe-core in both themes (%s)',
    async (lang, prefix) => {
      const { page } = await loggedInPage(browser(), baseUrl, `${prefix}/w/demo/dashboards`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await expectAccessible(page);
      for (const path of [
        `${prefix}/w/demo/dashboards/seattle-weather`,
        `${prefix}/w/demo/dashboards/flights`,
        `${prefix}/dashboards/seattle-weather`,
      ]) {
        await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
        await expectAccessible(page);
      }
      await page.context().close();
    },
    180_000,
  );

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    'shows a slow card as loading while the others render, then fills it in',
    async () => {
      const url = new URL(process.env.TEST_POSTGRES_URL ?? '');
      const headers = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
      const stamp = Date.now().toString(36);
      const source = `Slow PostgreSQL ${stamp}`;
      const connected = await fetch(`${baseUrl}/api/workspaces/demo/data-sources`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          engine: 'postgres',
          name: source,
          config: {
            host: url.hostname,
            port: Number(url.port || 5432),
            database: url.pathname.slice(1) || 'postgres',
            user: decodeURIComponent(url.username) || 'postgres',
            tls: { mode: 'disable' },
          },
          ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
        }),
      });
      expect(connected.status).toBe(201);
      // pg_sleep makes one card certainly slower than the page's 2.5 s deadline; the comment
      // keeps its query out of any earlier run's result cache.
      const slug = `slow-${stamp}`;
      const kpi = (id: string, x: number, sql: string) => ({
        id,
        layout: { x, y: 0, w: 6, h: 3 },
        query: { sql },
        chart: { type: 'kpi', title: { en: id === 'slow' ? 'Slow' : 'Fast' } },
      });
      const created = await fetch(`${baseUrl}/api/workspaces/demo/dashboards`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          slug,
          title: { en: 'Slow and fast' },
          source,
          filters: [],
          cards: [
            kpi('fast', 0, 'SELECT 41 AS answer'),
            kpi('slow', 6, `SELECT 42 AS answer FROM pg_sleep(4) /* ${stamp} */`),
          ],
        }),
      });
      expect(created.status).toBe(201);
      const path = `/w/demo/dashboards/${slug}`;

      // The page answers by its deadline: the fast card drawn, the slow one saying it loads.
      const html = await (await fetch(`${baseUrl}${path}`, { headers })).text();
      const card = (id: string) => html.slice(html.indexOf(`id="card-${id}"`)).slice(0, 2_000);
      expect(card('fast')).toContain('41');
      expect(card('slow')).toContain('data-pending');
      expect(card('slow')).not.toContain('42');

      // In the browser the island asks again until the slow card has its number.
      const { page, errors } = await loggedInPage(browser(), baseUrl, path);
      expect(await page.locator('#card-fast .kpi-value').innerText()).toBe('41');
      await expect
        .poll(() => page.locator('#card-slow .kpi-value').count(), { timeout: 30_000 })
        .toBe(1);
      expect(await page.locator('#card-slow .kpi-value').innerText()).toBe('42');
      expect(await page.locator('[data-pending]').count()).toBe(0);
      expect(realErrors(errors)).toEqual([]);
      await page.context().close();
    },
    90_000,
  );
});
