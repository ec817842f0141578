import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { negotiateLocale } from '@painel/i18n';
import type { Request, RequestHandler, Response } from 'express';
import { presentsCredentials } from '../auth/cookies.js';
import type { Logger } from '../logger.js';
import {
  etagMatches,
  type PageCache,
  pageEtag,
  type RenderedPage,
  type StoredPage,
} from '../pages/page-cache.js';
import { holdResponse } from './held-response.js';

/**
 * The pages an anonymous reader may get from the page cache: public dashboards (and their cards
 * alone, the docs' live examples), public links and embeds. Which answers are kept is the site's
 * call (site/src/lib/page-cache.ts: a shared `Cache-Control` on an anonymous 200 without a
 * cookie) and the render's (`res.locals.pageFreshForMs`: every card drawn, for how long).
 */
const sharedPage =
  /^(?:\/pt-br)?\/(?:dashboards\/[^/]+(?:\/cards)?|public\/[^/]+|embed\/[^/]+)\/?$/;
// The cards alone speak the caller's language (Accept-Language), not their address's.
const cardsAlone = /\/cards\/?$/;

/** Per-request headers, or ones the answer sets itself: never kept with a page. */
const unkept = new Set([
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'etag',
  'x-request-id',
  'x-painel-page-cache',
]);

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by the render of a shared page when every card was drawn: how long it stays true. */
    pageFreshForMs?: number;
  }
}

/** What the page says depends on: its address with the query's values in order, and language. */
export function pageKey(req: Request): string {
  const [path = '', search = ''] = req.originalUrl.split('?', 2);
  const query = new URLSearchParams(search);
  query.sort();
  const language = cardsAlone.test(path) ? negotiateLocale(req.get('accept-language')) : '';
  return `${path.replace(/\/$/, '')}?${query.toString()}|${language}`;
}

declare module 'express-serve-static-core' {
  interface Locals {
    /**
     * A shared page the cache did not have: where its render is kept, and `settled`, called once
     * the render is kept or will not be, for the readers waiting for it.
     */
    pageCacheMiss?: { key: string; generation: number; settled(): void };
  }
}

/**
 * The page cache in two places of the app. `serve` goes first, before the security headers,
 * compression, the API and the static files: a hit is answered as it was first sent (policy
 * headers included, gzipped when the reader takes gzip) with `X-Painel-Page-Cache: hit`, or a
 * `304` to a reader whose If-None-Match names the page as it is now, and none of that work is
 * done again. `keep` goes after compression and before the handler that hashes inline scripts:
 * it keeps a missed page's render (`miss`) as it is before compression, policy header included.
 *
 * One render per page at a time in a process: readers who miss a page while it is being rendered
 * wait for that render and get it from the cache, instead of each rendering it (when a popular
 * page's freshness ran out, every reader at that moment rendered it at once).
 */
export function sharedPageCache(deps: { cache: PageCache; logger: Logger }): {
  serve: RequestHandler;
  keep: RequestHandler;
} {
  const lookup = (key: string) =>
    deps.cache.lookup(key).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'page cache unavailable');
      return undefined;
    });
  // The render under way per page, and the answers whose page is being stored (their render
  // settles when the store does).
  const rendering = new Map<string, Promise<void>>();
  const keeping = new WeakSet<Response>();
  return {
    serve: async function cachedSharedPages(req, res, next) {
      if (
        (req.method !== 'GET' && req.method !== 'HEAD') ||
        !sharedPage.test(req.path) ||
        presentsCredentials(req)
      )
        return next();
      const key = pageKey(req);
      let found = await lookup(key);
      const earlier = found && !found.page ? rendering.get(key) : undefined;
      if (earlier) {
        await earlier;
        found = await lookup(key);
      }
      if (!found) return next();
      if (found.page) return sendStored(req, res, found.page);
      let settled = () => {};
      if (!rendering.has(key)) {
        const render = new Promise<void>((resolve) => {
          settled = () => {
            if (rendering.get(key) === render) rendering.delete(key);
            resolve();
          };
        });
        rendering.set(key, render);
      }
      res.locals.pageCacheMiss = { key, generation: found.generation, settled };
      // An answer that is not kept (an error, a HEAD, a page not to share) settles when it ends;
      // one that is kept settles once it is stored (`keep`).
      res.on('close', () => {
        if (!keeping.has(res)) settled();
      });
      next();
    },
    keep: function keepSharedPages(req, res, next) {
      const miss = res.locals.pageCacheMiss;
      if (!miss) return next();
      res.setHeader('X-Painel-Page-Cache', 'miss');
      keepWhenShared(req, res, (page, freshForMs) => {
        keeping.add(res);
        deps.cache
          .store(miss.key, page, miss.generation, freshForMs)
          .catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'page cache unavailable');
          })
          .finally(miss.settled);
      });
      next();
    },
  };
}

const gunzipped = promisify(gunzip);

async function sendStored(req: Request, res: Response, page: StoredPage): Promise<void> {
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  res.setHeader('ETag', page.etag);
  res.setHeader('X-Painel-Page-Cache', 'hit');
  if (etagMatches(req.get('if-none-match'), page.etag)) {
    res.status(304).end();
    return;
  }
  const gzipped = req.acceptsEncodings('gzip') === 'gzip';
  const body = gzipped ? page.gzip : await gunzipped(page.gzip);
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  res.vary('Accept-Encoding');
  res.setHeader('Content-Length', body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Holds the rendered page until its end, then gives it an ETag and, when it may be shared, keeps
 * it (after it is sent: the reader does not wait for the store).
 */
function keepWhenShared(
  req: Request,
  res: Response,
  keep: (page: RenderedPage, freshForMs: number) => void,
): void {
  holdResponse(res, {
    // A HEAD's answer has no body to keep, nor does an error.
    hold: () => req.method === 'GET' && res.statusCode === 200,
    ended(body, send) {
      const freshForMs = res.locals.pageFreshForMs;
      const shared =
        /\bs-maxage=/.test(String(res.getHeader('cache-control') ?? '')) &&
        !res.hasHeader('set-cookie') &&
        freshForMs !== undefined &&
        freshForMs > 0;
      if (!shared) return send(body);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.getHeaders()))
        if (value !== undefined && !unkept.has(name))
          headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      const etag = pageEtag(body);
      keep({ headers, body, etag }, freshForMs);
      res.setHeader('ETag', etag);
      if (!etagMatches(req.get('if-none-match'), etag)) return send(body);
      res.statusCode = 304;
      res.removeHeader('Content-Length');
      send();
    },
  });
}
