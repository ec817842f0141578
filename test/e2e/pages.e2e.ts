import { describe, expect, inject, it } from 'vitest';
import { expectCleanAndClose, fileBrowser, servedPage } from '../support/app-page.js';
import { axeViolations, openPage } from '../support/browser.js';

const baseUrl = inject('baseUrl');
const browser = fileBrowser();

// Every page a reader lands on, in both languages: served, in its language, axe-clean, no console errors.
const pages = [
  { path: '/', lang: 'en' },
  { path: '/pt-br/', lang: 'pt-BR' },
  { path: '/dashboards/flights', lang: 'en' },
  { path: '/pt-br/dashboards/flights', lang: 'pt-BR' },
  { path: '/docs/', lang: 'en' },
  { path: '/docs/pt-BR/', lang: 'pt-BR' },
  { path: '/changelog', lang: 'en' },
  { path: '/pt-br/changelog', lang: 'pt-BR' },
];

describe.each(pages)('$path', ({ path, lang }) => {
  it(`is served in ${lang}, passes axe-core and logs no console error`, async () => {
    const watched = await servedPage(browser(), `${baseUrl}${path}`, lang, 'networkidle');
    expect(await watched.page.title()).not.toBe('');
    await expectCleanAndClose(watched);
  });
});

describe('changelog', () => {
  it.each([
    ['/changelog', 'Changelog', 'Released on 11/25/2026'],
    ['/pt-br/changelog', 'Novidades', 'Lançada em 25/11/2026'],
  ])(
    '%s lists the releases with their notes and dates in the page’s language',
    async (path, title, firstRelease) => {
      const { page } = await openPage(browser());
      await page.goto(`${baseUrl}${path}`);
      expect(await page.locator('h1').innerText()).toBe(title);
      const versions = await page.locator('main h2').allInnerTexts();
      expect(versions).toContain('0.2.0');
      // Newest first, the first release last; Unreleased notes are not shown.
      expect(versions.at(-1)).toBe('0.1.0');
      expect(versions).not.toContain('Unreleased');
      const last = page.locator('main section').last();
      expect(await last.locator('time').innerText()).toBe(firstRelease);
      expect(await last.locator('time').getAttribute('datetime')).toBe('2026-11-25');
      expect(await page.locator('main section').first().locator('li').count()).toBeGreaterThan(3);
      // Reached from every page's footer.
      await page.goto(`${baseUrl}${path.replace('changelog', '')}`);
      await page.locator('footer').getByRole('link', { name: title }).click();
      await page.waitForURL(`${baseUrl}${path}`);
      await page.context().close();
    },
  );
});

describe('not found', () => {
  it.each([
    ['/no-such-page', 'en'],
    ['/pt-br/no-such-page', 'pt-BR'],
    ['/dashboards/no-such-dashboard', 'en'],
  ])('%s answers 404 with the site page in %s', async (path, lang) => {
    const { page } = await openPage(browser());
    const response = await page.goto(`${baseUrl}${path}`);
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('language switcher', () => {
  it('keeps the path, remembers the choice, and never redirects by itself', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}/dashboards/flights`);
    await page.getByRole('link', { name: /português/i }).click();
    await page.waitForURL(`${baseUrl}/pt-br/dashboards/flights`);
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'painel_locale')?.value).toBe('pt-BR');
    // The remembered choice does not move a reader who asks for the English page.
    const home = await page.goto(`${baseUrl}/`);
    expect(home?.url()).toBe(`${baseUrl}/`);
    expect(home?.request().redirectedFrom()).toBeNull();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.context().close();
  });
});

describe('docs search', () => {
  it.each([
    ['/docs/', 'queries', /Query API|Running the query API|query/i],
    ['/docs/pt-BR/', 'consultas', /consulta/i],
  ])('on %s finds "%s" offline, in the page language', async (path, term, expected) => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
    await page.getByRole('searchbox').focus();
    // The search UI loads on focus; typing goes to the real input once it is there.
    // Its script and index load then: give a busy machine time.
    await expect.poll(() => page.locator('input[role="combobox"]').count()).toBe(1);
    await page.keyboard.type(term, { delay: 30 });
    const options = page.locator('[role="option"]');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    expect((await options.allInnerTexts()).join('\n')).toMatch(expected);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
