import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { resolvePreset, shiftDate, todayIn } from '../../api/src/queries/relative-dates.js';
import {
  demoMember,
  demoOwner,
  expectAccessible,
  fileBrowser,
  loggedInPage,
  realErrors,
  submitLogIn,
} from '../support/app-page.js';

/**
 * The SQL editor against the started server and its Demo DuckDB: a parameterised query run
 * with Ctrl+Enter and checked against the API's own answer, then sorted, filtered, exported
 * and checked with axe in both themes and both languages; a syntax error marks its line; a
 * slow query is cancelled; a saved query shows on the saved queries page.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const mailDir = inject('mailDir');
const metricsToken = inject('metricsToken');
const slow = 'SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b';
const byOrigin =
  'SELECT destination, count(*) AS flights FROM flights WHERE origin = {{origin}} GROUP BY destination';

const browser = fileBrowser();
let origin = '';
let expected: { rowCount: number; rows: [string, number][] };

interface QueryAnswer {
  rowCount: number;
  rows: unknown[][];
}

async function apiQuery(sql: string, parameters: unknown[] = []): Promise<QueryAnswer> {
  const response = await fetch(`${baseUrl}/api/workspaces/demo/queries`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ source: 'demo', sql, parameters }),
  });
  if (!response.ok) throw new Error(`query: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as QueryAnswer;
}

/** The owner's latest run of `sql`, from their query history. */
async function queriesRunning() {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: { Authorization: `Bearer ${metricsToken}` },
  });
  const text = await response.text();
  return Number(/^painel_queries_running (\d+)$/m.exec(text)?.[1]);
}

async function ranBefore(sql: string) {
  const response = await fetch(`${baseUrl}/api/workspaces/demo/query-history`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  const { entries } = (await response.json()) as {
    entries: { sql: string; error: string | null; durationMs: number }[];
  };
  return entries.find((e) => e.sql === sql);
}

beforeAll(async () => {
  // An origin with a few dozen destinations: enough rows to sort and filter.
  const origins = await apiQuery(
    'SELECT origin FROM flights GROUP BY origin HAVING count(DISTINCT destination) BETWEEN 10 AND 60 ORDER BY count(*) DESC, origin LIMIT 1',
  );
  origin = String(origins.rows[0]?.[0]);
  const answer = await apiQuery(byOrigin, [{ name: 'origin', type: 'text', value: origin }]);
  expected = { rowCount: answer.rowCount, rows: answer.rows as [string, number][] };
});

/** Waits for the island: the editor, the demo source selected and its schema read. */
async function editorReady(page: Page) {
  await page.locator('.cm-content').waitFor();
  await expect.poll(() => page.locator('#sql-source').inputValue()).toBe('demo');
  await page.locator('.sql-schema .sql-name').first().waitFor();
}

/** A new page, logged in as the owner, at the editor at `path` once it is ready. */
async function openEditor(path = '/w/demo/sql') {
  const watched = await loggedInPage(browser(), baseUrl, path);
  await editorReady(watched.page);
  return watched;
}

async function writeSql(page: Page, sql: string) {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  // A completion list may be open after the last word.
  await page.keyboard.press('Escape');
  expect(await content.innerText()).toBe(sql);
}

async function runWithKeyboard(page: Page) {
  await page.locator('.cm-content').press('ControlOrMeta+Enter');
  await page.locator('.sql-status').waitFor();
}

const columnCells = (page: Page, column: number) =>
  page.locator(`.sql-results tbody tr td:nth-child(${column})`);

describe('the SQL editor', () => {
  it('runs a query with a parameter, sorts, filters and exports it (en)', async () => {
    const { page, errors } = await openEditor();
    await expectAccessible(page);

    await writeSql(page, byOrigin);
    const parameter = page.getByRole('group', { name: 'origin' });
    await parameter.getByLabel('Type').selectOption('text');
    await parameter.getByLabel('Value').fill(origin);
    await runWithKeyboard(page);

    const count = new Intl.NumberFormat('en').format(expected.rowCount);
    expect(await page.locator('.sql-status').innerText()).toContain(`${count} rows`);
    expect(await page.locator('.sql-editor [role="status"]').innerText()).toBe(`${count} rows`);
    expect(await page.locator('.sql-results tbody tr').count()).toBe(
      Math.min(expected.rowCount, 100),
    );
    const [someDestination, someFlights] = expected.rows[0]!;
    const row = page.locator('.sql-results tbody tr', {
      has: page.getByRole('cell', { name: someDestination, exact: true }),
    });
    expect(await row.locator('td').nth(1).innerText()).toBe(
      new Intl.NumberFormat('en').format(someFlights),
    );

    // Sorting by flights: the fewest first, then the most.
    const flightsHeader = page.getByRole('columnheader', { name: /flights/ });
    const counts = expected.rows.map((r) => r[1]);
    await flightsHeader.getByRole('button').click();
    expect(await flightsHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await columnCells(page, 2).first().innerText()).toBe(
      new Intl.NumberFormat('en').format(Math.min(...counts)),
    );
    await flightsHeader.getByRole('button').press('Enter');
    expect(await flightsHeader.getAttribute('aria-sort')).toBe('descending');
    const most = expected.rows.find((r) => r[1] === Math.max(...counts))!;
    expect(await columnCells(page, 2).first().innerText()).toBe(
      new Intl.NumberFormat('en').format(most[1]),
    );

    // Filtering keeps the rows that contain the text.
    await page.getByLabel('Filter rows').fill(most[0]);
    expect(await page.locator('.sql-results tbody tr').count()).toBeGreaterThanOrEqual(1);
    for (const cell of await columnCells(page, 1).all()) {
      expect((await cell.innerText()).toLowerCase()).toContain(most[0].toLowerCase());
    }
    await page.getByLabel('Filter rows').fill('');

    // The CSV holds every row, raw, with a BOM and the header first.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFdestination,flights\r\n')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(expected.rowCount + 1);
    expect(csv).toContain(`\r\n${someDestination},${someFlights}\r\n`);

    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('formats numbers the Brazilian way (pt-BR)', async () => {
    const { page, errors } = await openEditor('/pt-br/w/demo/sql');
    const total = await apiQuery('SELECT count(*) AS total FROM flights');
    await writeSql(page, 'SELECT count(*) AS total FROM flights');
    await runWithKeyboard(page);
    const n = Number(total.rows[0]?.[0]);
    const ptBR = new Intl.NumberFormat('pt-BR').format(n);
    expect(ptBR).toMatch(/^\d{1,3}(\.\d{3})+$/);
    expect(await columnCells(page, 1).first().innerText()).toBe(ptBR);
    expect(await page.locator('.sql-status').innerText()).toContain('1 linha');
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('shows a syntax error with the engine message and marks its line', async () => {
    const { page } = await openEditor();
    await writeSql(page, 'SELECT origin\nFORM flights');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const alert = page.locator('#sql-error');
    await expect.poll(() => alert.innerText()).toMatch(/syntax error/i);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.innerText()).toMatch(/line 2/);
    const marked = page.locator('.cm-sql-error-line');
    expect(await marked.count()).toBe(1);
    expect(await marked.innerText()).toBe('FORM flights');
    const described = (await page.locator('.cm-content').getAttribute('aria-describedby')) ?? '';
    expect(described.split(' ')).toContain('sql-error');
    await expectAccessible(page);
    await page.context().close();
  });

  it('takes a relative date and a period preset, counted in the reader’s time zone (pt-BR)', async () => {
    const { page, errors } = await openEditor('/pt-br/w/demo/sql');
    await writeSql(
      page,
      'SELECT CAST({{since}} AS VARCHAR) AS since, CAST({{period.start}} AS VARCHAR) AS first_day, CAST({{period.end}} AS VARCHAR) AS last_day',
    );
    const since = page.getByRole('group', { name: 'since' });
    await since.getByLabel('Tipo').selectOption('date');
    await since.getByLabel('Quando').selectOption({ label: '30 dias atrás' });
    expect(await since.getByLabel('Valor').count()).toBe(0);
    const period = page.getByRole('group', { name: 'period' });
    await period.getByLabel('Período').selectOption({ label: 'Mês passado' });
    expect(await period.getByLabel('De').count()).toBe(0);
    await runWithKeyboard(page);
    await page.locator('.sql-status').waitFor();
    // The owner keeps the default time zone, UTC.
    const today = todayIn('UTC', Date.now());
    const lastMonth = resolvePreset('lastMonth', today);
    expect(await page.locator('.sql-results tbody tr td').allInnerTexts()).toEqual([
      shiftDate(today, -30, 'day'),
      lastMonth.start,
      lastMonth.end,
    ]);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('cancels a slow query, which stops in the engine', async () => {
    const { page } = await openEditor();
    await writeSql(page, slow);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    // Cancelled once the engine runs it, not while the request may still be on its way.
    await expect.poll(queriesRunning).toBeGreaterThan(0);
    const started = Date.now();
    await cancel.click();
    await expect
      .poll(() => page.locator('.sql-notice').innerText())
      .toBe('The query was cancelled.');
    expect(await cancel.count()).toBe(0);
    // The engine is free again at once (a query left running would hold it for 30 s).
    await writeSql(page, 'SELECT 42 AS answer');
    await runWithKeyboard(page);
    expect(await columnCells(page, 1).first().innerText()).toBe('42');
    expect(Date.now() - started).toBeLessThan(10_000);
    // The server stopped it in the engine, well before the 30 s statement timeout.
    await expect.poll(async () => (await ranBefore(slow))?.error).toBe('The query was cancelled');
    expect((await ranBefore(slow))?.durationMs).toBeLessThan(10_000);
    await page.context().close();
  });

  it('keeps the SQL and parameters when the session ends, and restores them after log in', async () => {
    const { page, errors } = await openEditor();
    await writeSql(page, byOrigin);
    await page.getByRole('group', { name: 'origin' }).getByLabel('Value').fill('draft-value');
    // The session ends elsewhere: only the CSRF cookie of the old session is left.
    const csrf = (await page.context().cookies()).filter((c) => c.name === 'painel_csrf');
    await page.context().clearCookies();
    await page.context().addCookies(csrf);
    await page.locator('.cm-content').press('ControlOrMeta+Enter');
    await page.waitForURL(/\/login\?next=%2Fw%2Fdemo%2Fsql/);
    await submitLogIn(page, demoOwner);
    await page.waitForURL(`${baseUrl}/w/demo/sql`);
    await editorReady(page);
    expect(await page.locator('.cm-content').innerText()).toBe(byOrigin);
    expect(await page.getByRole('group', { name: 'origin' }).getByLabel('Value').inputValue()).toBe(
      'draft-value',
    );
    expect(await page.locator('[data-app-status]').innerText()).toMatch(/restored/);
    // Restored once: a reload starts afresh.
    await page.reload();
    await editorReady(page);
    expect(await page.locator('.cm-content').innerText()).not.toBe(byOrigin);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('saves a query, lists it, loads a run from the history', async () => {
    const { page, errors } = await openEditor();
    await writeSql(page, byOrigin);
    await page.getByRole('group', { name: 'origin' }).getByLabel('Value').fill(origin);
    await runWithKeyboard(page);
    const name = `Destinations from ${origin} ${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Save query' }).click();
    const link = page.getByRole('link', { name: `Open “${name}”` });
    await link.waitFor();
    expect(new URL(page.url()).searchParams.get('query')).toBeTruthy();

    // The history holds the run; choosing it loads its SQL and parameter value.
    await writeSql(page, 'SELECT 1');
    await page.locator('.sql-history-entry', { hasText: 'SELECT destination' }).first().click();
    expect(await page.locator('.cm-content').innerText()).toBe(byOrigin);
    expect(await page.getByRole('group', { name: 'origin' }).getByLabel('Value').inputValue()).toBe(
      origin,
    );

    await page.goto(`${baseUrl}/w/demo/queries?search=${encodeURIComponent(origin)}`);
    const row = page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('Demo');
    await expectAccessible(page);

    // Duplicate, then delete the copy (after confirming).
    await row.getByRole('button', { name: `Duplicate ${name}` }).click();
    const copyName = `Copy of ${name}`;
    const copy = page.locator('tr', {
      has: page.getByRole('link', { name: copyName, exact: true }),
    });
    await copy.waitFor();
    expect(await page.locator('[data-app-status]').innerText()).toContain('copy');
    page.once('dialog', (dialog) => void dialog.accept());
    await copy.getByRole('button', { name: `Delete ${copyName}` }).click();
    await expect.poll(() => page.locator('[data-app-status]').innerText()).toContain('deleted');
    expect(await copy.count()).toBe(0);
    expect(await row.count()).toBe(1);

    await row.getByRole('link', { name, exact: true }).click();
    await editorReady(page);
    expect(await page.locator('.cm-content').innerText()).toBe(byOrigin);
    expect(await page.getByRole('group', { name: 'origin' }).getByLabel('Value').inputValue()).toBe(
      origin,
    );
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('is not for viewers: 403 with a message, and saved queries without actions', async () => {
    const email = `viewer-${Date.now().toString(36)}@example.org`;
    const viewer = await demoMember(baseUrl, mailDir, email);
    const { page } = await loggedInPage(browser(), baseUrl, '/w/demo/queries', viewer);
    expect(await page.getByRole('link', { name: 'SQL editor' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Duplicate / }).count()).toBe(0);
    await expectAccessible(page);
    const response = await page.goto(`${baseUrl}/pt-br/w/demo/sql`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('main').innerText()).toContain('Leitores não podem executar SQL');
    expect(await page.locator('.cm-content').count()).toBe(0);
    // Nor the query builder, which writes SQL too.
    const builder = await page.goto(`${baseUrl}/w/demo/builder`);
    expect(builder?.status()).toBe(403);
    expect(await page.getByRole('main').innerText()).toContain('Viewers cannot build queries');
    expect(await page.locator('#qb-limit').count()).toBe(0);
    await page.context().close();
  });
});
