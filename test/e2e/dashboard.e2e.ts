import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectTooltip } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { pageScripts } from '../support/page-scripts.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the flights dashboard', () => {
  it('shows every card with JavaScript disabled, each chart with a description and a table', async () => {
    const { page } = await openPage(browser, { javaScript: false });
    await page.goto(`${baseUrl}/dashboards/flights`);
    // Twelve cards in reading order: eleven charts and tables, then a text card.
    const ids = await page
      .locator('[data-card]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-card')));
    expect(ids).toEqual([
      'totals',
      'june-vs-may',
      'delay-by-hour',
      'flights-per-day',
      'busiest-origins',
      'late-by-month',
      'delay-histogram',
      'distance-share',
      'routes',
      'weekday-hour',
      'worst-routes',
      'about',
    ]);
    const figures = page.locator('main figure');
    expect(await figures.count()).toBe(11);
    expect(await page.locator('main [data-chart]').count()).toBe(8);
    for (const figure of await figures.all()) {
      expect((await figure.locator('figcaption').innerText()).trim()).not.toBe('');
      expect((await figure.locator('.description').innerText()).trim()).not.toBe('');
      // A chart's data is one "show as table" away; a table card is its own table.
      if ((await figure.locator('[data-chart]').count()) > 0) {
        expect(await figure.locator('details > summary').count()).toBe(1);
        expect(await figure.locator('details table th[scope="col"]').count()).toBeGreaterThan(1);
        expect(await figure.locator('.sr-only', { hasText: 'arrow keys' }).count()).toBe(1);
      }
    }
    expect(await page.locator('#card-worst-routes table tbody tr').count()).toBe(10);
    // A line chart's description names its range and trend, generated from the data.
    const line = page.locator('figure', { hasText: 'Mean delay by hour of departure' });
    expect(await line.innerText()).toMatch(/highest/i);
    // The text card is its Markdown, as HTML.
    const about = page.locator('#card-about');
    expect(await about.locator('h2').innerText()).toBe('About the data');
    expect(await about.getByRole('link', { name: 'vega-datasets' }).count()).toBe(1);
    expect(await about.locator('strong').innerText()).toBe('Delay');
    // The filter bar is a plain form.
    const form = page.locator('form[data-dashboard-filters]');
    expect(await form.getAttribute('method')).toBe('get');
    expect(await form.locator('select[name="origin"][multiple]').count()).toBe(1);
    expect(await form.getByRole('button', { name: 'Apply filters' }).count()).toBe(1);
    await page.context().close();
  });

  it('formats numbers for the page language', async () => {
    const { page } = await openPage(browser, { javaScript: false });
    await page.goto(`${baseUrl}/pt-br/dashboards/flights`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('3.000.000');
    expect(text).toMatch(/\d+,\d\smin/);
    await page.goto(`${baseUrl}/dashboards/flights`);
    expect(await page.locator('main').innerText()).toContain('3,000,000');
    await page.context().close();
  });

  it('ships at most 30 KB of gzipped JavaScript, and no Plot', async () => {
    const { page } = await openPage(browser);
    const { scripts, gzippedBytes } = await pageScripts(page, `${baseUrl}/dashboards/flights`);
    expect(gzippedBytes).toBeLessThanOrEqual(30 * 1024);
    expect(
      scripts.some((s) => /plot|d3-/i.test(s.url) || s.body.includes('@observablehq/plot')),
    ).toBe(false);
    await page.context().close();
  });

  it('shows a tooltip for a mark by pointer and by keyboard', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/dashboards/flights`, { waitUntil: 'networkidle' });
    const chart = page.locator('#card-busiest-origins [data-chart]');
    const mark = chart.locator('rect:has(title), path:has(title), circle:has(title)').first();
    const expected = (await mark.locator('title').textContent())?.trim() ?? '';
    expect(expected).toMatch(/ORD/);
    await expectTooltip(page, mark, expected);
    await page.keyboard.press('Escape');
    // The island makes charts focusable once it hydrates; arrows then move from mark to mark.
    await expect.poll(() => chart.getAttribute('tabindex')).toBe('0');
    await chart.focus();
    await page.keyboard.press('End');
    await expect
      .poll(() =>
        page
          .locator('[aria-live]')
          .allInnerTexts()
          .then((t) => t.join(' ')),
      )
      .toMatch(/DEN/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
