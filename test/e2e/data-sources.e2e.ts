import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, logIn } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';

/**
 * An admin connects databases from the data sources page: PostgreSQL and MariaDB on this
 * machine, and a SQLite file from the allowed folder; a wrong setting says why; every source
 * answers queries. The first account of the e2e server owns Demo (test/e2e/global-setup.ts).
 */

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const run = Date.now().toString(36);
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await openPage(browser));
  await logIn(page, baseUrl, '/w/demo/data-sources');
});
afterAll(() => browser?.close());

const status = () => page.locator('[data-app-status]');
const form = () => page.locator('#source-settings');

async function fillNetwork(url: URL, name: string, engine: 'postgres' | 'mysql') {
  await form().getByLabel('Name', { exact: true }).fill(name);
  await form().getByLabel('Engine').selectOption(engine);
  await form().getByLabel('Host').fill(url.hostname);
  await form()
    .getByLabel('Port')
    .fill(url.port || (engine === 'mysql' ? '3306' : '5432'));
  await form().getByLabel('Database').fill(url.pathname.slice(1));
  await form().getByLabel('User').fill(decodeURIComponent(url.username));
}

async function querySource(name: string, sql: string) {
  const id = await page
    .locator(`tr[data-source="${name}"] a[href*="sql?source="]`)
    .getAttribute('href');
  const source = new URL(id ?? '', baseUrl).searchParams.get('source');
  return page.evaluate(
    async ({ source, sql }) => {
      const csrf = decodeURIComponent(/painel_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
      const res = await fetch('/api/workspaces/demo/queries', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ source, sql }),
      });
      return (await res.json()) as { rows: unknown[][] };
    },
    { source, sql },
  );
}

describe('the data sources page', () => {
  it('is accessible in both languages', async () => {
    for (const prefix of ['', '/pt-br']) {
      await page.goto(`${baseUrl}${prefix}/w/demo/data-sources`);
      await expectAccessible(page);
    }
  });

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    'tests, then connects PostgreSQL; a wrong port says why',
    async () => {
      const url = new URL(process.env.TEST_POSTGRES_URL ?? '');
      await page.goto(`${baseUrl}/w/demo/data-sources`);
      await fillNetwork(url, `Warehouse ${run}`, 'postgres');
      await form().getByLabel('Port').fill('1');
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => form().getByRole('alert').innerText())
        .toMatch(/refused the connection/);
      await form()
        .getByLabel('Port')
        .fill(url.port || '5432');
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => status().innerText()).toBe('The connection works.');
      await form().getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => status().innerText()).toBe('The data source is connected.');
      expect((await querySource(`Warehouse ${run}`, 'SELECT 6 * 7 AS answer')).rows).toEqual([
        [42],
      ]);
    },
  );

  it.skipIf(!process.env.TEST_MARIADB_URL)('connects MariaDB', async () => {
    const url = new URL(process.env.TEST_MARIADB_URL ?? '');
    await fillNetwork(url, `Shop ${run}`, 'mysql');
    await form().getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status().innerText()).toBe('The data source is connected.');
    expect((await querySource(`Shop ${run}`, 'SELECT 6 * 7 AS answer')).rows).toEqual([[42]]);
  });

  it('imports a Parquet file as a table of the Uploads source', async () => {
    const file = path.join(fs.mkdtempSync(path.join(dataDir, 'e2e-')), `prices-${run}.parquet`);
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(
      `COPY (SELECT i AS day, i * 2.5 AS price FROM range(1, 101) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    c.closeSync();
    instance.closeSync();
    await page.goto(`${baseUrl}/w/demo/data-sources`);
    const upload = page.getByRole('form', { name: 'Import a file' });
    await upload.getByLabel('File').setInputFiles(file);
    await upload.getByLabel('Table name').fill('prices');
    await upload.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => status().innerText()).toBe('The file was imported.');
    expect((await querySource('Uploads', 'SELECT count(*), avg(price) FROM prices')).rows).toEqual([
      [100, 126.25],
    ]);
  });

  it('previews a Brazilian CSV, changes a column’s type and imports it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(dataDir, 'e2e-')), `vendas-${run}.csv`);
    // As Excel saves it in Brazil: `;`, decimal commas, day-first dates, Windows-1252.
    fs.writeFileSync(
      file,
      Buffer.from(
        'Cidade;Valor;Data;Qtd\r\nSão Paulo;1.234,56;25/11/2026;1.200\r\nCampinas;-7,5;01/12/2026;3\r\n',
        'latin1',
      ),
    );
    await page.goto(`${baseUrl}/w/demo/data-sources`);
    const upload = page.getByRole('form', { name: 'Import a file' });
    await upload.getByLabel('File').setInputFiles(file);
    await upload.getByLabel('Table name').fill(`vendas_${run}`);
    await upload.getByRole('button', { name: 'Preview' }).click();
    const preview = upload.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.getByRole('row').nth(1).innerText()).toContain('São Paulo');
    expect(await preview.getByRole('row').nth(1).innerText()).toContain('1,234.56');
    expect(await upload.getByLabel('Type of Valor').inputValue()).toBe('decimal');
    expect(await upload.getByLabel('Type of Data').inputValue()).toBe('date');
    expect(await upload.getByLabel('Type of Qtd').inputValue()).toBe('integer');
    expect(await upload.getByLabel('Delimiter').inputValue()).toBe('semicolon');
    expect(await upload.getByLabel('Decimal separator').inputValue()).toBe('comma');
    expect(await upload.getByLabel('Date format').inputValue()).toBe('dmy');
    expect(await upload.getByLabel('Encoding').inputValue()).toBe('latin1');
    await expectAccessible(page);
    // On a phone the preview scrolls in its own region, not the page (axeViolations checks).
    await page.setViewportSize({ width: 375, height: 800 });
    await expectAccessible(page);
    await upload.getByLabel('Type of Qtd').selectOption('text');
    await upload.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => status().innerText()).toBe('The file was imported.');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect((await querySource('Uploads', `SELECT * FROM vendas_${run} ORDER BY 1`)).rows).toEqual([
      ['Campinas', -7.5, '2026-12-01', '3'],
      ['São Paulo', 1234.56, '2026-11-25', '1.200'],
    ]);
  });

  it('connects a SQLite file from the allowed folder, refuses one outside it, removes it', async () => {
    const files = path.join(dataDir, 'files');
    fs.mkdirSync(files, { recursive: true });
    // An empty file is an empty SQLite database; a query needs no table.
    fs.writeFileSync(path.join(files, `notes-${run}.sqlite`), '');
    await page.goto(`${baseUrl}/w/demo/data-sources`);
    await form().getByLabel('Name', { exact: true }).fill(`Outside ${run}`);
    await form().getByLabel('Engine').selectOption('sqlite');
    await form().getByLabel('File').fill('../painel.sqlite');
    await form().getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('[id="source-config.file-error"]').isVisible()).toBe(true);
    expect(await form().getByLabel('File').getAttribute('aria-invalid')).toBe('true');
    await form().getByLabel('Name', { exact: true }).fill(`Notes ${run}`);
    await form().getByLabel('File').fill(`notes-${run}.sqlite`);
    await form().getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status().innerText()).toBe('The data source is connected.');
    expect((await querySource(`Notes ${run}`, "SELECT 'olá' AS greeting")).rows).toEqual([['olá']]);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Remove Notes ${run}` }).click();
    await expect.poll(() => status().innerText()).toBe('The data source was removed.');
    expect(await page.locator(`tr[data-source="Notes ${run}"]`).count()).toBe(0);
  });
});
