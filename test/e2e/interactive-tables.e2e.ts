import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import { demoOwner, expectAccessible, fileBrowser } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/**
 * A table card sorted, searched, paged and with columns hidden on the server, its view in the
 * page's URL: by keyboard, on a phone, without JavaScript, in both languages; its totals row and
 * conditional formats; a 100,000-row result. The public dashboard's JSON is the oracle: the page
 * shows the rows the API gives for the same query string (~60 s).
 */
const baseUrl = inject('baseUrl');
const browser = fileBrowser();

interface ApiTable {
  columns: { label: string }[];
  rows: string[][];
  totals?: string[];
  marks?: ({ step?: number; tone?: string } | null)[][];
  view: { page: number; pages: number; matching: number; total: number; shown: number[] };
}

/** The table card `cardId` of `slug` as the API renders it for `search`, in `lang`. */
async function apiTable(
  search: string,
  lang: string,
  { slug, cardId } = { slug: 'seattle-weather', cardId: 'days' },
): Promise<ApiTable> {
  const response = await fetch(`${baseUrl}/api/public/dashboards/${slug}${search}`, {
    headers: { accept: 'application/json', 'accept-language': lang },
  });
  expect(response.status).toBe(200);
  const { cards } = (await response.json()) as {
    cards: { id: string; chart?: { table: ApiTable } }[];
  };
  const table = cards.find((c) => c.id === cardId)?.chart?.table;
  if (!table) throw new Error(`no ${cardId} table`);
  return table;
}

const card = (page: Page, cardId = 'days') => page.locator(`#card-${cardId}`);

/**
 * The text of the card's rows (`tbody`) or totals (`tfoot`), cell by cell, as the API writes
 * it: a marked cell's symbol and spoken tone are the page's own.
 */
const pageRows = (page: Page, part: 'tbody' | 'tfoot' = 'tbody', cardId = 'days') =>
  card(page, cardId)
    .locator(`${part} tr`)
    .evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.children, (cell) => {
          const copy = cell.cloneNode(true) as Element;
          for (const added of copy.querySelectorAll('.tone-symbol, .sr-only')) added.remove();
          return (copy.textContent ?? '').trim();
        }),
      ),
    );

/** The page's rows (and totals) equal the API's for the page's own query string. */
async function expectRowsOfApi(
  page: Page,
  lang: string,
  where = { slug: 'seattle-weather', cardId: 'days' },
): Promise<ApiTable> {
  const table = await apiTable(new URL(page.url()).search, lang, where);
  expect(await pageRows(page, 'tbody', where.cardId)).toEqual(table.rows);
  expect(await pageRows(page, 'tfoot', where.cardId)).toEqual(table.totals ? [table.totals] : []);
  return table;
}

describe.each([
  {
    prefix: '',
    lang: 'en',
    high: 'High (°C)',
    next: 'Next page',
    search: 'Search the table',
    range: /^Rows 26–50 of [\d,]+$/,
    year: '2014',
  },
  {
    prefix: '/pt-br',
    lang: 'pt-BR',
    high: 'Máxima (°C)',
    next: 'Próxima página',
    search: 'Buscar na tabela',
    range: /^Linhas 26–50 de [\d.]+$/,
    year: '2014',
  },
])('a table card in $lang', ({ prefix, lang, high, next, search, range, year }) => {
  it('sorts by keyboard, pages and searches, keeping the filters, on a phone', async () => {
    const { page, errors } = await openPage(browser(), { width: 375 });
    await page.goto(`${baseUrl}${prefix}/dashboards/seattle-weather?weather=rain`);
    const first = await expectRowsOfApi(page, lang);
    expect(first.rows).toHaveLength(25);
    expect(first.view.matching).toBe(first.view.total);

    // Sort by the high temperature, ascending then descending, from the keyboard.
    const header = () => card(page).locator('thead th').nth(2);
    await header().locator('a').focus();
    await Promise.all([page.waitForURL(/days\.sort=3(&|#|$)/), page.keyboard.press('Enter')]);
    expect(await header().getAttribute('aria-sort')).toBe('ascending');
    const up = await expectRowsOfApi(page, lang);
    await header().locator('a').focus();
    await Promise.all([page.waitForURL(/days\.sort=-3(&|#|$)/), page.keyboard.press('Enter')]);
    expect(await header().getAttribute('aria-sort')).toBe('descending');
    const down = await expectRowsOfApi(page, lang);
    expect(down.rows[0]).not.toEqual(up.rows[0]);
    expect(new URL(page.url()).searchParams.get('weather')).toBe('rain');
    expect(await header().innerText()).toContain(high);

    // The next page, from the same sort.
    await Promise.all([
      page.waitForURL(/days\.page=2/),
      card(page).getByRole('link', { name: next }).click(),
    ]);
    expect(await card(page).locator('.table-range').innerText()).toMatch(range);
    await expectRowsOfApi(page, lang);

    // A search keeps the sort and the filters and starts at the first page.
    await card(page).getByLabel(search).fill(year);
    await Promise.all([page.waitForURL(/days\.q=2014/), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    expect(url.searchParams.get('days.sort')).toBe('-3');
    expect(url.searchParams.get('days.page')).toBeNull();
    expect(url.searchParams.get('weather')).toBe('rain');
    const found = await expectRowsOfApi(page, lang);
    expect(found.view.matching).toBeLessThan(found.view.total);
    for (const row of found.rows) expect(row[0]).toContain(year);

    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

it('sorts and pages without JavaScript, as plain links', async () => {
  const { page } = await openPage(browser(), { javaScript: false });
  await page.goto(`${baseUrl}/dashboards/seattle-weather`);
  await Promise.all([
    page.waitForURL(/days\.sort=5/),
    card(page).locator('thead th').nth(4).locator('a').click(),
  ]);
  await Promise.all([
    page.waitForURL(/days\.page=2/),
    card(page).getByRole('link', { name: 'Next page' }).click(),
  ]);
  const table = await expectRowsOfApi(page, 'en');
  expect(table.view.page).toBe(2);
  // Applying the filters keeps the sort and starts at the first page.
  await Promise.all([
    page.waitForURL(/weather=/),
    page.locator('form[data-dashboard-filters] button[type="submit"]').click(),
  ]);
  const url = new URL(page.url());
  expect(url.searchParams.get('days.sort')).toBe('5');
  expect(url.searchParams.get('days.page')).toBeNull();
  expect((await expectRowsOfApi(page, 'en')).view.page).toBe(1);
  await page.context().close();
});

describe.each([
  {
    prefix: '',
    lang: 'en',
    columns: 'Columns',
    apply: 'Apply',
    weather: 'Weather',
    wind: 'Wind (m/s)',
    warning: '(warning)',
    total: 'Total',
  },
  {
    prefix: '/pt-br',
    lang: 'pt-BR',
    columns: 'Colunas',
    apply: 'Aplicar',
    weather: 'Tempo',
    wind: 'Vento (m/s)',
    warning: '(alerta)',
    total: 'Total',
  },
])('columns, totals and marks in $lang', (labels) => {
  it('hides columns from a form without JavaScript, keeps totals and marks, and says the tone', async () => {
    const { page } = await openPage(browser(), { javaScript: false, width: 375 });
    await page.goto(`${baseUrl}${labels.prefix}/dashboards/seattle-weather`);
    const before = await expectRowsOfApi(page, labels.lang);
    expect(before.columns).toHaveLength(6);
    // The precipitation's sum, and "Total" in the first column.
    expect(before.totals?.[0]).toBe(labels.total);
    expect(before.totals?.[4]).not.toBe('');

    await card(page).locator('summary', { hasText: labels.columns }).click();
    await card(page).getByRole('checkbox', { name: labels.weather }).uncheck();
    await card(page).getByRole('checkbox', { name: labels.wind }).uncheck();
    await Promise.all([
      page.waitForURL(/days\.show=/),
      card(page).getByRole('button', { name: labels.apply }).click(),
    ]);
    expect(new URL(page.url()).searchParams.getAll('days.show')).toEqual(['1', '3', '4', '5']);
    const hidden = await expectRowsOfApi(page, labels.lang);
    expect(hidden.view.shown).toEqual([1, 3, 4, 5]);
    expect(await card(page).locator('thead th').allInnerTexts()).toHaveLength(4);
    // The same sum, now in the fourth column.
    expect(hidden.totals?.[3]).toBe(before.totals?.[4]);

    // Wettest days first: the header link names the card's fifth column, shown fourth.
    await Promise.all([
      page.waitForURL(/days\.sort=5/),
      card(page).locator('thead th').nth(3).locator('a').click(),
    ]);
    await Promise.all([
      page.waitForURL(/days\.sort=-5/),
      card(page).locator('thead th').nth(3).locator('a').click(),
    ]);
    const wettest = await expectRowsOfApi(page, labels.lang);
    expect(new URL(page.url()).searchParams.getAll('days.show')).toEqual(['1', '3', '4', '5']);
    // Days of 20 mm or more are marked "warning", in words for a screen reader.
    expect(wettest.marks?.[0]?.[3]?.tone).toBe('warning');
    const wet = card(page).locator('tbody tr').first().locator('td').nth(2);
    expect(await wet.getAttribute('class')).toContain('tone-warning');
    expect(await wet.locator('.sr-only').innerText()).toBe(labels.warning);
    // The highs are shaded on a scale.
    expect(wettest.marks?.some((row) => row?.[1]?.step !== undefined)).toBe(true);
    const url = page.url();
    await page.context().close();
    // axe needs scripts: the same view, with them.
    const { page: scripted, errors } = await openPage(browser());
    await scripted.goto(url);
    await expectAccessible(scripted);
    expect(errors).toEqual([]);
    await scripted.context().close();
  });
});

describe('a table of 100,000 rows', () => {
  const slug = `big-table-${Date.now()}`;
  const where = { slug, cardId: 'rows' };
  let headers: Record<string, string>;

  beforeAll(async () => {
    headers = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
    const created = await fetch(`${baseUrl}/api/workspaces/demo/dashboards`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        slug,
        title: { en: 'Every flight', 'pt-BR': 'Todos os voos' },
        source: 'Demo',
        public: true,
        cards: [
          {
            id: 'rows',
            layout: { x: 0, y: 0, w: 12, h: 10 },
            query: {
              sql: 'SELECT origin, destination, delay, distance FROM flights ORDER BY date, origin, destination, delay, distance LIMIT 100000',
            },
            chart: {
              type: 'table',
              title: { en: 'Flights', 'pt-BR': 'Voos' },
              options: { totals: ['delay', 'distance'] },
            },
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}`, { method: 'DELETE', headers });
  });

  it('sorts, searches and pages on the server, sending one page of rows', async () => {
    const { page, errors } = await openPage(browser());
    const response = await page.goto(`${baseUrl}/dashboards/${slug}`);
    expect(response?.status()).toBe(200);
    // One page of rows, not the result: the page stays small.
    expect((await response?.body())?.length).toBeLessThan(200_000);
    const first = await expectRowsOfApi(page, 'en', where);
    expect(first.view).toMatchObject({ total: 100_000, matching: 100_000, pages: 4000 });
    expect(first.rows).toHaveLength(25);
    expect(await card(page, 'rows').locator('.table-range').innerText()).toBe(
      'Rows 1–25 of 100,000',
    );

    // The longest delays first.
    const delay = card(page, 'rows').locator('thead th').nth(2).locator('a');
    await Promise.all([page.waitForURL(/rows\.sort=3/), delay.click()]);
    await Promise.all([page.waitForURL(/rows\.sort=-3/), delay.click()]);
    const longest = await expectRowsOfApi(page, 'en', where);
    const delays = longest.rows.map((row) => Number(row[2]?.replace(/,/g, '')));
    expect(delays).toEqual([...delays].sort((a, b) => b - a));

    // A search narrows the rows and their totals.
    await card(page, 'rows').getByLabel('Search the table').fill('SEA');
    await Promise.all([page.waitForURL(/rows\.q=SEA/), page.keyboard.press('Enter')]);
    const found = await expectRowsOfApi(page, 'en', where);
    expect(found.view.matching).toBeGreaterThan(0);
    expect(found.view.matching).toBeLessThan(100_000);
    expect(found.totals?.[3]).not.toBe(first.totals?.[3]);
    for (const row of found.rows) expect(row.join(' ')).toContain('SEA');

    // The last page of the search.
    const last = found.view.pages;
    await page.goto(`${page.url().split('#')[0]}&rows.page=${last}#card-rows`);
    const end = await expectRowsOfApi(page, 'en', where);
    expect(end.view.page).toBe(last);
    expect(end.rows.length).toBe(found.view.matching - (last - 1) * 25);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
