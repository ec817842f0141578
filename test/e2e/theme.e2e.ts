import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, fileBrowser, logIn } from '../support/app-page.js';
import { openPage } from '../support/browser.js';

/** The site's theme switch, alone and with the docs and a signed-in reader's profile (~15 s). */
const baseUrl = inject('baseUrl');
const browser = fileBrowser();

const darkBackground = 'rgb(17, 20, 24)';
const lightBackground = 'rgb(255, 255, 255)';

async function themeOf(page: Page) {
  return page.evaluate(() => ({
    attribute: document.documentElement.getAttribute('data-theme'),
    stored: localStorage.getItem('theme'),
    background: getComputedStyle(document.body).backgroundColor,
    // Recorded by the init script below when <body> arrived: the theme of the first paint.
    atFirstPaint: (window as { themeAtBody?: string | null }).themeAtBody,
  }));
}

/** A page whose every document records the theme its <html> had when <body> was parsed. */
async function recordingPage() {
  const watched = await openPage(browser());
  await watched.page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as { themeAtBody?: string | null }).themeAtBody =
        document.documentElement.getAttribute('data-theme');
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await watched.page.emulateMedia({ colorScheme: 'light' });
  return watched;
}

const switchOf = (page: Page) => page.locator('[data-theme-switch] select');

describe.each([
  { prefix: '', label: 'Theme', options: ['System', 'Light', 'Dark'] },
  { prefix: '/pt-br', label: 'Tema', options: ['Sistema', 'Claro', 'Escuro'] },
])('the theme switch at $prefix/', ({ prefix, label, options }) => {
  it('is kept by the browser, paints the next page and the docs dark from the start', async () => {
    const { page, errors } = await recordingPage();
    await page.goto(`${baseUrl}${prefix}/`);
    const select = page.getByLabel(label, { exact: true });
    expect(await select.locator('option').allTextContents()).toEqual(options);
    expect(await select.inputValue()).toBe('system');
    expect(await themeOf(page)).toMatchObject({ attribute: null, background: lightBackground });

    // By keyboard: from "System", two steps down is "Dark".
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('dark');
    expect(await themeOf(page)).toMatchObject({
      attribute: 'dark',
      stored: 'dark',
      background: darkBackground,
    });

    await page.goto(`${baseUrl}${prefix}/changelog`);
    expect(await themeOf(page)).toMatchObject({
      attribute: 'dark',
      atFirstPaint: 'dark',
      background: darkBackground,
    });
    expect(await switchOf(page).inputValue()).toBe('dark');

    // Docusaurus reads the same key.
    await page.goto(`${baseUrl}/docs/${prefix ? 'pt-BR/' : ''}`);
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');

    await page.goto(`${baseUrl}${prefix}/`);
    await switchOf(page).selectOption('system');
    expect(await themeOf(page)).toMatchObject({
      attribute: null,
      stored: null,
      background: lightBackground,
    });
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

it('a signed-in reader changes their profile, which wins over what a browser kept', async () => {
  const who = {
    email: `theme-${Date.now().toString(36)}@example.org`,
    password: 'a long theme password',
  };
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...who, name: 'Theo Theme', locale: 'en' }),
  });
  expect(signup.status).toBe(202);
  const { page, errors } = await recordingPage();
  await logIn(page, baseUrl, '/account', who);
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH',
  );
  await switchOf(page).selectOption('dark');
  expect((await saved).status()).toBe(200);
  const profile = await page.evaluate(
    async () => (await (await fetch('/api/auth/me')).json()) as { theme: string },
  );
  expect(profile.theme).toBe('dark');

  // Another device's choice in this browser: the profile's is drawn, and kept instead.
  await page.evaluate(() => localStorage.setItem('theme', 'light'));
  await page.reload();
  expect(await themeOf(page)).toMatchObject({
    attribute: 'dark',
    atFirstPaint: 'dark',
    stored: 'dark',
    background: darkBackground,
  });
  expect(await switchOf(page).inputValue()).toBe('dark');
  expect(errors).toEqual([]);

  // An expired access token is refreshed: the choice still reaches the profile, and the reader
  // stays on the page.
  await page.context().clearCookies({ name: 'painel_access' });
  const resaved = page.waitForResponse(
    (r) =>
      r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH' && r.status() === 200,
  );
  await switchOf(page).selectOption('light');
  await resaved;
  expect(new URL(page.url()).pathname).toBe('/account');
  const refreshed = await page.evaluate(
    async () => (await (await fetch('/api/auth/me')).json()) as { theme: string },
  );
  expect(refreshed.theme).toBe('light');
  await page.context().close();
});
