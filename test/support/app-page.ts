import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { apiSession } from './api-session.js';
import { axeViolations, launchBrowser, openPage, type WatchedPage } from './browser.js';
import { emailedLink } from './mail.js';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * The first account on the e2e server, which owns the Demo workspace: test/e2e/global-setup.ts
 * signs it up through api/src/testing/api-key.ts, which holds the same two values.
 */
export const demoOwner: Credentials = {
  email: 'owner@example.org',
  password: 'correct horse battery staple',
};

/**
 * Fills the log-in form on the current page as `who` and submits it, in English or, with
 * `prefix` '/pt-br', in Portuguese. For tests that check what happens next themselves (a wrong
 * password, the default landing page, a `next` that goes off-site); the rest use `logIn`.
 */
export async function submitLogIn(page: Page, who: Credentials, prefix = '') {
  const pt = prefix === '/pt-br';
  await page.getByLabel(pt ? 'Endereço de e-mail' : 'Email address').fill(who.email);
  await page.getByLabel(pt ? 'Senha' : 'Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: pt ? 'Entrar' : 'Log in', exact: true }).click();
}

/** Logs in as `who` from the log-in page at `prefix` and waits until it has gone on to `next`. */
export async function logIn(
  page: Page,
  baseUrl: string,
  next: string,
  who: Credentials = demoOwner,
  prefix = '',
) {
  await page.goto(`${baseUrl}${prefix}/login?next=${encodeURIComponent(next)}`);
  await submitLogIn(page, who, prefix);
  await page.waitForURL(`${baseUrl}${next}`);
}

/**
 * One browser for the test file: launched before its tests and closed after them. Call it at
 * the top level of the file; the function it returns gives the browser inside a test.
 */
export function fileBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll: ask for it in a test');
    return browser;
  };
}

/** A new page (a context of its own) logged in as `who`, gone on to `next` (see `logIn`). */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  next: string,
  who: Credentials = demoOwner,
  options: Parameters<typeof openPage>[1] = {},
): Promise<WatchedPage> {
  const watched = await openPage(browser, options);
  await logIn(watched.page, baseUrl, next, who);
  return watched;
}

/** A new page at `url`, which must be served (200) in `lang`. */
export async function servedPage(
  browser: Browser,
  url: string,
  lang: string,
  waitUntil: 'domcontentloaded' | 'networkidle',
): Promise<WatchedPage> {
  const watched = await openPage(browser);
  const response = await watched.page.goto(url, { waitUntil });
  expect(response?.status()).toBe(200);
  expect(await watched.page.getAttribute('html', 'lang')).toBe(lang);
  return watched;
}

/** axe-core finds nothing on the page (as it is) and it logged no error; then it is closed. */
export async function expectCleanAndClose({ page, errors }: WatchedPage): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}

/**
 * axe-core finds nothing on the page in either colour scheme (the colours come from CSS
 * variables that prefers-color-scheme switches); the page follows the browser's again after.
 */
export async function expectAccessible(page: Page) {
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

/**
 * Console errors less Chrome's "Failed to load resource … 4xx" lines: it logs every 4xx answer
 * to fetch that way, and tests cause some on purpose (a wrong password, a viewer's 403).
 */
export const realErrors = (errors: string[]) =>
  errors.filter(
    (e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e),
  );

/**
 * Signs up `email` (with the owner's password) and makes them a member of the Demo workspace
 * (a viewer unless `role` says otherwise) through an invite, accepted from the link the e2e SMTP
 * server received; returns how to log in.
 */
export async function demoMember(
  baseUrl: string,
  mailDir: string,
  email: string,
  role: 'viewer' | 'editor' = 'viewer',
): Promise<Credentials> {
  const member = { email, password: demoOwner.password };
  const json = { 'Content-Type': 'application/json' };
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ ...member, name: 'Vera Viewer', locale: 'en' }),
  });
  expect(signup.status).toBe(202);
  const invite = await fetch(`${baseUrl}/api/workspaces/demo/invites`, {
    method: 'POST',
    headers: await apiSession(baseUrl, demoOwner.email, demoOwner.password),
    body: JSON.stringify({ email, role }),
  });
  expect(invite.status).toBe(201);
  const link = await emailedLink(mailDir, email, 'invites/accept');
  const accept = await fetch(`${baseUrl}/api/invites/accept`, {
    method: 'POST',
    headers: await apiSession(baseUrl, email, member.password),
    body: JSON.stringify({ token: new URL(link, baseUrl).searchParams.get('token') }),
  });
  expect(accept.status).toBe(200);
  return member;
}

/** Hovers a chart mark and waits for the tooltip island to show `text` for it. */
export async function expectTooltip(page: Page, mark: Locator, text: string): Promise<void> {
  // Scrolled first: a scroll hides the tooltip, and must not race the pointer.
  await mark.scrollIntoViewIfNeeded();
  // A scroll event is dispatched by the next frame: two frames later its handler has run.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await mark.hover();
  await expect
    .poll(() =>
      page
        .locator('.chart-tip')
        .innerText({ timeout: 500 })
        .catch(() => ''),
    )
    .toBe(text);
}
