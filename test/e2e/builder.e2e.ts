import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import { demoOwner, expectAccessible, logIn, realErrors } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';

/**
 * The query builder against the started server and its Demo DuckDB: flights counted by origin,
 * the five busiest first, built with the form in each language; its SQL shown, its rows checked
 * against the API's answer to the same SQL by hand, then opened in the SQL editor and run there;
 * axe in both themes. Then a shop in a SQLite file: orders joined to their customers along the
 * foreign key, filtered with "is one of", "between" and "in the last", grouped by month.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const dataDir = inject('dataDir');
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
      await logIn(page, baseUrl, `${prefix}/w/demo/builder`);

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

/** Days before today (UTC) as `YYYY-MM-DD`. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A small shop in a SQLite file of the allowed folder, connected as a data source. */
async function connectShop(name: string): Promise<string> {
  const files = path.join(dataDir, 'files');
  fs.mkdirSync(files, { recursive: true });
  const file = `${name}.sqlite`;
  const db = new sqlite3.Database(path.join(files, file));
  await new Promise<void>((resolve, reject) =>
    db.exec(
      `CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
       CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
         amount REAL NOT NULL, placed_on TEXT NOT NULL);
       INSERT INTO customers VALUES (1, 'Ana', 'SP'), (2, 'Bruno', 'RJ'), (3, 'Carla', 'SP');
       INSERT INTO orders VALUES (1, 1, 10, '2026-01-05'), (2, 1, 20, '2026-02-10'),
         (3, 2, 5, '2026-01-20'), (4, 3, 7.5, '2026-02-28'), (5, 2, 100, '2026-03-01'),
         (6, 1, 1, '${daysAgo(3)}'), (7, 3, 2, '${daysAgo(400)}');`,
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  await new Promise<void>((resolve) => db.close(() => resolve()));
  const response = await fetch(`${baseUrl}/api/workspaces/demo/data-sources`, {
    method: 'POST',
    headers: await apiSession(baseUrl, demoOwner.email, demoOwner.password),
    body: JSON.stringify({ engine: 'sqlite', name, config: { file } }),
  });
  if (response.status !== 201) throw new Error(`source: HTTP ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

describe('the query builder on a database with foreign keys', () => {
  it('joins, filters (is one of, between, in the last) and groups by month', async () => {
    const w = words.en;
    const name = `shop-${Date.now().toString(36)}`;
    const sourceId = await connectShop(name);
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/builder');
    const source = page.getByLabel(w.source, { exact: true });
    await source.locator(`option[value="${sourceId}"]`).waitFor({ state: 'attached' });
    await source.selectOption(sourceId);
    const table = page.getByLabel(w.table, { exact: true });
    await table.locator('option[value="orders"]').waitFor({ state: 'attached' });
    await table.selectOption('orders');
    await expect.poll(() => table.inputValue()).toBe('orders');

    // Orders of Ana and Bruno, summed per customer name from the joined table.
    await page.getByRole('button', { name: 'Add a join' }).click();
    const joins = page.getByRole('group', { name: 'Joins' });
    expect(await joins.getByLabel('Joined table').inputValue()).toBe('customers');
    await page.getByRole('button', { name: 'Add a filter' }).click();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByLabel(w.column, { exact: true }).selectOption('customers.name');
    await filters.getByLabel('Operator').selectOption('in');
    await filters.getByLabel('Values').fill('Ana, Bruno');
    await page.getByRole('button', { name: w.addGroup }).click();
    const group = page.getByRole('group', { name: w.group });
    await group.getByLabel(w.column, { exact: true }).selectOption('customers.name');
    await page.getByRole('button', { name: w.addAggregate }).click();
    const aggregates = page.getByRole('group', { name: 'Aggregates' });
    await aggregates.getByLabel('Function').selectOption('sum');
    await aggregates.getByLabel(w.column, { exact: true }).selectOption('orders.amount');
    await page.getByRole('button', { name: w.addSort }).click();
    const sort = page.getByRole('group', { name: w.sort, exact: true });
    await sort.getByLabel(w.sortBy).selectOption('name');
    await page.getByRole('button', { name: w.run, exact: true }).click();
    await page.locator('.sql-status').waitFor();
    const rows = () =>
      page
        .locator('.sql-results tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
        );
    expect(await rows()).toEqual([
      ['Ana', '31'],
      ['Bruno', '105'],
    ]);
    await page.getByRole('button', { name: w.showSql }).click();
    expect(await page.locator('.qb-sql pre').innerText()).toMatch(/join [`"]?customers/i);

    // Every order of the first quarter, counted per month of its date.
    await page.getByRole('button', { name: 'Remove Joins 1' }).click();
    await filters.getByLabel(w.column, { exact: true }).selectOption('orders.placed_on');
    await filters.getByLabel('Operator').selectOption('between');
    await filters.getByLabel('Value', { exact: true }).fill('2026-01-01');
    await filters.getByLabel('And', { exact: true }).fill('2026-03-31');
    await group.getByLabel(w.column, { exact: true }).selectOption('orders.placed_on');
    await group.getByLabel('Date truncation').selectOption('month');
    await aggregates.getByLabel('Function').selectOption('count');
    // A new grouping or aggregate clears the sort, whose choices changed.
    await page.getByRole('button', { name: w.addSort }).click();
    await sort.getByLabel(w.sortBy).selectOption('placed_on_month');
    await page.getByRole('button', { name: w.run, exact: true }).click();
    // The month's first day, as an English reader writes dates.
    await expect.poll(rows).toEqual([
      ['01/01/2026', '2'],
      ['02/01/2026', '2'],
      ['03/01/2026', '1'],
    ]);

    // Only the order of three days ago is in the last 30 days.
    await filters.getByLabel('Operator').selectOption('last');
    await filters.getByLabel('Amount').fill('30');
    await filters.getByLabel('Unit').selectOption('day');
    await page.getByRole('button', { name: w.run, exact: true }).click();
    await expect.poll(async () => (await rows()).map((r) => r[1])).toEqual(['1']);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
