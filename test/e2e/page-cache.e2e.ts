import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApiKey } from '../../api/src/testing/api-key.js';
import { apiSession } from '../support/api-session.js';
import { type PainelProcess, startPainel } from '../support/painel-process.js';

/**
 * The page cache of anonymous shared pages, over HTTP against a server of its own (~30 s to
 * start; every write in the suite's shared server would make its pages stale at any moment):
 * which answers are kept apart, what makes a kept page stale, and ETags. Whether an answer came
 * from the cache is read from `X-Painel-Page-Cache`.
 */

let painel: PainelProcess;
let base = '';
let session: Record<string, string> = {};
let secret = '';
const slug = 'cached-weather';
const owner = { email: 'owner@example.org', password: 'correct horse battery staple' };

interface Answer {
  status: number;
  cache: string | null;
  etag: string | null;
  body: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { headers });
  return {
    status: response.status,
    cache: response.headers.get('x-painel-page-cache'),
    etag: response.headers.get('etag'),
    body: await response.text(),
  };
}

/** Asks until the page comes from the cache: the first answers may have cards still pending. */
async function kept(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  let last: Answer | undefined;
  const cache = async () => {
    last = await get(path, headers);
    return last.cache;
  };
  await expect.poll(cache, { timeout: 60_000 }).toBe('hit');
  return last as Answer;
}

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/api/workspaces/demo${path}`, {
    method,
    headers: session,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.json() as Promise<Record<string, unknown>>;
}

/** Saves the dashboard's spec changed by `change`, as a new version. */
async function save(change: (spec: Record<string, unknown>) => Record<string, unknown>) {
  const { spec, version } = (await api('GET', `/dashboards/${slug}/spec`)) as {
    spec: Record<string, unknown>;
    version: number;
  };
  return api('PUT', `/dashboards/${slug}/spec`, { spec: change(spec), version });
}

const titled = (en: string) => (spec: Record<string, unknown>) => ({
  ...spec,
  title: { en, 'pt-BR': en },
});

function embed(claims: Record<string, unknown> = {}): string {
  const token = jwt.sign({ workspace: 'demo', resource: { dashboard: slug }, ...claims }, secret, {
    algorithm: 'HS256',
    expiresIn: 600,
  });
  return `/embed/${token}`;
}

beforeAll(async () => {
  painel = await startPainel({ env: { SIGNUP: 'open' } });
  base = painel.url;
  // The first account owns the Demo workspace.
  await demoApiKey(base);
  session = await apiSession(base, owner.email, owner.password);
  await api('POST', '/dashboards/seattle-weather/duplicate', { slug });
  await save((spec) => ({ ...spec, ...titled('Cached weather')(spec), public: true }));
  secret = (await api('POST', '/embed-settings/secret', { graceSeconds: 0 })).secret as string;
}, 300_000);

afterAll(() => painel?.stop());

describe('the page cache', () => {
  it.each([
    {
      name: 'the page’s language',
      paths: (): [string, string] => [`/dashboards/${slug}`, `/pt-br/dashboards/${slug}`],
      differs: [/<html[^>]* lang="en"/, /<html[^>]* lang="pt-BR"/],
    },
    {
      name: 'filter values',
      paths: (): [string, string] => [
        `/dashboards/${slug}?weather=sun`,
        `/dashboards/${slug}?weather=rain`,
      ],
      differs: [/<option[^>]*value="sun"[^>]*selected/, /<option[^>]*value="rain"[^>]*selected/],
    },
    {
      name: 'an embed’s locked values',
      paths: (): [string, string] => [
        embed({ params: { weather: ['sun'] } }),
        embed({ params: { weather: ['rain'] } }),
      ],
      differs: [/\bsun\b/, /\brain\b/],
    },
    {
      name: 'an embed’s theme',
      paths: (): [string, string] => [embed({ theme: 'light' }), embed({ theme: 'dark' })],
      differs: [/data-theme="light"/, /data-theme="dark"/],
    },
    {
      name: 'the cards’ language, from Accept-Language',
      paths: (): [string, string] => [`/dashboards/${slug}/cards`, `/dashboards/${slug}/cards`],
      headers: [{ 'Accept-Language': 'en' }, { 'Accept-Language': 'pt-BR' }],
      differs: [/Weather/, /Tempo/],
    },
  ])('keeps apart pages that differ by $name', async ({ paths, headers, differs }) => {
    // Made when the test runs: the embeds' secret exists only then.
    const [first, second] = paths();
    const [firstHeaders = {}, secondHeaders = {}] = headers ?? [];
    const one = await kept(first, firstHeaders);
    expect(one.status).toBe(200);
    const other = await get(second, secondHeaders);
    expect(other).toMatchObject({ status: 200, cache: 'miss' });
    const [mark, otherMark] = differs as [RegExp, RegExp];
    expect(one.body).toMatch(mark);
    expect(one.body).not.toMatch(otherMark);
    expect(other.body).toMatch(otherMark);
    expect(other.body).not.toMatch(mark);
  });

  it('answers 304 exactly while the page is unchanged, and a new page after a save', async () => {
    const path = `/dashboards/${slug}?weather=fog`;
    const first = await kept(path);
    expect(first.etag).toMatch(/^W\/"/);
    const unchanged = await get(path, { 'If-None-Match': first.etag ?? '' });
    expect(unchanged).toMatchObject({ status: 304, cache: 'hit', etag: first.etag, body: '' });
    // nginx's gzip turns strong ETags weak: compared weakly, either form matches.
    const strong = (first.etag ?? '').replace(/^W\//, '');
    expect((await get(path, { 'If-None-Match': strong })).status).toBe(304);
    expect((await get(path, { 'If-None-Match': 'W/"another"' })).status).toBe(200);

    await save(titled('Cached weather, saved'));
    const saved = await get(path, { 'If-None-Match': first.etag ?? '' });
    expect(saved).toMatchObject({ status: 200, cache: 'miss' });
    expect(saved.etag).not.toBe(first.etag);
    expect(saved.body).toContain('Cached weather, saved');
  });

  it('serves a restored version at once', async () => {
    const path = `/dashboards/${slug}`;
    await save(titled('Before the restore'));
    const { versions } = (await api('GET', `/dashboards/${slug}/versions`)) as {
      versions: { version: number }[];
    };
    expect((await kept(path)).body).toContain('Before the restore');
    // The version before it: public, titled as the previous test saved it.
    const [, previous] = versions.map((v) => v.version).sort((a, b) => b - a);
    await api('POST', `/dashboards/${slug}/versions/${previous}/restore`);
    const restored = await get(path);
    expect(restored).toMatchObject({ status: 200, cache: 'miss' });
    expect(restored.body).not.toContain('Before the restore');
    expect(restored.body).toContain('Cached weather, saved');
  });

  it('stops serving a revoked public link on the next request', async () => {
    const link = await api('POST', `/dashboards/${slug}/public-links`, {});
    const path = link.path as string;
    expect((await kept(path)).status).toBe(200);
    await api('DELETE', `/public-links/${link.id as string}`);
    const revoked = await get(path);
    expect(revoked.status).toBe(410);
    expect(revoked.cache).toBe('miss');
  });

  it('stops serving an embed signed with a rotated secret on the next request', async () => {
    const path = embed();
    expect((await kept(path)).status).toBe(200);
    secret = (await api('POST', '/embed-settings/secret', { graceSeconds: 0 })).secret as string;
    const rotated = await get(path);
    expect(rotated.status).toBe(401);
    expect(rotated.cache).toBe('miss');
    expect((await kept(embed())).status).toBe(200);
  });

  it('renders again when a result is refreshed, but not for a query of its own', async () => {
    const path = `/dashboards/${slug}?weather=snow`;
    const run = (sql: string) =>
      fetch(`${base}/api/workspaces/demo/queries`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({ source: 'demo', sql }),
      }).then((r) => r.status);
    const sql = `SELECT ${Date.now()} AS now`;
    expect(await run(sql)).toBe(200);
    await kept(path);
    // A query run for the first time replaces no cached result: the pages stay.
    expect(await run(`SELECT ${Date.now()} + 1 AS later`)).toBe(200);
    expect((await get(path)).cache).toBe('hit');
    // Run again, it replaces its cached result: a page might show it, so none is kept.
    expect(await run(sql)).toBe(200);
    expect((await get(path)).cache).toBe('miss');
  });

  it('answers HEAD from a kept page, and never keeps a HEAD’s empty answer', async () => {
    const path = `/dashboards/${slug}?weather=sun&head=1`;
    const head = await fetch(`${base}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const page = await kept(path);
    expect(page.body).toContain('</html>');
    const headHit = await fetch(`${base}${path}`, { method: 'HEAD' });
    expect(headHit.headers.get('x-painel-page-cache')).toBe('hit');
    expect(await headHit.text()).toBe('');
  });

  it('never answers a signed-in reader from the cache', async () => {
    const path = `/dashboards/${slug}`;
    await kept(path);
    const signedIn = await get(path, { Cookie: session.Cookie ?? '' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.cache).toBeNull();
  });
});
