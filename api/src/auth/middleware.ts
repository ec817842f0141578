import type { Request, RequestHandler } from 'express';
import { safeEqual } from '../crypto.js';
import { HttpError } from '../errors.js';
import type { AuthContext } from './context.js';
import { accessCookie, csrfCookie, csrfHeader, readCookie } from './cookies.js';
import type { AccessTokens } from './jwt.js';
import type { Sessions } from './sessions.js';

/** Resolves an API key (`Authorization: Bearer …`) to its context; provided by the API-keys area. */
export type VerifyApiKey = (token: string) => Promise<AuthContext | null>;

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sets `req.auth` from `Authorization: Bearer` (an API key) or the access-token cookie (a
 * browser session, whose row must still be live: a revoked session fails at once). A request
 * with neither stays anonymous; a Bearer that does not verify is refused outright.
 */
export function authenticate(deps: {
  tokens: AccessTokens;
  sessions: Sessions;
  verifyApiKey: VerifyApiKey;
}): RequestHandler {
  return async function authenticate(req, _res, next) {
    const authorization = req.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const context = match?.[1] ? await deps.verifyApiKey(match[1]) : null;
      if (!context)
        throw new HttpError(401, {
          key: 'errors.auth.invalidApiKey',
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      req.auth = context;
      return next();
    }
    const session = await sessionFromAccessCookie(req, deps);
    if (session) req.auth = session;
    next();
  };
}

/** The live browser session named by the access-token cookie, or null. */
export async function sessionFromAccessCookie(
  req: Request,
  deps: { tokens: AccessTokens; sessions: Sessions },
): Promise<Extract<AuthContext, { kind: 'session' }> | null> {
  const token = readCookie(req, accessCookie);
  if (!token) return null;
  const claims = await deps.tokens.verify(token);
  const live = claims && (await deps.sessions.check(claims.sid, claims.sub));
  if (!claims || !live) return null;
  return { kind: 'session', userId: claims.sub, sessionId: claims.sid, locale: live.locale };
}

/**
 * CSRF defence for cookie-authenticated writes: a signed double submit. The `painel_csrf`
 * cookie holds HMAC(cookie secret, session id); an unsafe request must echo it in
 * X-CSRF-Token, and it must match both the cookie and this session. A cross-site page can
 * neither read the cookie nor compute the value. API-key (Bearer) requests carry no ambient
 * credentials and skip the check.
 */
export function csrfProtection(deps: { sessions: Sessions }): RequestHandler {
  return function csrfProtection(req, _res, next) {
    if (!unsafeMethods.has(req.method) || req.auth?.kind !== 'session') return next();
    const header = req.get(csrfHeader) ?? '';
    const cookie = readCookie(req, csrfCookie) ?? '';
    const expected = deps.sessions.csrfToken(req.auth.sessionId);
    if (!safeEqual(header, expected) || !safeEqual(cookie, expected)) {
      throw new HttpError(403, { key: 'errors.auth.csrf' });
    }
    next();
  };
}

/** The caller's context, or a 401 problem. */
export function authOf(req: Request): AuthContext {
  if (!req.auth)
    throw new HttpError(401, {
      key: 'errors.auth.unauthenticated',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  return req.auth;
}

/** A browser session (account pages are not for API keys), or 401/403. */
export function sessionOf(req: Request): Extract<AuthContext, { kind: 'session' }> {
  const auth = authOf(req);
  if (auth.kind !== 'session') throw new HttpError(403, { key: 'errors.auth.sessionRequired' });
  return auth;
}

/** Middleware form of authOf for routers that mount it in front of their routes. */
export const requireAuth: RequestHandler = function requireAuth(req, _res, next) {
  authOf(req);
  next();
};
