import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, realErrors, submitLogIn } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { emailedLink } from '../support/mail.js';

/**
 * The accounts issue's "done when", in a real browser against the started server: sign up,
 * verify (mail received over SMTP), log in, invite a colleague, change their role, create an
 * API key and use it like curl, see it all in the audit log, and stay logged in across token
 * expiry — with a draft kept when the session cannot be saved.
 */

const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');
const run = Date.now().toString(36);
const password = 'a-long-enough-password';
const owner = { name: 'Grace Hopper', email: `grace-${run}@example.com` };
const colleague = { name: 'Bruno Lima', email: `bruno-${run}@example.com` };

let browser: Browser;
let ownerPage: Page;
let slug = '';
const errorsSeen: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const flash = (page: Page) => page.locator('[data-app-status]');

async function signUpAndVerify(page: Page, who: { name: string; email: string }, prefix = '') {
  const pt = prefix === '/pt-br';
  await page.goto(`${baseUrl}${prefix}/signup`);
  await page.getByLabel(pt ? 'Nome' : 'Name').fill(who.name);
  await page.getByLabel(pt ? 'Endereço de e-mail' : 'Email address').fill(who.email);
  await page.getByLabel(pt ? 'Senha' : 'Password').fill(password);
  await page.getByRole('button', { name: pt ? 'Criar conta' : 'Create account' }).click();
  await expect.poll(() => page.getByRole('status').isVisible()).toBe(true);
  const link = await emailedLink(mailDir, who.email, 'verify-email');
  await page.goto(`${baseUrl}${link}`);
  await expect.poll(() => page.locator('[data-success]').isVisible()).toBe(true);
}

/** Logs in from the log-in page without a `next`: it lands on the workspaces page. */
async function logIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await submitLogIn(page, { email, password });
  await page.waitForURL(`${baseUrl}/workspaces`);
}

const cookie = async (context: BrowserContext, name: string) =>
  (await context.cookies()).find((c) => c.name === name);

describe('a team workspace, end to end', () => {
  it('an anonymous reader is sent to log in and comes back', async () => {
    const { page } = await openPage(browser);
    const response = await page.goto(`${baseUrl}/account/sessions`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account/sessions');
    expect(response?.status()).toBe(200);
    await page.context().close();
  });

  it('signs up, verifies and logs in to their own workspace', async () => {
    const watched = await openPage(browser);
    ownerPage = watched.page;
    ownerPage.on('pageerror', (e) => errorsSeen.push(e.message));
    await signUpAndVerify(ownerPage, owner);
    await logIn(ownerPage, owner.email);
    expect(await ownerPage.locator('header [data-viewer]').innerText()).toBe(owner.name);
    const own = ownerPage.getByRole('main').getByRole('link', { name: owner.name });
    slug = new URL((await own.getAttribute('href')) ?? '', baseUrl).pathname.split('/')[2] ?? '';
    expect(slug).toMatch(/^grace-hopper/);
    await expectAccessible(ownerPage);
    await own.click();
    await ownerPage.waitForURL(`${baseUrl}/w/${slug}/`);
    expect(await ownerPage.getByRole('main').innerText()).toMatch(/Your role: Owner/);
    await expectAccessible(ownerPage);
  });

  it('invites a colleague, who accepts after logging in', async () => {
    await ownerPage.goto(`${baseUrl}/w/${slug}/members`);
    await ownerPage.getByLabel('Email address', { exact: true }).fill(colleague.email);
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => flash(ownerPage).innerText()).toBe('The invitation was sent.');
    expect(await ownerPage.locator(`tr[data-invite="${colleague.email}"]`).count()).toBe(1);
    await expectAccessible(ownerPage);

    const { page, errors } = await openPage(browser);
    await signUpAndVerify(page, colleague, '/pt-br');
    const invite = await emailedLink(mailDir, colleague.email, 'invites/accept');
    await page.goto(`${baseUrl}${invite}`);
    // Not logged in yet: the page offers to log in and come back.
    await page.getByRole('link', { name: 'Log in to accept' }).click();
    await page.waitForURL(/\/login\?next=/);
    await submitLogIn(page, { email: colleague.email, password });
    await page.waitForURL(/\/invites\/accept\?token=/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL(`${baseUrl}/w/${slug}/`);
    expect(await page.getByRole('main').innerText()).toMatch(/Your role: Viewer/);
    // A viewer has no audit log: not in the menu, 403 at its address.
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    const audit = await page.goto(`${baseUrl}/w/${slug}/audit`);
    expect(audit?.status()).toBe(403);
    // And a workspace that is not theirs does not exist for them.
    const other = await page.goto(`${baseUrl}/w/demo/members`);
    expect(other?.status()).toBe(404);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('changes the colleague’s role from the members table', async () => {
    await ownerPage.goto(`${baseUrl}/w/${slug}/members`);
    const row = ownerPage.locator(`tr[data-member="${colleague.email}"]`);
    await row.getByLabel(`Role of ${colleague.name}`).selectOption('editor');
    await row.getByRole('button', { name: `Save role for ${colleague.name}` }).click();
    await expect.poll(() => flash(ownerPage).innerText()).toBe('The role was changed.');
    expect(
      await ownerPage
        .locator(`tr[data-member="${colleague.email}"]`)
        .getByLabel(`Role of ${colleague.name}`)
        .inputValue(),
    ).toBe('editor');
  });

  it('creates an API key, uses it like curl, then revokes it', async () => {
    await ownerPage.goto(`${baseUrl}/w/${slug}/api-keys`);
    await ownerPage.getByLabel('Key name').fill('nightly export');
    await ownerPage.getByLabel('Role').selectOption('viewer');
    await ownerPage.getByRole('button', { name: 'Create key' }).click();
    const secretBox = ownerPage.getByLabel('New API key');
    await expect.poll(() => secretBox.inputValue()).toMatch(/^pnl_[0-9a-f]{8}_/);
    const secret = await secretBox.inputValue();
    await expectAccessible(ownerPage);

    const asScript = (path: string) =>
      fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${secret}` } });
    const read = await asScript(`/api/workspaces/${slug}/members`);
    expect(read.status).toBe(200);
    const { members } = (await read.json()) as { members: { email: string; role: string }[] };
    expect(members.map((m) => [m.email, m.role])).toContainEqual([colleague.email, 'editor']);
    // A key acts in its own workspace only.
    const elsewhere = await asScript('/api/workspaces/demo');
    expect(elsewhere.status).toBe(404);

    await ownerPage.reload();
    ownerPage.once('dialog', (dialog) => void dialog.accept());
    await ownerPage.getByRole('button', { name: 'Revoke key nightly export' }).click();
    await expect.poll(() => flash(ownerPage).innerText()).toBe('The key was revoked.');
    expect((await asScript(`/api/workspaces/${slug}/members`)).status).toBe(401);
  });

  it('shows all of it in the audit log, filtered by event', async () => {
    await ownerPage.goto(`${baseUrl}/w/${slug}/audit`);
    const types = await ownerPage
      .locator('tr[data-event]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    for (const type of [
      'invite.create',
      'invite.accept',
      'member.role',
      'api-key.create',
      'api-key.revoke',
    ])
      expect(types, type).toContain(type);
    await expectAccessible(ownerPage);
    await ownerPage.getByLabel('Event', { exact: true }).selectOption('member.role');
    await ownerPage.getByRole('button', { name: 'Show events' }).click();
    await ownerPage.waitForURL(/type=member.role/);
    const filtered = await ownerPage
      .locator('tr[data-event]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    expect(filtered).toEqual(['member.role']);
    expect(await ownerPage.locator('tr[data-event]').innerText()).toContain(owner.name);
  });

  it('stays logged in when the access token expires: refreshed on navigation and by the page', async () => {
    const context = ownerPage.context();
    const before = await cookie(context, 'painel_refresh');
    // The browser drops the access cookie when it expires; do what 15 minutes would.
    await context.clearCookies({ name: 'painel_access' });
    await ownerPage.goto(`${baseUrl}/account`);
    expect(new URL(ownerPage.url()).pathname).toBe('/account');
    expect(await cookie(context, 'painel_access')).toBeDefined();
    expect((await cookie(context, 'painel_refresh'))?.value).not.toBe(before?.value);

    // Expired while the page was open: the form's save refreshes, then saves.
    await context.clearCookies({ name: 'painel_access' });
    await ownerPage.getByLabel('Name').fill('Grace B. Hopper');
    await ownerPage.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => flash(ownerPage).innerText()).toBe('Your profile was saved.');
    expect(await ownerPage.locator('header [data-viewer]').innerText()).toBe('Grace B. Hopper');
  });

  it('when the session has ended, returns to log in and restores the draft (never a password)', async () => {
    await ownerPage.goto(`${baseUrl}/account`);
    await ownerPage.getByLabel('Time zone').selectOption('America/Sao_Paulo');
    await ownerPage.getByLabel('Name').fill('Grace Draft');
    await ownerPage.getByLabel('Current password').fill(password);
    // Another device logs this one out.
    const other = await openPage(browser);
    await logIn(other.page, owner.email);
    await other.page.goto(`${baseUrl}/account/sessions`);
    await expectAccessible(other.page);
    expect(await other.page.locator('tr[data-session]').count()).toBe(2);
    await other.page.getByRole('button', { name: 'Log out all other sessions' }).click();
    await expect.poll(() => flash(other.page).innerText()).toBe('Your other sessions were ended.');
    expect(await other.page.locator('tr[data-session]').count()).toBe(1);
    await other.page.context().close();

    await ownerPage.getByRole('button', { name: 'Save profile' }).click();
    await ownerPage.waitForURL(/\/login\?next=%2Faccount/);
    const stored = await ownerPage.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).toContain('Grace Draft');
    expect(stored).not.toContain(password);
    await submitLogIn(ownerPage, { email: owner.email, password });
    await ownerPage.waitForURL(`${baseUrl}/account`);
    await expect.poll(() => ownerPage.getByLabel('Name').inputValue()).toBe('Grace Draft');
    expect(await ownerPage.getByLabel('Time zone').inputValue()).toBe('America/Sao_Paulo');
    expect(await ownerPage.getByLabel('Current password').inputValue()).toBe('');
    expect(await flash(ownerPage).innerText()).toMatch(/unsaved changes were restored/);
    await expectAccessible(ownerPage);
    expect(errorsSeen).toEqual([]);
  });

  it('applies the theme chosen in the profile, whatever the device prefers', async () => {
    await ownerPage.emulateMedia({ colorScheme: 'light' });
    await ownerPage.goto(`${baseUrl}/account`);
    // The profile form's field: the header's theme switch has the same name.
    const theme = ownerPage.getByRole('form', { name: 'Profile' }).getByLabel('Theme');
    await theme.selectOption('dark');
    await ownerPage.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => flash(ownerPage).innerText()).toBe('Your profile was saved.');
    expect(await ownerPage.getAttribute('html', 'data-theme')).toBe('dark');
    const background = () =>
      ownerPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(17, 20, 24)');
    await theme.selectOption('system');
    await ownerPage.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => ownerPage.getAttribute('html', 'data-theme')).toBeNull();
    expect(await background()).toBe('rgb(255, 255, 255)');
  });

  it('every app page passes axe-core in Portuguese too', async () => {
    for (const path of [
      '/workspaces',
      '/account',
      '/account/sessions',
      `/w/${slug}/`,
      `/w/${slug}/members`,
      `/w/${slug}/api-keys`,
      `/w/${slug}/audit`,
      `/w/${slug}/settings`,
      '/logout',
    ]) {
      const response = await ownerPage.goto(`${baseUrl}/pt-br${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await ownerPage.getAttribute('html', 'lang')).toBe('pt-BR');
      expect(response?.headers()['cache-control']).toBe('private, no-store');
      await expectAccessible(ownerPage);
    }
  });
});
