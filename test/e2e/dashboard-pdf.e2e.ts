import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, fileBrowser } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/**
 * "Download PDF" on a dashboard page: a plain link, reached by keyboard, with the page's filters
 * and language, that downloads the PDF; the toolbar still fits a phone and the page stays
 * axe-clean.
 */

const baseUrl = inject('baseUrl');
const browser = fileBrowser();
const run = promisify(execFile);
const page = '/pt-br/dashboards/flights?origin=SEA';

describe('a dashboard’s PDF', () => {
  it('downloads from the “Baixar PDF” link, with the page’s filters, in Portuguese', async () => {
    const { page: tab } = await openPage(browser(), { javaScript: false });
    await tab.goto(`${baseUrl}${page}`);
    const link = tab.getByRole('link', { name: 'Baixar PDF' });
    expect(await link.getAttribute('href')).toBe(
      '/api/public/dashboards/flights.pdf?origin=SEA&lang=pt-BR',
    );
    await link.focus();
    const [download] = await Promise.all([
      tab.waitForEvent('download'),
      tab.keyboard.press('Enter'),
    ]);
    expect(download.suggestedFilename()).toBe('flights.pdf');
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', await download.path(), '-']);
    expect(stdout).toContain('Atrasos de voos nos EUA');
    expect(stdout).toContain('Aeroportos de origem: SEA');
  });

  it('fits a 375 px phone and stays accessible', async () => {
    const { page: tab } = await openPage(browser(), { width: 375 });
    await tab.goto(`${baseUrl}${page}`);
    const box = await tab.getByRole('link', { name: 'Baixar PDF' }).boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(tab);
  });
});
