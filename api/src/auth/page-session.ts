import type { Request, Response } from 'express';
import type { AuthContext } from './context.js';
import { readCookie, refreshCookie } from './cookies.js';
import { sessionFromAccessCookie } from './middleware.js';
import { requestMeta } from './request-meta.js';
import type { Auth } from './service.js';

export type SessionAuth = Extract<AuthContext, { kind: 'session' }>;

/**
 * The session of a browser navigating to a server-rendered page. A live access token is
 * enough; an expired one with a refresh cookie is refreshed here, on the navigation, and the
 * new cookies ride on the page's response. A browser with neither is anonymous and costs
 * nothing: no refresh is attempted. A refresh that fails clears the cookies.
 */
export function createPageSession(auth: Pick<Auth, 'tokens' | 'sessions' | 'cookies'>) {
  return async function pageSession(req: Request, res: Response): Promise<SessionAuth | null> {
    const live = await sessionFromAccessCookie(req, auth);
    if (live) return live;
    const presented = readCookie(req, refreshCookie);
    if (!presented) return null;
    const result = await auth.sessions.refresh(presented, { navigation: true }, requestMeta(req));
    if (!result.ok) {
      auth.cookies.clear(res);
      return null;
    }
    auth.cookies.set(res, result.issued);
    const { userId, sessionId } = result.issued;
    const checked = await auth.sessions.check(sessionId, userId);
    return checked && { kind: 'session', userId, sessionId, locale: checked.locale };
  };
}

export type PageSession = ReturnType<typeof createPageSession>;
