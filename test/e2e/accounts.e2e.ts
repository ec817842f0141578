import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Credentials,
  expectAccessible,
  realErrors,
  submitLogIn,
} from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { emailedLink as receivedLink } from '../support/mail.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const run = Date.now().toString(36);
const enUser = {
  name: 'Ada Lovelace',
  email: `ada-${run}@example.com`,
  password: 'analytical-engine',
};
const ptUser = { name: 'Ana Souza', email: `ana-${run}@example.com`, password: 'senha-bem-longa' };

const mailDir = inject('mailDir');
const emailedLink = (to: string, page: 'verify-email' | 'reset-password') =>
  receivedLink(mailDir, to, page);

/** The text of the one visible element with this role, or '' while there is none. */
async function shown(page: Page, role: 'status' | 'alert'): Promise<string> {
  const region = page.getByRole(role);
  return (await region.isVisible()) ? region.innerText() : '';
}

/**
 * Submits the log-in page at `prefix` (with `query`) and does not wait for the next page: some
 * tests expect it to fail, others check where it goes.
 */
async function logIn(page: Page, prefix: string, who: Credentials, query = '') {
  await page.goto(`${baseUrl}${prefix}/login${query}`);
  await submitLogIn(page, who, prefix);
}

const pages = ['/signup', '/login', '/verify-email', '/forgot-password', '/reset-password'];
const locales = [
  { prefix: '', lang: 'en' },
  { prefix: '/pt-br', lang: 'pt-BR' },
];

describe.each(locales)('account pages in $lang', ({ prefix, lang }) => {
  it.each(pages)(
    `%s is served in ${lang}, passes axe-core and logs no console error`,
    async (p) => {
      const { page, errors } = await openPage(browser);
      const response = await page.goto(`${baseUrl}${prefix}${p}`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('form[data-auth-form]').count()).toBe(1);
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it(`a link without its token says so at once in ${lang}`, async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}${prefix}/reset-password`);
    await expect
      .poll(() => shown(page, 'alert'))
      .toMatch(lang === 'en' ? /This link is not valid/ : /Este link não é válido/);
    expect(await page.locator('form').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('forms', () => {
  it('have labels, autocomplete hints and required fields', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${baseUrl}/signup`);
    for (const [label, autocomplete] of [
      ['Name', 'name'],
      ['Email address', 'email'],
      ['Password', 'new-password'],
    ] as const) {
      const input = page.getByLabel(label, { exact: true });
      expect(await input.getAttribute('autocomplete')).toBe(autocomplete);
      expect(await input.getAttribute('required')).not.toBeNull();
    }
    await page.goto(`${baseUrl}/login`);
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');
    await page.context().close();
  });

  it('show each field error next to its field, in the page language, from the keyboard', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/pt-br/signup`);
    // Nothing filled in: every field says so, and the first one gets the focus.
    await page.getByRole('button', { name: 'Criar conta' }).focus();
    await page.keyboard.press('Enter');
    const name = page.getByLabel('Nome');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-name');
    expect(await page.locator('#field-email-error').innerText()).toBe('Preencha este campo.');

    await name.fill('Ana');
    await page.getByLabel('Endereço de e-mail').fill(`curta-${run}@example.com`);
    const password = page.getByLabel('Senha');
    await password.fill('curta');
    await password.press('Enter');
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain('field-password-error');
    expect(await page.locator('#field-password-error').innerText()).toMatch(/10 caracteres/);
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    expect(await shown(page, 'alert')).toMatch(/Alguns campos não são válidos/);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['', /Wrong email or password/],
    ['/pt-br', /E-mail ou senha incorretos/],
  ])(
    '%s/login shows a wrong password as a translated form error above the form',
    async (prefix, message) => {
      const { page, errors } = await openPage(browser);
      await logIn(page, prefix, {
        email: `nobody-${run}@example.com`,
        password: 'not-the-password',
      });
      await expect.poll(() => shown(page, 'alert')).toMatch(message);
      // The alert comes right before the form in reading order.
      expect(
        await page.evaluate(
          () =>
            document.querySelector('[role="alert"]')?.nextElementSibling?.tagName.toLowerCase() ??
            '',
        ),
      ).toBe('form');
      expect(page.url()).toBe(`${baseUrl}${prefix}/login`);
      expect(
        await page
          .getByRole('button', { name: prefix ? 'Entrar' : 'Log in', exact: true })
          .getAttribute('aria-disabled'),
      ).toBe('false');
      expect(realErrors(errors)).toEqual([]);
      await page.context().close();
    },
  );
});

describe('accounts, end to end in the browser', () => {
  it('signs up, verifies the email sent over SMTP, logs in and lands on the workspaces page', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel('Name').fill(enUser.name);
    await page.getByLabel('Email address').fill(enUser.email);
    await page.getByLabel('Password').fill(enUser.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => shown(page, 'status')).toMatch(/Check your email/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');

    const link = await emailedLink(enUser.email, 'verify-email');
    expect(link).toMatch(/^\/verify-email\?token=/);
    await page.goto(`${baseUrl}${link}`);
    await expect.poll(() => shown(page, 'status')).toMatch(/Your email address is confirmed/);
    expect(new URL(page.url()).search).toBe('');

    await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await logIn(page, '', enUser);
    await page.waitForURL(`${baseUrl}/workspaces`);
    // Server-rendered pages know who is reading.
    expect(await page.locator('header [data-viewer]').innerText()).toBe(enUser.name);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(['painel_access', 'painel_csrf']),
    );
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('returns to a same-site ?next= path after logging in, and never to another site', async () => {
    const { page } = await openPage(browser);
    await logIn(page, '', enUser, '?next=/dashboards/flights');
    await page.waitForURL(`${baseUrl}/dashboards/flights`);
    await logIn(page, '', enUser, '?next=//example.com/steal');
    await page.waitForURL(`${baseUrl}/workspaces`);
    await page.context().close();
  });

  it('in Portuguese: forgot password → email → reset page → the new password works', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/pt-br/signup`);
    await page.getByLabel('Nome').fill(ptUser.name);
    await page.getByLabel('Endereço de e-mail').fill(ptUser.email);
    await page.getByLabel('Senha').fill(ptUser.password);
    await page.getByRole('button', { name: 'Criar conta' }).click();
    await expect.poll(() => shown(page, 'status')).toMatch(/Confira seu e-mail/);
    const verify = await emailedLink(ptUser.email, 'verify-email');
    expect(verify).toMatch(/^\/pt-br\/verify-email\?token=/);
    await page.goto(`${baseUrl}${verify}`);
    await expect.poll(() => shown(page, 'status')).toMatch(/foi confirmado/);

    // The button says it is busy while the request is on its way.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/auth/password/forgot', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${baseUrl}/pt-br/forgot-password`);
    await page.getByLabel('Endereço de e-mail').fill(ptUser.email);
    const button = page.getByRole('button', { name: 'Enviar o link' });
    await button.click();
    await expect.poll(() => page.locator('form button').getAttribute('aria-disabled')).toBe('true');
    release();
    await expect
      .poll(() => shown(page, 'status'))
      .toMatch(/Se existir uma conta com esse endereço/);

    const reset = await emailedLink(ptUser.email, 'reset-password');
    expect(reset).toMatch(/^\/pt-br\/reset-password\?token=/);
    await page.goto(`${baseUrl}${reset}`);
    const newPassword = 'uma-senha-nova-e-longa';
    await page.getByLabel('Nova senha', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Salvar a nova senha' }).click();
    await expect.poll(() => shown(page, 'status')).toMatch(/Sua senha foi alterada/);

    await logIn(page, '/pt-br', ptUser);
    await expect.poll(() => shown(page, 'alert')).toMatch(/E-mail ou senha incorretos/);
    await logIn(page, '/pt-br', { ...ptUser, password: newPassword });
    await page.waitForURL(`${baseUrl}/pt-br/workspaces`);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
