import type { RequestHandler } from 'express';
import { safeEqual, sha256 } from '../crypto.js';
import { HttpError } from '../errors.js';

/**
 * Who may read `/metrics`: a scraper that sends METRICS_TOKEN as `Authorization: Bearer`; without
 * a token, anyone outside production (development, tests) and nobody in production (404), so an
 * install that forgot the token leaks nothing rather than everything.
 */
export type MetricsAccess = { token: string } | 'open' | 'hidden';

/** Guards the metrics route: put it in front of the metrics handler. */
export function metricsAccess(access: MetricsAccess): RequestHandler {
  return function metricsAccessCheck(req, _res, next) {
    if (access === 'open') return next();
    if (access === 'hidden') return next(new HttpError(404, { key: 'errors.notFound' }));
    const [scheme, sent] = (req.get('authorization') ?? '').split(' ');
    // Hashed first so that the comparison takes as long whatever the length sent.
    if (scheme?.toLowerCase() === 'bearer' && safeEqual(sha256(sent ?? ''), sha256(access.token)))
      return next();
    next(
      new HttpError(401, {
        key: 'errors.metrics.unauthorized',
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      }),
    );
  };
}
