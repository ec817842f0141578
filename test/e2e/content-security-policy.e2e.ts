import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { inlineScripts, scriptHash } from '../../api/src/http/script-hashes.js';
import { fileBrowser, logIn } from '../support/app-page.js';
import { openPage, type WatchedPage } from '../support/browser.js';

/**
 * No inline script runs unless the page's Content-Security-Policy names it by hash: every page a
 * reader reaches loads in Chromium without one CSP violation, and every built page (site and
 * docs) is sent with a policy that lists each of its inline scripts.
 */

const baseUrl = inject('baseUrl');
const root = path.resolve(import.meta.dirname, '../..');
const browser = fileBrowser();

/** The script-src of a response's policy, which must exist and not allow every inline script. */
function scriptSrc(policy: string | null): string[] {
  const directive = policy
    ?.split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  if (!directive) throw new Error(`no script-src in ${policy}`);
  return directive.slice(1);
}

/** Records the page's (and its frames') CSP violations, from before any of its scripts runs. */
async function watchViolations(watched: WatchedPage): Promise<string[]> {
  const violations: string[] = [];
  const context = watched.page.context();
  await context.exposeFunction('painelCspViolation', (v: string) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { painelCspViolation(v: string): void })
        .painelCspViolation;
      report(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

/** Goes to `url`, waits for `ready`, and checks the page met no CSP violation on the way. */
async function expectNoViolation(
  watched: WatchedPage,
  violations: string[],
  url: string,
  ready: (page: Page) => Promise<unknown> = () => Promise.resolve(),
) {
  const { page, errors } = watched;
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  expect(response?.status(), url).toBe(200);
  expect(scriptSrc(await response!.headerValue('content-security-policy'))).not.toContain(
    "'unsafe-inline'",
  );
  await ready(page);
  expect(violations, url).toEqual([]);
  expect(
    errors.filter((e) => /Content Security Policy/i.test(e)),
    url,
  ).toEqual([]);
  await page.context().close();
}

describe('in Chromium', () => {
  const pages: { path: string; ready?: (page: Page) => Promise<unknown> }[] = [
    { path: '/' },
    { path: '/pt-br/' },
    { path: '/login' },
    // Its chart tooltips are an island: its loader is an inline script.
    {
      path: '/dashboards/flights',
      ready: (p) => p.locator('astro-island').first().waitFor({ state: 'attached' }),
    },
    { path: '/docs/' },
    { path: '/docs/pt-BR/' },
  ];

  it.each(pages)('$path runs no script its policy does not allow', async ({ path: at, ready }) => {
    const watched = await openPage(browser());
    const violations = await watchViolations(watched);
    await expectNoViolation(watched, violations, `${baseUrl}${at}`, ready);
  });

  it('an embed, with its own policy, runs no script it does not allow', async () => {
    const response = await fetch(`${baseUrl}/api/demo/embed-token?dashboard=flights`);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const watched = await openPage(browser());
    const violations = await watchViolations(watched);
    await expectNoViolation(watched, violations, `${baseUrl}/embed/${token}`);
  });

  it('the SQL editor, an island loaded at once, runs no script it does not allow', async () => {
    const watched = await openPage(browser());
    const violations = await watchViolations(watched);
    await logIn(watched.page, baseUrl, '/w/demo/sql');
    await expectNoViolation(watched, violations, `${baseUrl}/w/demo/sql`, (p) =>
      p.locator('.cm-content').waitFor(),
    );
  });
});

/** Each built page and the path that serves it: `x/index.html` at `x/`, `y.html` at `y`. */
function builtPages(dir: string, prefix: string): { file: string; path: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.html'))
    .map((rel) => {
      const url = rel.replaceAll(path.sep, '/');
      const at = url.endsWith('index.html') ? url.slice(0, -'index.html'.length) : url.slice(0, -5);
      return { file: path.join(dir, rel), path: `${prefix}/${at}` };
    });
}

describe('every built page', () => {
  const built = [
    ...builtPages(path.join(root, 'site/dist/client'), ''),
    ...builtPages(path.join(root, 'docs/build'), '/docs'),
  ];

  it('is sent with a policy that lists the hash of each of its inline scripts', async () => {
    expect(built.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const page of built) {
      const response = await fetch(`${baseUrl}${page.path}`);
      await response.arrayBuffer();
      const allowed = scriptSrc(response.headers.get('content-security-policy'));
      if (allowed.includes("'unsafe-inline'")) missing.push(`${page.path}: 'unsafe-inline'`);
      for (const script of inlineScripts(fs.readFileSync(page.file, 'utf8')))
        if (!allowed.includes(scriptHash(script)))
          missing.push(`${page.path}: ${scriptHash(script)} (${script.slice(0, 60)}…)`);
    }
    expect(missing).toEqual([]);
  });
});
