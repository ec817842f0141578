import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import { demoOwner, fileBrowser, logIn, realErrors } from '../support/app-page.js';
import { axeViolations, openPage } from '../support/browser.js';

/**
 * The app on a 375 px phone: the Demo owner opens every list and settings page, in English and
 * in Portuguese (whose labels are longer); none scrolls sideways (axeViolations reports that at
 * phone widths) or fails axe, and every table fits or scrolls in a region the keyboard reaches.
 * A saved query, a subscription and an alert of its own give the lists that start empty rows.
 */

const baseUrl = inject('baseUrl');
const browser = fileBrowser();
const stamp = Date.now().toString(36);
const workspace = '/w/demo';
const pages = [
  `${workspace}/dashboards`,
  `${workspace}/queries`,
  `${workspace}/members`,
  `${workspace}/api-keys`,
  `${workspace}/public-links`,
  `${workspace}/audit`,
  `${workspace}/subscriptions`,
  `${workspace}/alerts`,
  `${workspace}/jobs`,
  `${workspace}/data-sources`,
  `${workspace}/settings`,
  '/workspaces',
  '/account',
  '/account/sessions',
  '/admin/jobs',
];

let owner: Record<string, string>;
const made: string[] = [];

/** Creates `body` at `path` of the Demo workspace's API and deletes it after the file. */
async function create(path: string, body: object): Promise<string> {
  const url = `${baseUrl}/api/workspaces/demo/${path}`;
  const res = await fetch(url, { method: 'POST', headers: owner, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  made.unshift(`${url}/${id}`);
  return id;
}

beforeAll(async () => {
  owner = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
  const me = await fetch(`${baseUrl}/api/auth/me`, { headers: owner });
  const recipients = { members: [((await me.json()) as { id: string }).id] };
  const queryId = await create('saved-queries', {
    name: `Flights per carrier and month ${stamp}`,
    sourceId: 'demo',
    sql: 'SELECT count(*) AS flights FROM flights',
  });
  await create('subscriptions', {
    dashboard: 'flights',
    schedule: { kind: 'weekly', days: ['mon', 'thu'], time: '08:00' },
    timeZone: 'America/Sao_Paulo',
    recipients,
  });
  await create('alerts', {
    name: `Too many flights ${stamp}`,
    source: { savedQuery: queryId },
    condition: { kind: 'above', threshold: 1_000_000 },
    schedule: { kind: 'hourly', minute: 0 },
    timeZone: 'America/Sao_Paulo',
    cooldownMinutes: 120,
    recipients,
  });
});
afterAll(async () => {
  for (const url of made) await fetch(url, { method: 'DELETE', headers: owner });
});

/** Opens `path` on `page` and waits until its main heading is shown. */
async function visit(page: Page, path: string) {
  const response = await page.goto(`${baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

describe.each([
  ['English', ''],
  ['Portuguese', '/pt-br'],
])('every app page on a 375 px phone, in %s', (_, prefix) => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    ({ page, errors } = await openPage(browser(), { width: 375 }));
    await logIn(page, baseUrl, `${prefix}${pages[0]}`, demoOwner, prefix);
  });
  afterAll(() => page?.context().close());

  it.each(pages)('%s fits without scrolling sideways and passes axe', async (path) => {
    await visit(page, `${prefix}${path}`);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // A table fits the phone, or scrolls in a labelled region the keyboard reaches (ListTable's
    // `wide`): none scrolls in a box a keyboard cannot scroll.
    const stuck = await page.$$eval('.table-scroll:not([tabindex])', (boxes) =>
      boxes
        .filter((box) => box.scrollWidth > box.clientWidth + 1)
        .map((box) => box.querySelector('caption, th')?.textContent?.trim()),
    );
    expect(stuck).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
  });
});
