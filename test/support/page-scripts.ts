import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface PageScripts {
  /** Every script the page downloaded, as received. */
  scripts: { url: string; body: Buffer }[];
  /** What the reader's browser runs, gzipped: those scripts and the page's inline ones. */
  gzippedBytes: number;
}

/** Opens `url` in `page` and weighs the JavaScript it runs, for the pages' budgets. */
export async function pageScripts(page: Page, url: string): Promise<PageScripts> {
  const scripts: PageScripts['scripts'] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script')
      scripts.push({ url: response.url(), body: await response.body() });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const inline = await page.$$eval('script:not([src])', (nodes) =>
    nodes.map((n) => n.textContent ?? '').join('\n'),
  );
  const gzippedBytes =
    scripts.reduce((sum, s) => sum + gzipSync(s.body).length, 0) + gzipSync(inline).length;
  return { scripts, gzippedBytes };
}
