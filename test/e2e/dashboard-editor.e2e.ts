import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { vegaDataDir } from '../../api/src/demo/load.js';
import { apiSession } from '../support/api-session.js';
import { demoMember, demoOwner, expectAccessible, logIn, realErrors } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';

/**
 * The dashboard editor against the started server and its Demo DuckDB: an analyst builds a
 * Seattle weather dashboard with a KPI, a bar, a line and a pie (from the builder), a date range
 * filter bound to the cards' SQL and a select filter the bar cross-filters; moves and resizes a
 * card by keyboard; saves version 1, edits to version 2, restores version 1; exports YAML and
 * imports it into a workspace without the Demo source (refused, naming it), then into one with
 * the same data uploaded, where every card says the same. A save over someone else's version keeps the draft; viewers get 403; axe
 * finds nothing in either language.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const mailDir = inject('mailDir');
const json = { 'Content-Type': 'application/json' };
const stamp = Date.now().toString(36);
const slug = `weather-${stamp}`;
const title = `Weather ${stamp}`;

const where =
  'WHERE date BETWEEN {{period.start}} AND {{period.end}} [[AND weather = {{weather}}]]';
const sql = {
  kpi: `SELECT count(*) AS days, avg(temp_max) AS mean_high FROM seattle_weather ${where}`,
  bar: 'SELECT weather, count(*) AS days FROM seattle_weather WHERE date BETWEEN {{period.start}} AND {{period.end}} GROUP BY 1 ORDER BY 2 DESC, 1',
  line: `SELECT date_trunc('month', date)::DATE AS month, avg(temp_max) AS high FROM seattle_weather ${where} GROUP BY 1 ORDER BY 1`,
};

let browser: Browser;
let yaml = '';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Astro drops an island's `ssr` attribute once it has hydrated: typing before that is lost. */
async function editorReady(page: Page) {
  await page.locator('astro-island:not([ssr]) .dbe-toolbar').waitFor();
}

const field = (page: Page, path: string) =>
  page.locator(`#dbe-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`);
const status = (page: Page) => page.locator('.dbe-status').innerText();
const announced = (page: Page) =>
  page
    .locator('[aria-live]')
    .allInnerTexts()
    .then((texts) => texts.join(' '));

/** Waits for the preview of the chosen card to show a drawing (or KPI values) and a description. */
async function previewDrawn(page: Page, what: 'svg' | 'kpi') {
  const preview = page.locator('.dbe-preview .dbe-card');
  await preview
    .locator(what === 'svg' ? '[data-chart] svg' : '.kpis dd')
    .first()
    .waitFor();
  expect((await preview.locator('.description').innerText()).trim()).not.toBe('');
  expect(await preview.locator('.card-error').count()).toBe(0);
}

/**
 * A card's markup as the server sent it in a page, before any script ran; without where it
 * sits in the dashboard's grid (its style) and its download links, which only a saved
 * dashboard's page has.
 */
function servedCard(page: Page, html: string, id: string): Promise<string> {
  return page.evaluate(
    ([html, id]) => {
      const card = new DOMParser().parseFromString(html, 'text/html').getElementById(`card-${id}`);
      card?.removeAttribute('style');
      card?.querySelector('.card-actions')?.remove();
      return card?.outerHTML ?? '';
    },
    [html, id] as const,
  );
}

interface Spec {
  slug: string;
  title: { en: string; 'pt-BR'?: string };
  filters: { id: string; type: string; parameter?: string }[];
  cards: {
    id: string;
    layout: { x: number; y: number; w: number; h: number };
    chart?: { type: string; encoding: Record<string, { field: string }> };
    crossFilter?: string;
    query?: { sql?: string; builder?: unknown };
  }[];
}

async function stored(s: string): Promise<{ spec: Spec; version: number }> {
  const response = await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${s}/spec`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { spec: Spec; version: number };
}

describe('the dashboard editor', () => {
  it("previews the flights dashboard's KPI cards with the markup readers get on its page", async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/dashboards/flights/edit');
    await editorReady(page);
    const pagePath = `${baseUrl}/w/demo/dashboards/flights`;
    for (const id of ['totals', 'june-vs-may']) {
      // A slow card comes back pending at first; its finished markup is what readers keep.
      let served = '';
      await expect
        .poll(async () => {
          served = await servedCard(page, await (await page.request.get(pagePath)).text(), id);
          return served.includes('data-pending');
        })
        .toBe(false);
      expect(served).toContain('class="kpi-value');
      await page.locator(`#dbe-cell-${id}`).focus();
      await page.keyboard.press('Enter');
      const card = page.locator(`.dbe-preview .dbe-card #card-${id}`);
      await card.locator('.kpis dd').first().waitFor();
      const previewed = await card.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.removeAttribute('style');
        return copy.outerHTML;
      });
      expect(previewed).toBe(served);
    }
    // The comparison's arrow and change, which the preview once left out.
    expect(await page.locator('.dbe-card .kpi-change').innerText()).toMatch(/^[▲▼▶] /);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('builds a dashboard of four chart types with filters, lays it out by keyboard and saves it', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/dashboards/new');
    await editorReady(page);
    expect(await page.locator('#dbe-source').inputValue()).toBe('Demo');
    await expectAccessible(page);

    await field(page, 'title.en').fill(title);
    await field(page, 'title.pt').fill(`Clima ${stamp}`);
    // The address follows the English title until it is edited.
    expect(await field(page, 'slug').inputValue()).toBe(slug);

    // A date range with fixed default dates (the data is from 2012–2015), bound to every card.
    await page.getByRole('button', { name: 'Add a date range filter' }).click();
    await field(page, 'filters.0.label.en').fill('Period');
    await field(page, 'filters.0.label.pt').fill('Período');
    expect(await field(page, 'filters.0.parameter').inputValue()).toBe('period');
    await field(page, 'filters.0.default').selectOption('dates');
    await field(page, 'filters.0.start').fill('2012-01-01');
    await field(page, 'filters.0.end').fill('2015-12-31');
    // A single select of the kind of weather, its options from a query.
    await page.getByRole('button', { name: 'Add a select filter' }).click();
    await field(page, 'filters.1.label.en').fill('Weather');
    await field(page, 'filters.1.parameter').fill('weather');
    expect(await field(page, 'filters.1.id').inputValue()).toBe('weather');
    await field(page, 'filters.1.options').fill(
      'SELECT DISTINCT weather FROM seattle_weather ORDER BY 1',
    );

    // A KPI from SQL.
    await page.getByRole('button', { name: 'KPI', exact: true }).click();
    await field(page, 'cards.0.query.sql').fill(sql.kpi);
    await field(page, 'cards.0.chart.title.en').fill('Days');
    await field(page, 'cards.0.chart.title.pt').fill('Dias');
    await previewDrawn(page, 'kpi');

    // A bar chart from SQL: its fields are suggested from the result; a click filters by weather.
    await page.getByRole('button', { name: 'Chart from SQL' }).click();
    await field(page, 'cards.1.query.sql').fill(sql.bar);
    await field(page, 'cards.1.chart.title.en').fill('Days by weather');
    await field(page, 'cards.1.crossFilter').selectOption('weather');
    await expect
      .poll(() => field(page, 'cards.1.chart.encoding.x-field').inputValue())
      .toBe('weather');
    expect(await field(page, 'cards.1.chart.encoding.y-field').inputValue()).toBe('days');
    await previewDrawn(page, 'svg');
    // Each filter lists the cards whose SQL uses its parameter.
    expect(await page.locator('#dbe-filters-0-group .dbe-used').innerText()).toBe(
      'Used by: Days, Days by weather',
    );
    expect(await page.locator('#dbe-filters-1-group .dbe-used').innerText()).toBe('Used by: Days');

    // A line chart from SQL, its x a month.
    await page.getByRole('button', { name: 'Chart from SQL' }).click();
    await field(page, 'cards.2.chart.type').selectOption('line');
    await field(page, 'cards.2.query.sql').fill(sql.line);
    await field(page, 'cards.2.chart.title.en').fill('Mean high by month');
    await expect
      .poll(() => field(page, 'cards.2.chart.encoding.x-field').inputValue())
      .toBe('month');
    await field(page, 'cards.2.chart.encoding.x-format').selectOption('month');
    await previewDrawn(page, 'svg');

    // A pie from a builder question: days counted by weather.
    await page.getByRole('button', { name: 'Chart from the builder' }).click();
    await field(page, 'cards.3.chart.type').selectOption('pie');
    const table = field(page, 'cards.3.query.builder.table');
    await table.locator('option[value="seattle_weather"]').waitFor({ state: 'attached' });
    await table.selectOption('seattle_weather');
    await field(page, 'cards.3.query.builder.group').selectOption('seattle_weather.weather');
    await field(page, 'cards.3.chart.title.en').fill('Share of days');
    await expect
      .poll(() => field(page, 'cards.3.chart.encoding.y-field').inputValue())
      .toBe('count');
    await field(page, 'cards.3.chart.options.donut').check();
    await previewDrawn(page, 'svg');
    await expectAccessible(page);

    // The bar sits right of the KPI (4 columns wide): left one cell, then one row taller.
    const bar = page.locator('#dbe-cell-bar');
    expect(await bar.innerText()).toContain('Column 5, row 1, 6 wide, 4 tall');
    await bar.focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => announced(page))
      .toContain('Days by weather: Column 4, row 1, 6 wide, 4 tall');
    await page.keyboard.press('Shift+ArrowDown');
    await expect
      .poll(() => announced(page))
      .toContain('Days by weather: Column 4, row 1, 6 wide, 5 tall');
    // Focus stays on the moved card, and Enter opens its settings.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dbe-cell-bar');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#dbe-card-title').innerText())
      .toBe('Card: Days by weather');

    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await expect.poll(() => status(page)).toContain('Saved as version 1.');
    await page.waitForURL(`${baseUrl}/w/demo/dashboards/${slug}/edit`);
    expect(
      await page
        .locator('.dbe-status')
        .getByRole('link', { name: 'View the dashboard' })
        .getAttribute('href'),
    ).toBe(`/w/demo/dashboards/${slug}`);

    const saved = await stored(slug);
    expect(saved.version).toBe(1);
    expect(saved.spec.title).toEqual({ en: title, 'pt-BR': `Clima ${stamp}` });
    expect(saved.spec.filters.map((f) => [f.id, f.type, f.parameter])).toEqual([
      ['period', 'dateRange', 'period'],
      ['weather', 'select', 'weather'],
    ]);
    expect(saved.spec.cards.map((c) => c.chart?.type)).toEqual(['kpi', 'bar', 'line', 'pie']);
    const [, barCard, , pieCard] = saved.spec.cards;
    expect(barCard?.layout).toEqual({ x: 3, y: 0, w: 6, h: 5 });
    expect(barCard?.crossFilter).toBe('weather');
    expect(pieCard?.query?.builder).toEqual({
      table: 'seattle_weather',
      groupBy: [{ column: 'seattle_weather.weather' }],
      aggregates: [{ fn: 'count' }],
    });
    // No two cards overlap after the move.
    const boxes = saved.spec.cards.map((c) => c.layout);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(
          false,
        );

    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('saves an edit as version 2, restores version 1 and exports YAML', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, `/w/demo/dashboards/${slug}/edit`);
    await editorReady(page);
    expect(await field(page, 'title.en').inputValue()).toBe(title);
    await field(page, 'title.en').fill(`${title} (edited)`);
    expect(await page.locator('.dbe-state').innerText()).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => status(page)).toContain('Saved as version 2.');
    expect((await stored(slug)).spec.title.en).toBe(`${title} (edited)`);

    const versions = page.locator('#dbe-versions-title + ol > li');
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.first().innerText()).toContain('Version 2 (current)');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('button', { name: 'Yes, restore version 1' }).click();
    await expect.poll(() => status(page)).toContain('Version 1 restored as version 3.');
    expect(await field(page, 'title.en').inputValue()).toBe(title);
    const now = await stored(slug);
    expect(now.version).toBe(3);
    expect(now.spec.title.en).toBe(title);
    await expect.poll(() => versions.count()).toBe(3);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as YAML' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${slug}.dashboard.yaml`);
    yaml = fs.readFileSync((await download.path())!, 'utf8');
    expect(yaml).toContain(`slug: ${slug}`);
    expect(yaml).toContain('source: Demo');
    expect(yaml).toContain('crossFilter: weather');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('refuses the YAML in a workspace without the Demo source, and imports it into another workspace that has the data', async () => {
    expect(yaml).not.toBe('');
    const headers = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
    const created = await fetch(`${baseUrl}/api/workspaces`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: `Elsewhere ${stamp}` }),
    });
    expect(created.status).toBe(201);
    const other = ((await created.json()) as { slug: string }).slug;

    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, `/w/${other}/dashboards/new`);
    await editorReady(page);
    const importYaml = async (text: string) => {
      await page.locator('#dbe-import-file').setInputFiles({
        name: 'weather.dashboard.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(text),
      });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
    };
    await importYaml(yaml);
    const alert = page.locator('#dbe-import-title ~ form [role="alert"]');
    await expect.poll(() => alert.innerText()).toContain('Data source missing');
    expect(await alert.innerText()).toContain('"Demo"');

    // The same data in that workspace: the Seattle weather CSV uploaded as a table of its own
    // "Uploads" source, which the YAML then names.
    const csv = fs.readFileSync(path.join(vegaDataDir(), 'seattle-weather.csv'));
    const uploaded = await fetch(
      `${baseUrl}/api/workspaces/${other}/uploads?name=seattle-weather.csv&table=seattle_weather`,
      { method: 'POST', headers: { ...headers, 'Content-Type': 'text/csv' }, body: csv },
    );
    expect(uploaded.status).toBe(201);
    await importYaml(yaml.replaceAll('source: Demo', 'source: Uploads'));
    await page.waitForURL(`${baseUrl}/w/${other}/dashboards/${slug}/edit`);
    await editorReady(page);
    expect(await field(page, 'slug').inputValue()).toBe(slug);

    // Both workspaces tell the same story: every card's description is the same.
    const rendered = async (workspace: string) => {
      const answer = await fetch(`${baseUrl}/api/workspaces/${workspace}/dashboards/${slug}`, {
        headers: { Cookie: headers.Cookie ?? '', 'Accept-Language': 'en' },
      });
      expect(answer.status).toBe(200);
      return (await answer.json()) as {
        title: string;
        cards: { id: string; error?: unknown; chart?: { description: string } }[];
      };
    };
    const [there, here] = [await rendered(other), await rendered('demo')];
    expect(there.title).toBe(title);
    expect(there.cards).toHaveLength(4);
    for (const card of there.cards) {
      expect(card.error, card.id).toBeUndefined();
      expect(card.chart?.description).toBeTruthy();
    }
    expect(there.cards.map((c) => c.chart?.description)).toEqual(
      here.cards.map((c) => c.chart?.description),
    );
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('keeps the draft when someone else saved since, and offers to reload', async () => {
    const { page } = await openPage(browser);
    await logIn(page, baseUrl, `/w/demo/dashboards/${slug}/edit`);
    await editorReady(page);
    // Meanwhile a script saves a new version over the API.
    const current = await stored(slug);
    const put = await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}/spec`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${apiKey}`, ...json },
      body: JSON.stringify({
        spec: { ...current.spec, title: { ...current.spec.title, en: `${title} (theirs)` } },
        version: current.version,
      }),
    });
    expect(put.status).toBe(200);

    await field(page, 'title.en').fill(`${title} (mine)`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.locator('.dbe-toolbar + [role="alert"]');
    await expect.poll(() => alert.innerText()).toContain('Someone else saved this dashboard');
    // Nothing of mine was saved over theirs, and my edit is still in the form.
    expect((await stored(slug)).spec.title.en).toBe(`${title} (theirs)`);
    expect(await field(page, 'title.en').inputValue()).toBe(`${title} (mine)`);

    await Promise.all([
      page.waitForNavigation(),
      alert.getByRole('button', { name: 'Reload' }).click(),
    ]);
    await editorReady(page);
    await expect.poll(() => field(page, 'title.en').inputValue()).toBe(`${title} (mine)`);
    expect(await page.locator('.dbe-restored').innerText()).toContain(
      `restored over version ${current.version + 1}`,
    );
    await page.getByRole('button', { name: 'Discard my changes' }).click();
    await expect.poll(() => field(page, 'title.en').inputValue()).toBe(`${title} (theirs)`);
    await page.context().close();
  }, 120_000);

  it('adds a chart from a saved query, its parameters becoming filters', async () => {
    const name = `Windy days ${stamp}`;
    const savedSql =
      'SELECT weather, count(*) AS days FROM seattle_weather WHERE date BETWEEN {{span.start}} AND {{span.end}} AND wind >= {{min_wind}} GROUP BY 1 ORDER BY 1';
    const created = await fetch(`${baseUrl}/api/workspaces/demo/saved-queries`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, ...json },
      body: JSON.stringify({
        name,
        sourceId: 'demo',
        sql: savedSql,
        parameters: [
          { name: 'span', type: 'dateRange', value: { start: '2013-01-01', end: '2013-12-31' } },
          { name: 'min_wind', type: 'number', value: 5 },
        ],
      }),
    });
    expect(created.status).toBe(201);

    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/dashboards/new');
    await editorReady(page);
    await page.getByRole('button', { name: 'Chart from a saved query' }).click();
    await page.getByLabel('Saved query').selectOption({ label: name });
    await page.getByLabel('Chart type', { exact: true }).first().selectOption('table');
    await page.getByRole('button', { name: 'Add the chart' }).click();
    expect(await field(page, 'cards.0.query.sql').inputValue()).toBe(savedSql);
    expect(await field(page, 'cards.0.chart.title.en').inputValue()).toBe(name);
    // Its parameters are now the dashboard's filters, their saved values the defaults.
    expect(await field(page, 'filters.0.parameter').inputValue()).toBe('span');
    expect(await field(page, 'filters.0.start').inputValue()).toBe('2013-01-01');
    expect(await field(page, 'filters.1.parameter').inputValue()).toBe('min_wind');
    expect(await field(page, 'filters.1.options').inputValue()).toBe('5');
    expect(await page.locator('#dbe-filters-1-group .dbe-used').innerText()).toBe(
      `Used by: ${name}`,
    );
    expect(await field(page, 'filters.1.default').inputValue()).toBe('5');
    const preview = page.locator('.dbe-preview');
    await preview.locator('table tbody tr').first().waitFor();
    expect(await preview.locator('thead th').allInnerTexts()).toEqual(['weather', 'days']);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('moves a card by dragging it and resizes one by dragging its corner', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, `/w/demo/dashboards/${slug}/edit`);
    await editorReady(page);
    // The pie: 6 wide at column 7 (pushed down to row 6 by the keyboard moves).
    const pie = page.locator('li', { has: page.locator('#dbe-cell-bar-3') });
    expect(await pie.innerText()).toContain('Column 7, row 6, 6 wide, 4 tall');
    // The mouse works in the viewport: bring the lower cards into it first.
    await page.locator('#dbe-grid-help').evaluate((e) => e.scrollIntoView());
    const grid = (await page.locator('.dbe-grid').boundingBox())!;
    const column = (grid.width + 8) / 12;
    const corner = (await pie.locator('.dbe-resize').boundingBox())!;
    await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await page.mouse.down();
    await page.mouse.move(corner.x + corner.width / 2 - 2 * column, corner.y + corner.height / 2, {
      steps: 8,
    });
    await page.mouse.up();
    await expect
      .poll(() => announced(page))
      .toContain('Share of days: Column 7, row 6, 4 wide, 4 tall');
    // The KPI (4 wide at column 1, row 6) dragged 8 columns right lands on the pie: it moves down.
    const kpi = page.locator('li', { has: page.locator('#dbe-cell-kpi') });
    const box = (await kpi.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 20 + 8 * column, box.y + 10, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => announced(page)).toContain('Days: Column 9, row 6, 4 wide, 2 tall');
    expect(await pie.innerText()).toContain('Column 7, row 8, 4 wide, 4 tall');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('passes axe on both pages in Portuguese, translated', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, `/pt-br/w/demo/dashboards/${slug}/edit`);
    await editorReady(page);
    expect(await page.locator('h1').innerText()).toContain('Editar');
    await previewDrawn(page, 'kpi');
    expect(await page.getByRole('button', { name: 'Salvar', exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${baseUrl}/pt-br/w/demo/dashboards/new`);
    await editorReady(page);
    expect(await page.locator('h1').innerText()).toBe('Novo painel');
    await expectAccessible(page);
    await page.goto(`${baseUrl}/w/demo/dashboards/${slug}/edit`);
    await editorReady(page);
    await previewDrawn(page, 'kpi');
    await expectAccessible(page);
    const missing = await page.goto(`${baseUrl}/w/demo/dashboards/no-such-${stamp}/edit`);
    expect(missing?.status()).toBe(404);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('asks before leaving with unsaved edits, and only then', async () => {
    const dialogs = async (edit: boolean) => {
      const { page } = await openPage(browser);
      await logIn(page, baseUrl, '/w/demo/dashboards/new');
      await editorReady(page);
      // Typed, not filled: browsers ask only on pages the reader has interacted with.
      if (edit) {
        await field(page, 'title.en').click();
        await page.keyboard.type(' (unsaved)');
      } else await page.locator('h1').first().click();
      const seen: string[] = [];
      page.on('dialog', (dialog) => {
        seen.push(dialog.type());
        void dialog.accept();
      });
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => page.isClosed()).toBe(true);
      await page.context().close();
      return seen;
    };
    expect(await dialogs(false)).toEqual([]);
    expect(await dialogs(true)).toEqual(['beforeunload']);
  }, 60_000);

  it('answers 403 to a viewer, in their language', async () => {
    const email = `vera-${stamp}@example.org`;
    const viewer = await demoMember(baseUrl, mailDir, email);

    const { page } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/queries', viewer);
    const fresh = await page.goto(`${baseUrl}/w/demo/dashboards/new`);
    expect(fresh?.status()).toBe(403);
    expect(await page.getByRole('main').innerText()).toContain(
      'Viewers cannot create or edit dashboards',
    );
    expect(await page.locator('.dbe').count()).toBe(0);
    const edit = await page.goto(`${baseUrl}/pt-br/w/demo/dashboards/${slug}/edit`);
    expect(edit?.status()).toBe(403);
    expect(await page.getByRole('main').innerText()).toContain(
      'Leitores não podem criar nem editar painéis',
    );
    await expectAccessible(page);
    await page.context().close();
  }, 60_000);
});
