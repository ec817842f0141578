import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import { demoMember, demoOwner, expectAccessible, logIn, realErrors } from '../support/app-page.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { pageScripts } from '../support/page-scripts.js';

/**
 * Sharing and embedding, as a host site and a reader see them. A page served by another
 * origin (a `node:http` server on its own port) frames a dashboard with a token signed by
 * `jsonwebtoken` (Painel verifies with `jose`): it renders, the frame follows the height it
 * says, and it takes a fresh token without losing the reader's filters. Framing from another
 * origin is refused; bad tokens get a translated page; public links are made in the share
 * dialog and stop once revoked. The file works on its own copy of a demo dashboard; numbers
 * are checked against the API's rendering of the same token or query.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const mailDir = inject('mailDir');
const root = path.resolve(import.meta.dirname, '../..');
const slug = `embed-e2e-${Date.now().toString(36)}`;
const title = 'Seattle weather and tech stocks (copy)';

interface Host {
  origin: string;
  /** Serves `html` on this origin; returns its address. */
  serve(html: string): string;
  /** A page that frames `src`, fits the frame to the heights Painel says and records them. */
  framing(src: string): string;
  close(): Promise<void>;
}

async function startHost(): Promise<Host> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serve = (html: string) => {
    const at = `/${randomUUID()}`;
    pages.set(at, html);
    return `${origin}${at}`;
  };
  return {
    origin,
    serve,
    framing: (src) =>
      serve(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A site that embeds a dashboard</title></head>
  <body>
    <h1>A site that embeds a dashboard</h1>
    <iframe id="painel" title="Dashboard" src="${src}" style="width: 100%; height: 200px; border: 0"></iframe>
    <script>
      const painel = ${JSON.stringify(new URL(src).origin)};
      const frame = document.getElementById('painel');
      window.heights = [];
      window.addEventListener('message', (event) => {
        if (event.origin !== painel || event.source !== frame.contentWindow) return;
        if (event.data && event.data.type === 'painel:height') {
          window.heights.push(event.data.height);
          frame.style.height = event.data.height + 'px';
        }
      });
      window.sendToken = (token) =>
        frame.contentWindow.postMessage({ type: 'painel:token', token }, painel);
    </script>
  </body>
</html>`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let browser: Browser;
let host: Host;
/** Another origin, which the workspace does not allow to frame its embeds. */
let stranger: Host;
let session: Record<string, string>;
/** The Demo workspace's embed secret; the embedding page's test rotates it. */
let secret: string;

beforeAll(async () => {
  [browser, host, stranger] = await Promise.all([launchBrowser(), startHost(), startHost()]);
  session = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
  const copy = await fetch(`${baseUrl}/api/workspaces/demo/dashboards/seattle-weather/duplicate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ slug }),
  });
  expect(copy.status).toBe(201);
  const made = await fetch(`${baseUrl}/api/workspaces/demo/embed-settings/secret`, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ graceSeconds: 0 }),
  });
  expect(made.status).toBe(201);
  secret = ((await made.json()) as { secret: string }).secret;
  await allowOrigins([host.origin]);
});

afterAll(async () => {
  await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  await allowOrigins([]);
  await Promise.all([browser?.close(), host?.close(), stranger?.close()]);
});

async function allowOrigins(origins: string[]) {
  const response = await fetch(`${baseUrl}/api/workspaces/demo/embed-settings/origins`, {
    method: 'PUT',
    headers: session,
    body: JSON.stringify({ origins }),
  });
  expect(response.status).toBe(200);
}

/** An embed token for this file's dashboard, signed by jsonwebtoken. */
function sign(
  claims: Record<string, unknown> = {},
  options: jwt.SignOptions = {},
  key: string = secret,
): string {
  return jwt.sign({ workspace: 'demo', resource: { dashboard: slug }, ...claims }, key, {
    algorithm: 'HS256',
    expiresIn: 600,
    ...options,
  });
}

interface ApiCard {
  id: string;
  chart?: { description: string; kpis?: { value: string }[] };
}

/** The API's rendering of an embed token (in the token's language) with a query string. */
async function embedCards(token: string, search = ''): Promise<ApiCard[]> {
  const response = await fetch(`${baseUrl}/api/embed/${token}${search}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { cards: ApiCard[] }).cards;
}

const kpis = (cards: ApiCard[]) =>
  cards.find((c) => c.id === 'summary')?.chart?.kpis?.map((k) => k.value);
const kpisOn = (frame: Page | Frame) => frame.locator('#card-summary .kpi-value').allInnerTexts();
const heights = (page: Page) =>
  page.evaluate(() => (window as unknown as { heights: number[] }).heights);
const frameHeight = (page: Page) =>
  page.locator('#painel').evaluate((f) => Math.round(f.getBoundingClientRect().height));

/** The host page's frame once its dashboard is live. */
async function embedded(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().length).toBeGreaterThan(1);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error('no frame');
  await frame.locator('[data-dashboard][data-live]').waitFor({ state: 'attached' });
  return frame;
}

describe('an embedded dashboard', () => {
  it('renders in a frame on an allowed origin, which takes the height it says', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(host.framing(`${baseUrl}/embed/${sign()}`));
    const frame = await embedded(page);
    // Charts, each with its description; no app chrome.
    expect(await frame.locator('figure[data-card] [data-chart] svg').count()).toBeGreaterThan(3);
    expect((await frame.locator('#card-temperature .description').innerText()).trim()).not.toBe('');
    // The one navigation is the table card's pages.
    expect(await frame.locator('header, footer, nav:not(.table-pages)').count()).toBe(0);
    expect(await frame.locator('h1').innerText()).toBe(title);
    // The frame is as tall as the dashboard: nothing to scroll inside it.
    await expect.poll(async () => (await heights(page)).length).toBeGreaterThan(0);
    const wide = (await heights(page)).at(-1) ?? 0;
    expect(wide).toBeGreaterThan(500);
    expect(await frameHeight(page)).toBe(wide);
    expect(
      await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight),
    ).toBeLessThanOrEqual(1);
    // A phone's width stacks the cards: the frame grows with them.
    await page.setViewportSize({ width: 375, height: 800 });
    await expect.poll(async () => (await heights(page)).at(-1)).toBeGreaterThan(wide);
    await expect.poll(() => frameHeight(page)).toBe((await heights(page)).at(-1));
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('may be framed by the allowed origins only, is not indexed, and is kept by shared caches a few seconds', async () => {
    const response = await fetch(`${baseUrl}/embed/${sign()}`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split(';')).toContain(`frame-ancestors 'self' ${host.origin}`);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    // Anonymous and the same for whoever opens it: nginx's micro-cache may keep it 10 s.
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=10');

    // Another origin: the browser refuses to show the page in its frame.
    const { page, errors } = await openPage(browser);
    await page.goto(stranger.framing(`${baseUrl}/embed/${sign()}`));
    await expect
      .poll(() => errors.join('\n'))
      .toMatch(new RegExp(`violates .*"frame-ancestors 'self' ${host.origin}"`));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('[data-dashboard]').count()).toBe(0);
    expect(await heights(page)).toEqual([]);
    await page.context().close();
  });

  it('speaks the token’s language in its theme', async () => {
    const { page, errors } = await openPage(browser);
    const token = sign({ locale: 'pt-BR', theme: 'dark' });
    await page.goto(host.framing(`${baseUrl}/embed/${token}`));
    const frame = await embedded(page);
    expect(await frame.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(await frame.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await frame.evaluate(() => getComputedStyle(document.body).colorScheme)).toBe('dark');
    const values = await kpisOn(frame);
    expect(values).toEqual(kpis(await embedCards(token)));
    // Brazilian numbers: a decimal comma (the mean high, 1 digit).
    expect(values.join(' ')).toMatch(/\d,\d\s?°C/);
    expect(await frame.getByRole('button', { name: 'Aplicar filtros' }).count()).toBe(1);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('takes a fresh token from the page around it and keeps the reader’s filters', async () => {
    const { page, errors } = await openPage(browser);
    const first = sign();
    await page.goto(host.framing(`${baseUrl}/embed/${first}`));
    const frame = await embedded(page);
    await frame.locator('#filter-weather').selectOption(['rain']);
    await expect.poll(() => new URL(frame.url()).searchParams.getAll('weather')).toEqual(['rain']);
    await expect.poll(() => kpisOn(frame)).toEqual(kpis(await embedCards(first, '?weather=rain')));
    // A reload would lose the window's state; the cards, drawn again, lose the mark.
    await frame.evaluate(() => {
      Object.assign(window, { stayed: true });
      document.querySelector('#card-summary')?.setAttribute('data-drawn-before', '');
    });

    // A later expiry makes another token.
    const fresh = sign({}, { expiresIn: 1200 });
    expect(fresh).not.toBe(first);
    await page.evaluate((token) => {
      (window as unknown as { sendToken(t: string): void }).sendToken(token);
    }, fresh);
    await expect.poll(() => new URL(frame.url()).pathname).toBe(`/embed/${fresh}`);
    await expect.poll(() => frame.locator('[data-drawn-before]').count()).toBe(0);
    expect(new URL(frame.url()).searchParams.getAll('weather')).toEqual(['rain']);
    expect(await frame.locator('#filter-weather option:checked').allInnerTexts()).toEqual(['rain']);
    expect(await frame.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);

    // It keeps working on the fresh token.
    await frame.locator('#filter-weather').selectOption(['snow']);
    await expect.poll(() => new URL(frame.url()).searchParams.getAll('weather')).toEqual(['snow']);
    expect(new URL(frame.url()).pathname).toBe(`/embed/${fresh}`);
    await expect.poll(() => kpisOn(frame)).toEqual(kpis(await embedCards(fresh, '?weather=snow')));
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('keeps its locked filters whatever its address says, and shows one card alone', async () => {
    const { page } = await openPage(browser, { javaScript: false });
    const locked = sign({ params: { weather: 'rain' } });
    await page.goto(`${baseUrl}/embed/${locked}?weather=sun`);
    expect(await page.locator('#filter-weather').count()).toBe(0);
    const values = await kpisOn(page);
    expect(values).toEqual(kpis(await embedCards(locked)));
    expect(values).toEqual(kpis(await embedCards(sign(), '?weather=rain')));
    expect(values).not.toEqual(kpis(await embedCards(sign(), '?weather=sun')));

    await page.goto(`${baseUrl}/embed/${sign({ resource: { dashboard: slug, card: 'summary' } })}`);
    const ids = await page
      .locator('[data-card]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-card')));
    expect(ids).toEqual(['summary']);
    await page.context().close();
  });

  it('says why an expired, tampered or unsigned token does not open, in its language', async () => {
    const { page } = await openPage(browser);
    const expired = sign({}, { expiresIn: -120 });
    const [header, , signature] = sign().split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ workspace: 'demo', resource: { dashboard: 'flights' }, exp: 4102444800 }),
    ).toString('base64url');
    const cases = [
      {
        token: expired,
        status: 410,
        heading: 'This link has expired',
        text: /reload the page that shows it/,
      },
      {
        token: `${header}.${otherPayload}.${signature}`,
        status: 401,
        heading: 'This embed link is not valid',
      },
      {
        token: jwt.sign({ workspace: 'demo', resource: { dashboard: slug } }, '', {
          algorithm: 'none',
        }),
        status: 401,
        heading: 'This embed link is not valid',
      },
      {
        token: sign({}, {}, 'not the workspace secret'),
        status: 401,
        heading: 'This embed link is not valid',
      },
      { token: 'not-a-token', status: 401, heading: 'This embed link is not valid' },
      {
        token: sign({ resource: { dashboard: 'no-such-dashboard' } }),
        status: 404,
        heading: 'This dashboard is not available',
      },
      {
        token: sign({ locale: 'pt-BR' }, { expiresIn: -120 }),
        status: 410,
        heading: 'Este link expirou',
        text: /recarregue a página que o mostra/,
      },
    ];
    for (const c of cases) {
      const response = await page.goto(`${baseUrl}/embed/${c.token}`);
      expect(response?.status(), c.heading).toBe(c.status);
      expect(response?.headers()['x-robots-tag']).toBe('noindex');
      expect(await page.locator('h1').innerText()).toBe(c.heading);
      if (c.text) expect(await page.locator('main').innerText()).toMatch(c.text);
      expect(await page.locator('[data-dashboard]').count()).toBe(0);
    }
    await expectAccessible(page);

    // In a frame, the reader of the host page sees the message.
    await page.goto(host.framing(`${baseUrl}/embed/${expired}`));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(() => frame?.locator('h1').innerText()).toBe('This link has expired');
    await page.context().close();
  });

  it('is accessible in both colour schemes, and ships at most 30 KB of gzipped JavaScript', async () => {
    const { page, errors } = await openPage(browser);
    const { gzippedBytes } = await pageScripts(page, `${baseUrl}/embed/${sign()}`);
    expect(gzippedBytes).toBeLessThanOrEqual(30 * 1024);
    await page.locator('[data-dashboard][data-live]').waitFor({ state: 'attached' });
    await expectAccessible(page);
    await page.goto(`${baseUrl}/embed/${sign({ locale: 'pt-BR', theme: 'dark' })}`);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

describe('the share dialog', () => {
  const dashboardPath = `/w/demo/dashboards/${slug}`;

  async function openDialog(page: Page) {
    const share = page.getByRole('button', { name: 'Share' });
    await share.waitFor({ state: 'visible' });
    await share.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Share ${title}` });
    await dialog.waitFor();
    return dialog;
  }

  it('makes a public link that opens logged out, with its filters locked, until revoked', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, `${dashboardPath}?weather=fog`);
    const dialog = await openDialog(page);
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await expectAccessible(page);
    await dialog.getByRole('checkbox', { name: 'Weather: fog' }).first().check();
    await dialog.getByRole('button', { name: 'Create public link' }).click();
    await expect
      .poll(() => dialog.locator('[data-share-status]').innerText())
      .toBe('Public link created: copy it from the list.');
    const row = dialog.locator('#share-links tbody tr').first();
    expect(await row.innerText()).toContain('weather: fog');
    const url = await row.locator('code').innerText();
    expect(url).toMatch(new RegExp(`^${baseUrl}/public/[\\w-]{32,}$`));
    // Esc closes it; the focus goes back to the button.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Share');

    // Anyone with the link, logged out; the query string cannot unlock the weather.
    const anon = await openPage(browser);
    const opened = await anon.page.goto(`${url}?weather=sun`);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['x-robots-tag']).toBe('noindex');
    expect(opened?.headers()['cache-control']).toBe('public, max-age=0, s-maxage=10');
    expect(await anon.page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    expect(await anon.page.locator('h1').innerText()).toBe(title);
    expect(await anon.page.locator('#filter-weather').count()).toBe(0);
    expect(await kpisOn(anon.page)).toEqual(kpis(await embedCards(sign(), '?weather=fog')));
    await expectAccessible(anon.page);
    const token = new URL(url).pathname.split('/').at(-1);
    await anon.page.goto(`${baseUrl}/pt-br/public/${token}`);
    expect(await anon.page.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(await anon.page.locator('h1').innerText()).toBe(
      'Clima de Seattle e ações de tecnologia (cópia)',
    );
    await expectAccessible(anon.page);

    // Revoked from the workspace's list, it stops at once.
    await page.goto(`${baseUrl}/w/demo/public-links`);
    expect(
      await page.getByRole('link', { name: 'Public links' }).getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page);
    const listed = page.locator('#public-links tbody tr', { hasText: url });
    page.once('dialog', (d) => void d.accept());
    await listed.getByRole('button', { name: /^Revoke the link to / }).click();
    await expect.poll(() => listed.innerText()).toMatch(/Revoked/);
    await expect
      .poll(() => page.locator('[data-app-status]').innerText())
      .toBe('The link was revoked.');
    const gone = await anon.page.goto(url);
    expect(gone?.status()).toBe(410);
    expect(await anon.page.locator('h1').innerText()).toBe('This public link was revoked');
    await expectAccessible(anon.page);
    await page.goto(`${baseUrl}/pt-br/w/demo/public-links`);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await Promise.all([page.context().close(), anon.page.context().close()]);
  });

  it('restricts the dashboard to chosen members', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, dashboardPath);
    const dialog = await openDialog(page);
    await dialog.getByLabel('Only the members chosen below can open it').check();
    await dialog.getByRole('button', { name: 'Save access' }).click();
    await expect
      .poll(() => dialog.locator('[data-share-status]').innerText())
      .toBe('Access saved.');
    const sharing = await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}/sharing`, {
      headers: session,
    });
    expect(((await sharing.json()) as { restricted: boolean }).restricted).toBe(true);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();

    // An editor it is shared with to view reads it, with no "Edit", and the editor says why.
    const editor = await demoMember(
      baseUrl,
      mailDir,
      `eddie-${randomUUID()}@example.org`,
      'editor',
    );
    const members = (await (
      await fetch(`${baseUrl}/api/workspaces/demo/members`, { headers: session })
    ).json()) as { members: { userId: string; email: string }[] };
    const eddie = members.members.find((m) => m.email === editor.email);
    const grant = (permission: 'view' | 'edit') =>
      fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}/sharing`, {
        method: 'PUT',
        headers: session,
        body: JSON.stringify({ restricted: true, grants: [{ userId: eddie?.userId, permission }] }),
      });
    expect((await grant('view')).status).toBe(200);
    const their = await openPage(browser);
    await logIn(their.page, baseUrl, dashboardPath, editor);
    expect(await their.page.locator('[data-dashboard]').count()).toBe(1);
    const edit = their.page.getByRole('link', { name: 'Edit dashboard', exact: true });
    expect(await edit.count()).toBe(0);
    const refused = await their.page.goto(`${baseUrl}${dashboardPath}/edit`);
    expect(refused?.status()).toBe(403);
    expect(await their.page.locator('main').innerText()).toContain('is shared with you to view');
    expect((await grant('edit')).status).toBe(200);
    await their.page.goto(`${baseUrl}${dashboardPath}`);
    expect(await edit.count()).toBe(1);
    expect(realErrors(their.errors)).toEqual([]);
    await their.page.context().close();
  });

  it('gives embed code that works as it is, but for the secret', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, `${baseUrl}`, `/pt-br${dashboardPath}?weather=sun`, demoOwner, '/pt-br');
    const share = page.getByRole('button', { name: 'Compartilhar' });
    await share.waitFor({ state: 'visible' });
    await share.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mostrar').selectOption({ label: 'O período em Seattle' });
    await dialog.getByLabel('Tema').selectOption('dark');
    const embedSection = dialog.getByRole('region', { name: 'Incorporar' });
    expect(await embedSection.getByRole('checkbox', { name: 'Tempo: sun' }).isChecked()).toBe(true);
    await expectAccessible(page);
    const code = (label: string) => dialog.getByLabel(label, { exact: true }).inputValue();
    const shell = await code('Assinar no shell (openssl)');
    expect(shell).not.toContain(secret);
    const env = { ...process.env, PAINEL_EMBED_SECRET: secret };
    const signed = execFileSync('sh', ['-c', shell], { env, encoding: 'utf8' }).trim();
    expect(signed).toMatch(new RegExp(`^${baseUrl}/embed/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    const claims = jwt.verify(signed.split('/').at(-1) ?? '', secret) as jwt.JwtPayload;
    expect(claims).toMatchObject({
      workspace: 'demo',
      resource: { dashboard: slug, card: 'summary' },
      params: { weather: 'sun' },
      locale: 'pt-BR',
      theme: 'dark',
    });
    const node = await code('Assinar em Node.js (jsonwebtoken)');
    const byNode = execFileSync('node', ['--input-type=module', '-e', node], {
      env,
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const { iat: _iat, exp: _exp, ...same } = claims;
    expect(jwt.verify(byNode.split('/').at(-1) ?? '', secret)).toMatchObject(same);

    // The HTML, on the host's page with the signed address: the frame fits the card.
    const html = await code('HTML para a sua página');
    const hostPage = await openPage(browser);
    await hostPage.page.goto(host.serve(html.replace(`${baseUrl}/embed/TOKEN`, signed)));
    const frame = await embedded(hostPage.page);
    expect(await frame.locator('[data-card]').count()).toBe(1);
    expect(await frame.locator('html').getAttribute('data-theme')).toBe('dark');
    const box = hostPage.page.locator('iframe');
    await expect
      .poll(
        async () =>
          Math.round((await box.boundingBox())?.height ?? 0) -
          (await frame.evaluate(() =>
            Math.ceil(document.documentElement.getBoundingClientRect().height),
          )),
      )
      .toBe(0);
    expect(realErrors(errors)).toEqual([]);
    await Promise.all([page.context().close(), hostPage.page.context().close()]);
  });
});

describe('the embedding page', () => {
  it('makes a new secret, shown once, and edits the allowed origins', async () => {
    const { page, errors } = await openPage(browser);
    await logIn(page, baseUrl, '/w/demo/embedding');
    expect(await page.getByRole('link', { name: 'Embedding' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await expectAccessible(page);

    const origins = page.getByLabel('Origins that may frame dashboards, one a line');
    expect((await origins.inputValue()).split('\n')).toEqual([host.origin]);
    await origins.fill(`${host.origin}\nftp://files.example.com`);
    await page.getByRole('button', { name: 'Save origins' }).click();
    await expect
      .poll(() => page.locator('form[data-origins-form] [data-form-error]').innerText())
      .toMatch(/Line 2:/);
    await origins.fill(`${host.origin}/\n\n${stranger.origin.toUpperCase()}`);
    await page.getByRole('button', { name: 'Save origins' }).click();
    await expect
      .poll(() => page.locator('[data-app-status]').innerText())
      .toBe('Allowed origins saved.');
    expect((await origins.inputValue()).split('\n')).toEqual([host.origin, stranger.origin]);
    await allowOrigins([host.origin]);

    // Rotated with no grace: tokens signed before stop at once.
    const before = sign();
    await page.getByLabel('Keep the current secret working for').selectOption('0');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = page.getByLabel('New embed secret');
    await expect.poll(() => shown.inputValue()).toMatch(/^[\w-]{32,}$/);
    secret = await shown.inputValue();
    expect((await fetch(`${baseUrl}/embed/${sign()}`)).status).toBe(200);
    const refused = await page.goto(`${baseUrl}/embed/${before}`);
    expect(refused?.status()).toBe(401);
    expect(await page.locator('h1').innerText()).toBe('This embed link is not valid');
    // Shown once: the page never shows it again.
    await page.goto(`${baseUrl}/w/demo/embedding`);
    expect(await page.content()).not.toContain(secret);
    await page.goto(`${baseUrl}/pt-br/w/demo/embedding`);
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
