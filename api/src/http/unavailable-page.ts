import fs from 'node:fs';
import path from 'node:path';
import { localeFromPath, locales } from '@painel/i18n';
import type { ErrorRequestHandler, Request } from 'express';
import { isUnavailable, unavailableRetrySeconds } from '../errors.js';
import { withPublicUrl } from './public-url.js';

/**
 * The site's 503 page ("temporarily unavailable", prerendered as 503.html in each language)
 * for a page request that met a service Painel depends on being down (errors.ts
 * `isUnavailable`); other errors pass on, so a bug stays a 500. Without a built page (an old
 * build) nothing changes: the request ends in the problem+json 503.
 */
export interface UnavailablePages {
  /** For the site's middleware: the page, when `error` is an outage, else undefined. */
  response(req: Request, error: unknown): Response | undefined;
  /** After the pages: errors of page requests (the /api answers problem+json). */
  handler: ErrorRequestHandler;
}

export function unavailablePages(
  clientDir: string,
  options: { publicUrl: string },
): UnavailablePages {
  const pages = new Map<string, Buffer>();
  for (const l of locales) {
    const file = path.join(clientDir, l.path, '503.html');
    if (!fs.existsSync(file)) continue;
    const page = fs.readFileSync(file);
    pages.set(l.tag, withPublicUrl(page, options.publicUrl) ?? page);
  }
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Retry-After': String(unavailableRetrySeconds),
  };
  /** The page in the language of the request's path, when `error` is an outage. */
  const pageFor = (req: Request, error: unknown) => {
    if (!isUnavailable(error)) return undefined;
    const page = pages.get(localeFromPath(req.path));
    if (page) req.log.warn({ err: error }, 'service unavailable');
    return page;
  };
  return {
    response(req, error) {
      const page = pageFor(req, error);
      return page && new Response(new Uint8Array(page), { status: 503, headers });
    },
    handler: function unavailablePage(error, req, res, next) {
      const api = req.path === '/api' || req.path.startsWith('/api/');
      const page = api || res.headersSent ? undefined : pageFor(req, error);
      if (!page) return next(error);
      res.status(503).set(headers).send(page);
    },
  };
}
