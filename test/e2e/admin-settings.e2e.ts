import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import {
  demoMember,
  demoOwner,
  expectAccessible,
  fileBrowser,
  loggedInPage,
  realErrors,
} from '../support/app-page.js';
import { openPage } from '../support/browser.js';
import { type PainelProcess, startPainel } from '../support/painel-process.js';

/**
 * The instance's settings page against the started server (SIGNUP=open there, so the sign-up
 * rule shows as the environment's): the Demo owner, its first account and so an instance
 * administrator, changes who may create workspaces by keyboard; a member is refused; both
 * languages, axe-clean, 375 px. And the sign-up page of a server with SIGNUP=invite.
 */

const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');
const browser = fileBrowser();
const creation = (value: 'everyone' | 'admins') =>
  apiSession(baseUrl, demoOwner.email, demoOwner.password).then((headers) =>
    fetch(`${baseUrl}/api/admin/settings`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ workspaceCreation: value }),
    }),
  );
// Later files create workspaces as other accounts: the setting goes back whatever happened.
afterAll(() => creation('everyone'));

describe('the instance settings page', () => {
  it('lets the administrator choose who creates workspaces, by keyboard', async () => {
    const { page, errors } = await loggedInPage(browser(), baseUrl, '/admin/settings');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Instance settings');
    // SIGNUP is set on this server: shown, not changeable here.
    const anyone = page.getByRole('radio', { name: 'Anyone' });
    expect([await anyone.isChecked(), await anyone.isDisabled()]).toEqual([true, true]);
    expect(await page.getByText('Set by SIGNUP in the server').isVisible()).toBe(true);

    await page.getByRole('radio', { name: 'Everyone with an account' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(
      await page.getByRole('radio', { name: "Only the instance's administrators" }).isChecked(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-app-status]').innerText()).toBe('Settings saved.');

    const member = await demoMember(baseUrl, mailDir, 'nadia@example.org');
    const refused = await fetch(`${baseUrl}/api/workspaces`, {
      method: 'POST',
      headers: await apiSession(baseUrl, member.email, member.password),
      body: JSON.stringify({ name: 'Nadia' }),
    });
    expect(refused.status).toBe(403);
    await page.reload();
    expect(
      await page.getByRole('radio', { name: "Only the instance's administrators" }).isChecked(),
    ).toBe(true);
    // The account navigation leads here.
    expect(
      await page
        .getByRole('navigation', { name: 'Your account' })
        .getByRole('link', { name: 'Instance settings' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
    expect((await creation('everyone')).status).toBe(200);

    const other = await loggedInPage(browser(), baseUrl, '/admin/settings', member);
    expect(await other.page.locator('.content').innerText()).toMatch(
      /needs an administrator of this Painel/,
    );
    expect(await other.page.getByRole('radio').count()).toBe(0);
    await other.page.context().close();
  });

  it('is in Portuguese at /pt-br/, and fits 375 px', async () => {
    const { page } = await loggedInPage(browser(), baseUrl, '/pt-br/admin/settings', undefined, {
      width: 375,
    });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Configurações da instância',
    );
    expect(await page.getByRole('radio', { name: 'Todos que têm uma conta' }).isChecked()).toBe(
      true,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('the sign-up page while sign-up is by invitation', () => {
  let closed: PainelProcess | undefined;
  afterAll(() => closed?.stop());

  it('says so instead of showing a form, but shows it to whoever came from an invitation', async () => {
    closed = await startPainel({ env: { SIGNUP: 'invite', DEMO_DATA: 'false' } });
    const { page, errors } = await openPage(browser());
    await page.goto(`${closed.url}/pt-br/signup`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'O cadastro é só por convite',
    );
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page);

    const next = encodeURIComponent('/invites/accept?token=abc');
    await page.goto(`${closed.url}/signup?next=${next}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Create an account');
    await page.getByLabel('Name').fill('Uninvited');
    await page.getByLabel('Email address').fill('uninvited@example.org');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The API decides: no invitation for this address, and the form says why.
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/invitation/);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
