import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';

/**
 * Anonymous pages as they were sent (public dashboards, public links, embeds), so a crowd of
 * readers costs one render. Every entry carries the content generation it was rendered under;
 * anything that could change a shared page (a save, a restore, a sharing change, a revoked link,
 * a rotated secret, refreshed results) bumps the generation, and older entries stop answering at
 * once. Entries also expire: never later than the results they were drawn from.
 */
export interface StoredPage {
  /** The headers it went out with (its policy, caching and type), none per request. */
  headers: Record<string, string>;
  /** Weak: nginx's gzip turns strong ETags weak, and the bytes sent may be re-encoded. */
  etag: string;
  gzip: Buffer;
  generation: number;
}

/** A page as the render sent it, with the ETag it went out with. */
export interface RenderedPage {
  headers: Record<string, string>;
  body: Buffer;
  etag: string;
}

/** One lookup: the page under the key when there is one, and the generation now. */
export interface PageRead {
  page: StoredPage | undefined;
  generation: number;
}

/** Where pages live: this process's memory, or Redis shared by every replica. */
export interface PageStore {
  /** Undefined when the store cannot say (Redis down): pages are then neither served nor kept. */
  read(key: string): Promise<PageRead | undefined>;
  write(key: string, page: StoredPage, ttlMs: number): Promise<void>;
  invalidate(): Promise<void>;
  /** Bytes held in this process (0 when the pages live elsewhere). */
  bytes(): number;
}

export interface PageCache {
  /** Undefined: serve this request without the cache. */
  lookup(key: string): Promise<PageRead | undefined>;
  /** Keeps a rendered page under the generation its lookup saw, for at most `freshForMs`. */
  store(
    key: string,
    page: RenderedPage,
    generation: number,
    freshForMs: number,
  ): Promise<StoredPage>;
  /** Every page kept so far is stale. */
  invalidate(): Promise<void>;
  bytes(): number;
}

export const defaultPageTtlMs = 60_000;
export const defaultPageCacheBytes = 64 * 1024 * 1024;

/** The validator of a page: a hash of what it says, the same for the same bytes. */
export function pageEtag(body: Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match against an ETag, compared weakly (RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

const gzipped = promisify(gzip);

export function createPageCache(options: { store: PageStore; ttlMs?: number }): PageCache {
  const ttlMs = options.ttlMs ?? defaultPageTtlMs;
  return {
    lookup: (key) => options.store.read(key),
    async store(key, page, generation, freshForMs) {
      const stored: StoredPage = {
        headers: page.headers,
        etag: page.etag,
        // Off the event loop: a 250 KB page takes milliseconds to compress.
        gzip: await gzipped(page.body),
        generation,
      };
      const keepMs = Math.min(ttlMs, freshForMs);
      if (keepMs >= 1) await options.store.write(key, stored, keepMs);
      return stored;
    },
    invalidate: () => options.store.invalidate(),
    bytes: () => options.store.bytes(),
  };
}

/** The embedded default: an LRU bounded by the bytes it holds. */
export function memoryPageStore(
  options: { maxBytes?: number; now?: () => number } = {},
): PageStore {
  let generation = 0;
  const pages = new LRUCache<string, StoredPage>({
    maxSize: options.maxBytes ?? defaultPageCacheBytes,
    sizeCalculation: pageBytes,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
  return {
    async read(key) {
      const page = pages.get(key);
      return { page: page?.generation === generation ? page : undefined, generation };
    },
    async write(key, page, ttlMs) {
      // One generation at a time: a page rendered before the last change is never kept.
      if (page.generation === generation) pages.set(key, page, { ttl: ttlMs });
    },
    async invalidate() {
      generation += 1;
      pages.clear();
    },
    bytes: () => pages.calculatedSize,
  };
}

/** A page's weight in memory: its gzipped body and its headers. */
function pageBytes(page: StoredPage): number {
  let bytes = page.gzip.length + page.etag.length + 64;
  for (const [name, value] of Object.entries(page.headers)) bytes += name.length + value.length;
  return bytes;
}

/** The commands a Redis page store needs (node-redis's client has them). */
export interface RedisPageCommands {
  mGet(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  incr(key: string): Promise<number>;
}

/**
 * Redis, shared by every replica: the generation is one counter there, read with the page in
 * one round trip. While Redis is down nothing is served or kept (a change made meanwhile could
 * not be told to the others), and the owner bumps the generation when it is back (services.ts).
 */
export function redisPageStore(
  client: RedisPageCommands,
  available: () => boolean,
  prefix = 'painel:page:',
): PageStore {
  const generationKey = `${prefix}generation`;
  return {
    async read(key) {
      if (!available()) return undefined;
      const [raw, generation] = await client.mGet([prefix + key, generationKey]);
      const current = Number(generation ?? 0);
      if (!raw) return { page: undefined, generation: current };
      const { gzip, ...rest } = JSON.parse(raw) as Omit<StoredPage, 'gzip'> & { gzip: string };
      const page = { ...rest, gzip: Buffer.from(gzip, 'base64') };
      return { page: page.generation === current ? page : undefined, generation: current };
    },
    async write(key, page, ttlMs) {
      if (!available()) return;
      const value = JSON.stringify({ ...page, gzip: page.gzip.toString('base64') });
      await client.set(prefix + key, value, { PX: Math.max(1, Math.round(ttlMs)) });
    },
    async invalidate() {
      await client.incr(generationKey);
    },
    bytes: () => 0,
  };
}
