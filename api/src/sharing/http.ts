import type { RequestHandler } from 'express';
import type { ShareFailure } from '../embeds/token.js';
import { HttpError } from '../errors.js';

/** How the JSON routes answer a refused token: gone for good, not valid, or nothing there. */
const statusOf: Record<ShareFailure, number> = {
  expired: 410,
  revoked: 410,
  malformed: 401,
  badSignature: 401,
  notFound: 404,
};

export const shareFailure = (reason: ShareFailure) =>
  new HttpError(statusOf[reason], { key: `errors.share.${reason}` });

// Pages and API reads reached by a token: /embed/<token>, /public/<token> (and /pt-br/…).
const sharedPath = /^(?:\/pt-br)?\/(?:embed|public)\/|^\/api\/(?:embed|public-links)\//i;
const embedPage = /^(?:\/pt-br)?\/embed\//i;
const tokenInPath = /^((?:\/pt-br)?\/(?:embed|public)\/|\/api\/(?:embed|public-links)\/)[^/?#]+/i;

/** A URL as the access log may keep it: a link's or an embed's token works like a password. */
export function withoutToken(url: string): string {
  return url.replace(tokenInPath, '$1[token]');
}

/**
 * Headers of pages and answers reached by a token, failures included: never indexed, never
 * stored by a shared cache (a revoked link must stop at once) unless the page itself says an
 * anonymous reader's view may be kept a few seconds (site/src/lib/page-cache.ts, whose header
 * replaces this one). An embed page may be framed by
 * other sites, so helmet's X-Frame-Options goes, and its CSP says `frame-ancestors 'none'` until
 * the page sets its own policy with the workspace's allowed origins (Astro's response headers
 * replace same-named headers already on the response, so the page's policy is the one sent).
 */
export function sharedPageHeaders(): RequestHandler {
  return function sharedPageHeaders(req, res, next) {
    if (!sharedPath.test(req.path)) return next();
    res.setHeader('X-Robots-Tag', 'noindex');
    res.setHeader('Cache-Control', 'private, no-store');
    if ((req.method === 'GET' || req.method === 'HEAD') && embedPage.test(req.path)) {
      res.removeHeader('X-Frame-Options');
      const csp = res.getHeader('Content-Security-Policy');
      if (typeof csp === 'string')
        res.setHeader(
          'Content-Security-Policy',
          csp.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'"),
        );
    }
    next();
  };
}
