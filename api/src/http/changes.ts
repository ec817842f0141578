import type { RequestHandler } from 'express';
import type { AuthCache } from '../auth/auth-cache.js';
import type { Logger } from '../logger.js';
import type { PageCache } from '../pages/page-cache.js';

/**
 * Empties the caches an API call may have made stale, once its answer is sent (so after its
 * transaction: a page rendered meanwhile was looked up under the old generation and is not kept).
 * Any write that succeeded counts, but those that change nothing (Route.changesNothing: a query
 * run, a preview). The shared pages ignore the sign-in routes; who sent a request does not (a
 * new language, a password). Revocations empty the auth cache themselves, before they answer.
 */
export function invalidateOnChange(deps: {
  pages: PageCache;
  auth: AuthCache;
  logger: Logger;
}): RequestHandler {
  const warn = (what: string) => (error: unknown) => {
    deps.logger.warn({ err: error }, `${what} could not be invalidated`);
  };
  return function invalidateOnChange(req, res, next) {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.on('finish', () => {
      if (res.statusCode >= 400 || req.changesNothing) return;
      deps.auth.invalidate().catch(warn('auth cache'));
      // originalUrl: mounted on /api, req.path would not start with it.
      if (!req.originalUrl.startsWith('/api/auth/'))
        deps.pages.invalidate().catch(warn('page cache'));
    });
    next();
  };
}
