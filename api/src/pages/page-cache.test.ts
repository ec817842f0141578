import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RenderedCard, RenderedDashboard } from '../dashboards/spec.js';
import { memoryAndRedisStores } from '../testing/redis.fixture.js';
import { pageFreshForMs } from './freshness.js';
import {
  createPageCache,
  etagMatches,
  memoryPageStore,
  type PageStore,
  pageEtag,
  redisPageStore,
} from './page-cache.js';

const rendered = (headers: Record<string, string>, body: Buffer) => ({
  headers,
  body,
  etag: pageEtag(body),
});
const page = (text: string) =>
  rendered(
    { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, s-maxage=10' },
    Buffer.from(`<!doctype html><title>${text}</title>`),
  );

const stores = memoryAndRedisStores<PageStore>({
  memory: () => memoryPageStore(),
  redis: (client, prefix) => redisPageStore(client, () => true, prefix),
});

describe.each(stores)('the page cache in $name', ({ skip, make }) => {
  it.skipIf(skip)('keeps a page, gzipped, until a change makes every page stale', async () => {
    const cache = createPageCache({ store: make(), ttlMs: 60_000 });
    const first = await cache.lookup('a');
    expect(first).toEqual({ page: undefined, generation: expect.any(Number) });
    const kept = await cache.store('a', page('A'), first?.generation ?? -1, 60_000);
    const hit = await cache.lookup('a');
    expect(hit?.page?.etag).toBe(kept.etag);
    expect(hit?.page?.headers).toEqual(page('A').headers);
    expect(gunzipSync(hit?.page?.gzip ?? Buffer.alloc(0)).toString()).toBe(
      '<!doctype html><title>A</title>',
    );
    await cache.invalidate();
    const after = await cache.lookup('a');
    expect(after?.page).toBeUndefined();
    expect(after?.generation).toBeGreaterThan(first?.generation ?? 0);
  });

  it.skipIf(skip)('never answers with a page rendered before the last change', async () => {
    const cache = createPageCache({ store: make() });
    const { generation } = (await cache.lookup('b')) ?? { generation: -1 };
    // A save lands while the page renders: it was looked up under the old generation.
    await cache.invalidate();
    await cache.store('b', page('old'), generation, 60_000);
    expect((await cache.lookup('b'))?.page).toBeUndefined();
  });

  it.skipIf(skip)('keeps a page no longer than the shortest-lived of its parts', async () => {
    const cache = createPageCache({ store: make(), ttlMs: 60_000 });
    const { generation } = (await cache.lookup('c')) ?? { generation: -1 };
    await cache.store('c', page('C'), generation, 30);
    expect((await cache.lookup('c'))?.page).toBeDefined();
    await expect
      .poll(async () => (await cache.lookup('c'))?.page, { interval: 20 })
      .toBeUndefined();
    // Nothing left to keep: a page whose results are already gone is not stored at all.
    await cache.store('c', page('C'), generation, 0);
    expect((await cache.lookup('c'))?.page).toBeUndefined();
  });
});

describe('the memory page store', () => {
  it('stays within its bound in bytes, dropping the least recently read', async () => {
    const maxBytes = 64 * 1024;
    const store = memoryPageStore({ maxBytes });
    const cache = createPageCache({ store });
    // Random bytes do not compress: each page weighs about 8 KB gzipped.
    const big = (i: number) =>
      rendered(
        { 'content-type': 'text/html' },
        Buffer.concat([Buffer.from(String(i)), randomBytes(8 * 1024)]),
      );
    await cache.store('keep', big(0), 0, 60_000);
    for (let i = 1; i <= 40; i++) {
      await cache.store(`p${i}`, big(i), 0, 60_000);
      // Read often: the least recently read go first.
      expect((await cache.lookup('keep'))?.page).toBeDefined();
      expect(store.bytes()).toBeLessThanOrEqual(maxBytes);
    }
    expect(store.bytes()).toBeGreaterThan(maxBytes / 2);
    expect((await cache.lookup('p1'))?.page).toBeUndefined();
    expect((await cache.lookup('p40'))?.page).toBeDefined();
  });
});

describe('the redis page store while Redis is down', () => {
  it('neither serves nor keeps a page', async () => {
    const calls: string[] = [];
    const store = redisPageStore(
      {
        mGet: async () => {
          calls.push('mGet');
          return [null, null];
        },
        set: async () => calls.push('set'),
        incr: async () => 1,
      },
      () => false,
    );
    expect(await store.read('x')).toBeUndefined();
    await store.write(
      'x',
      { headers: {}, etag: 'W/"x"', gzip: Buffer.alloc(0), generation: 0 },
      1_000,
    );
    expect(calls).toEqual([]);
  });
});

describe('ETags', () => {
  const etag = pageEtag(Buffer.from('<p>page</p>'));

  it('are weak, and the same for the same bytes only', () => {
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(pageEtag(Buffer.from('<p>page</p>'))).toBe(etag);
    expect(pageEtag(Buffer.from('<p>page!</p>'))).not.toBe(etag);
  });

  it.each([
    [undefined, false],
    ['', false],
    [etag, true],
    // nginx's gzip makes a strong tag weak; a client may send either form back.
    [etag.replace(/^W\//, ''), true],
    [`W/"other", ${etag}`, true],
    ['*', true],
    ['W/"other"', false],
  ])('If-None-Match %j matches: %s', (header, matches) => {
    expect(etagMatches(header, etag)).toBe(matches);
  });
});

describe('how long a shared page stays true', () => {
  const card = (extra: Partial<RenderedCard>): RenderedCard => ({
    id: 'c',
    kind: 'chart',
    title: 'C',
    layout: { x: 0, y: 0, w: 6, h: 4 },
    ...extra,
  });
  const dashboard = (cards: RenderedCard[]): RenderedDashboard => ({
    slug: 'd',
    title: 'D',
    description: '',
    filters: [],
    cards,
  });

  const now = 1_000_000;
  it.each([
    [
      'every card drawn: the life left to its results',
      [card({}), card({})],
      30_000,
      undefined,
      30_000,
    ],
    [
      'nothing but text, no end of its own: unbounded (the cache caps it)',
      [{ ...card({}), kind: 'text' as const }],
      Infinity,
      undefined,
      Infinity,
    ],
    ['an embed whose token ends before its results', [card({})], 30_000, now + 5_000, 5_000],
    ['an embed whose results end before its token', [card({})], 2_000, now + 5_000, 2_000],
    [
      'a text-only embed: its token',
      [{ ...card({}), kind: 'text' as const }],
      Infinity,
      now + 5_000,
      5_000,
    ],
    [
      'a pending card: not worth keeping',
      [card({}), card({ pending: true })],
      30_000,
      undefined,
      0,
    ],
    [
      'a failed card: not worth keeping',
      [card({ error: { title: 't', detail: 'd' } })],
      30_000,
      undefined,
      0,
    ],
    ['a token already expired', [card({})], 30_000, now - 500, 0],
  ])('%s', (_name, cards, resultsMs, expiresAt, fresh) => {
    expect(pageFreshForMs(dashboard(cards), { resultsMs, expiresAt, now })).toBe(fresh);
  });
});
