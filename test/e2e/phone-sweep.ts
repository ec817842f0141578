import { afterAll, expect, inject } from 'vitest';
import { launchBrowser, sidewaysScroll, stepTimeout, visitedPages } from '../support/browser.js';

/**
 * After each e2e file, every page its tests went to on Painel's own server is opened again on a
 * 375 px phone, as the same reader (the cookies it had) and with scripts on or off as it was: none
 * may scroll sideways. Tables fit or scroll in a region of their own. Pages that answer with
 * something other than HTML (a CSV, a PDF) are left out.
 */

const phone = { width: 375, height: 740 };
const origin = new URL(inject('baseUrl')).origin;

afterAll(async () => {
  const seen = new Set<string>();
  const visits = (await visitedPages()).filter((v) => {
    const url = new URL(v.url);
    const key = `${url.pathname}${url.search} ${v.javaScript}`;
    if (url.origin !== origin || url.pathname.startsWith('/api/') || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (visits.length === 0) return;
  const browser = await launchBrowser();
  const problems: string[] = [];
  try {
    for (const visit of visits) {
      const context = await browser.newContext({
        javaScriptEnabled: visit.javaScript,
        viewport: phone,
      });
      context.setDefaultTimeout(stepTimeout);
      await context.addCookies(visit.cookies);
      const page = await context.newPage();
      const response = await page.goto(visit.url).catch(() => null);
      if (response?.headers()['content-type']?.startsWith('text/html')) {
        for (const overflow of await sidewaysScroll(page)) {
          const culprits = overflow.nodes.map((n) => n.target.join(' ')).join(', ');
          problems.push(`${visit.url}: ${overflow.help} (${culprits})`);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  expect(problems, 'pages that scroll sideways on a 375 px phone').toEqual([]);
}, 600_000);
