import { gunzipSync } from 'node:zlib';
import { negotiateLocale } from '@painel/i18n';
import type { Request, RequestHandler, Response } from 'express';
import { presentsCredentials } from '../auth/cookies.js';
import type { Logger } from '../logger.js';
import { etagMatches, type PageCache, pageEtag, type StoredPage } from '../pages/page-cache.js';

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

type WriteHead = (status: number, ...rest: unknown[]) => unknown;
type End = (...args: unknown[]) => unknown;

/**
 * Serves shared pages from the cache with `X-Painel-Page-Cache: hit` (gzipped when the reader
 * takes gzip), keeps the ones rendered here (`miss`), and answers `304` to a reader whose
 * If-None-Match names the page as it is now. Goes before the handler that hashes inline
 * scripts, so what it keeps is what readers got, policy header included.
 */
export function serveSharedPages(deps: { cache: PageCache; logger: Logger }): RequestHandler {
  return async function sharedPages(req, res, next) {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      !sharedPage.test(req.path) ||
      presentsCredentials(req)
    )
      return next();
    const key = pageKey(req);
    const found = await deps.cache.lookup(key).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'page cache unavailable');
      return undefined;
    });
    if (!found) return next();
    if (found.page) return sendStored(req, res, found.page);
    keepWhenShared(req, res, (page) =>
      deps.cache.store(key, page.headersAndBody, found.generation, page.freshForMs),
    );
    next();
  };
}

function sendStored(req: Request, res: Response, page: StoredPage): void {
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  res.setHeader('ETag', page.etag);
  res.setHeader('X-Painel-Page-Cache', 'hit');
  if (etagMatches(req.get('if-none-match'), page.etag)) {
    res.status(304).end();
    return;
  }
  const gzipped = req.acceptsEncodings('gzip') === 'gzip';
  const body = gzipped ? page.gzip : gunzipSync(page.gzip);
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  res.vary('Accept-Encoding');
  res.setHeader('Content-Length', body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

interface RenderedPage {
  headersAndBody: { headers: Record<string, string>; body: Buffer };
  freshForMs: number;
}

/**
 * Holds the rendered page's head until its body (the script-hashing handler sends it whole),
 * then gives it an ETag and, when it may be shared, keeps it. A body written in parts passes
 * through untouched and is not kept.
 */
function keepWhenShared(
  req: Request,
  res: Response,
  keep: (page: RenderedPage) => Promise<unknown>,
): void {
  const original = {
    writeHead: res.writeHead as unknown as WriteHead,
    write: res.write,
    end: res.end as unknown as End,
  };
  let head: unknown[] | undefined;
  const restore = () => Object.assign(res, original);
  const writeHead: WriteHead = (status, ...rest) => {
    head = [status, ...rest];
    res.statusCode = status;
    return res;
  };
  const flushHead = () => {
    restore();
    if (head) original.writeHead.apply(res, head as [number]);
  };
  const write = ((...args: Parameters<Response['write']>) => {
    flushHead();
    return original.write.apply(res, args);
  }) as Response['write'];
  const end: End = (...args) => {
    const [chunk, encoding] = args;
    const body =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk)
            : Buffer.alloc(0);
    const freshForMs = res.locals.pageFreshForMs;
    const shared =
      // A HEAD's answer has no body to keep.
      req.method === 'GET' &&
      res.statusCode === 200 &&
      /\bs-maxage=/.test(String(res.getHeader('cache-control') ?? '')) &&
      !res.hasHeader('set-cookie') &&
      freshForMs !== undefined &&
      freshForMs > 0;
    res.setHeader('X-Painel-Page-Cache', 'miss');
    if (!shared) {
      flushHead();
      return original.end.apply(res, args);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.getHeaders()))
      if (value !== undefined && !unkept.has(name))
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    keep({ headersAndBody: { headers, body }, freshForMs }).catch((error: unknown) =>
      req.log.warn({ err: error }, 'page cache unavailable'),
    );
    const etag = pageEtag(body);
    res.setHeader('ETag', etag);
    restore();
    if (etagMatches(req.get('if-none-match'), etag)) {
      res.removeHeader('Content-Length');
      original.writeHead.call(res, 304);
      return original.end.call(res);
    }
    if (head) original.writeHead.apply(res, head as [number]);
    return original.end.apply(res, args);
  };
  Object.assign(res, { writeHead, write, end });
}

/**
 * Makes every kept page stale after an API call that may have changed one: any write that
 * succeeded, but the sign-in routes' and those that change nothing (Route.changesNothing: a query
 * run, a preview). Told once
 * the answer is sent, so after its transaction: a page rendered meanwhile was looked up under the
 * old generation and is not kept.
 */
export function invalidateSharedPages(deps: { cache: PageCache; logger: Logger }): RequestHandler {
  return function sharedPagesChange(req, res, next) {
    if (req.method === 'GET' || req.method === 'HEAD' || req.path.startsWith('/api/auth/'))
      return next();
    res.on('finish', () => {
      if (res.statusCode >= 400 || req.changesNothing) return;
      deps.cache.invalidate().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'page cache could not be invalidated');
      });
    });
    next();
  };
}
