import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser, openPage } from '../support/browser.js';

/**
 * The query builder against the started server and its Demo DuckDB: flights counted by origin,
 * the five busiest first, built with the form in each language; its SQL shown, its rows checked
 * against the API's answer to the same SQL by hand, then opened in the SQL editor and run there;
 * axe in both themes.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
// The first account on the server owns the Demo workspace (api/src/testing/api-key.ts).
const owner = { email: 'owner@example.org', password: 'correct horse battery staple' };
const equivalent =
  'SELECT origin, count(*) AS count FROM flights GROUP BY origin ORDER BY 2 DESC LIMIT 5';

let browser: Browser;
let expected: [string, number][];

beforeAll(async () => {
  browser = await launchBrowser();
  const response = await fetch(`${baseUrl}/api/workspaces/demo/queries`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ source: 'demo', sql: equivalent }),
  });
  if (!response.ok) throw new Error(`query: HTTP ${response.status} ${await response.text()}`);
  expected = ((await response.json()) as { rows: [string, number][] }).rows;
});
afterAll(() => browser?.close());

/** Chrome logs 4xx answers to fetch as console errors. */
const realErrors = (errors: string[]) =>
  errors.filter(
    (e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e),
  );

async function logIn(page: Page, next: string) {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

async function expectAccessible(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await axeViolations(page);
    expect(
      violations,
      `${page.url()} ${colorScheme}: ${JSON.stringify(violations, null, 2)}`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

const words = {
  en: {
    source: 'Data source',
    table: 'Table',
    addGroup: 'Add a grouping',
    group: 'Group by',
    column: 'Column',
    addAggregate: 'Add an aggregate',
    addSort: 'Add a sort',
    sort: 'Sort',
    sortBy: 'Sort by',
    direction: 'Direction',
    limit: 'Row limit',
    showSql: 'Show SQL',
    run: 'Run',
    open: 'Open in SQL editor',
  },
  'pt-BR': {
    source: 'Fonte de dados',
    table: 'Tabela',
    addGroup: 'Adicionar agrupamento',
    group: 'Agrupar por',
    column: 'Coluna',
    addAggregate: 'Adicionar agregação',
    addSort: 'Adicionar ordenação',
    sort: 'Ordenação',
    sortBy: 'Ordenar por',
    direction: 'Direção',
    limit: 'Limite de linhas',
    showSql: 'Mostrar SQL',
    run: 'Executar',
    open: 'Abrir no editor SQL',
  },
};

const firstRow = (page: Page) =>
  page.locator('.sql-results tbody tr').first().locator('td').allInnerTexts();

describe('the query builder', () => {
  for (const [locale, prefix] of [
    ['en', ''],
    ['pt-BR', '/pt-br'],
  ] as const) {
    it(`counts flights by origin, shows, runs and opens the SQL (${locale})`, async () => {
      const w = words[locale];
      const number = new Intl.NumberFormat(locale);
      const { page, errors } = await openPage(browser);
      await logIn(page, `${prefix}/w/demo/builder`);

      const source = page.getByLabel(w.source, { exact: true });
      await expect.poll(() => source.inputValue()).toBe('demo');
      const table = page.getByLabel(w.table, { exact: true });
      await table.locator('option[value="flights"]').waitFor({ state: 'attached' });
      await expectAccessible(page);

      await table.selectOption('flights');
      await page.getByRole('button', { name: w.addGroup }).click();
      await page
        .getByRole('group', { name: w.group })
        .getByLabel(w.column, { exact: true })
        .selectOption('flights.origin');
      // A new aggregate counts all rows.
      await page.getByRole('button', { name: w.addAggregate }).click();
      await page.getByRole('button', { name: w.addSort }).click();
      const sort = page.getByRole('group', { name: w.sort, exact: true });
      await sort.getByLabel(w.sortBy).selectOption('count');
      await sort.getByLabel(w.direction).selectOption('desc');
      await page.getByLabel(w.limit).fill('5');

      await page.getByRole('button', { name: w.showSql }).click();
      const pre = page.locator('.qb-sql pre');
      await pre.waitFor();
      const sql = await pre.innerText();
      // knex writes its keywords in lower case.
      expect(sql).toMatch(/GROUP BY/i);
      expect(sql).toMatch(/LIMIT 5/i);

      await page.getByRole('button', { name: w.run, exact: true }).click();
      await page.locator('.sql-status').waitFor();
      expect(await page.locator('.sql-results tbody tr').count()).toBe(5);
      const [origin, count] = expected[0]!;
      expect(await firstRow(page)).toEqual([origin, number.format(Number(count))]);
      await expectAccessible(page);

      await page.getByRole('button', { name: w.open }).click();
      await page.waitForURL(new RegExp(`${prefix}/w/demo/sql\\?`));
      const content = page.locator('.cm-content');
      await content.waitFor();
      expect(await content.innerText()).toBe(sql);
      await expect.poll(() => page.locator('#sql-source').inputValue()).toBe('demo');
      await content.press('ControlOrMeta+Enter');
      await page.locator('.sql-status').waitFor();
      expect(await page.locator('.sql-results tbody tr').count()).toBe(5);
      expect(await firstRow(page)).toEqual([origin, number.format(Number(count))]);

      expect(realErrors(errors)).toEqual([]);
      await page.context().close();
    });
  }
});
