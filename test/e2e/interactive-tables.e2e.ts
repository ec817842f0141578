import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, fileBrowser } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/**
 * A table card sorted, searched and paged on the server, its view in the page's URL: by
 * keyboard, on a phone, without JavaScript, in both languages. The public dashboard's JSON is
 * the oracle: the page shows the rows the API gives for the same query string (~40 s).
 */
const baseUrl = inject('baseUrl');
const browser = fileBrowser();

interface ApiTable {
  rows: string[][];
  view: { page: number; pages: number; matching: number; total: number };
}

/** The `days` card's table as the API renders it for `search`, in `lang`. */
async function apiTable(search: string, lang: string): Promise<ApiTable> {
  const response = await fetch(`${baseUrl}/api/public/dashboards/seattle-weather${search}`, {
    headers: { accept: 'application/json', 'accept-language': lang },
  });
  expect(response.status).toBe(200);
  const { cards } = (await response.json()) as {
    cards: { id: string; chart?: { table: ApiTable } }[];
  };
  const table = cards.find((c) => c.id === 'days')?.chart?.table;
  if (!table) throw new Error('no days table');
  return table;
}

const card = (page: Page) => page.locator('#card-days');

/** The page's rows of the card, cell text. */
const pageRows = (page: Page) =>
  card(page)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.children, (c) => (c.textContent ?? '').trim())),
    );

/** The page's rows equal the API's for the page's own query string. */
async function expectRowsOfApi(page: Page, lang: string): Promise<ApiTable> {
  const table = await apiTable(new URL(page.url()).search, lang);
  expect(await pageRows(page)).toEqual(table.rows);
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
