import type { CookieOptions, Request, Response } from 'express';
import type { Issued } from './sessions.js';

export const accessCookie = 'painel_access';
export const refreshCookie = 'painel_refresh';
export const csrfCookie = 'painel_csrf';
export const csrfHeader = 'X-CSRF-Token';

/** One cookie from the Cookie header (Express has no parser built in; we need three names). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Whether a request names a reader at all, valid or not: one of Painel's session cookies or an
 * Authorization header. Without either, nothing a page shows can be the reader's own.
 */
export function presentsCredentials(req: Request): boolean {
  if (req.headers.authorization !== undefined) return true;
  return [accessCookie, refreshCookie, csrfCookie].some(
    (name) => readCookie(req, name) !== undefined,
  );
}

export function createSessionCookies(options: {
  secure: boolean;
  accessTtlSeconds: number;
  now: () => number;
}) {
  const base: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
  };
  return {
    set(res: Response, issued: Issued) {
      const refreshMaxAge = Math.max(0, issued.expiresAt.getTime() - options.now());
      res.cookie(accessCookie, issued.accessToken, {
        ...base,
        maxAge: options.accessTtlSeconds * 1000,
      });
      // Path `/`: server-rendered pages refresh an expired session on navigation, so the
      // refresh token has to reach them, not just /api/auth.
      res.cookie(refreshCookie, issued.refreshToken, { ...base, maxAge: refreshMaxAge });
      // Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
      res.cookie(csrfCookie, issued.csrfToken, { ...base, httpOnly: false, maxAge: refreshMaxAge });
    },
    clear(res: Response) {
      res.clearCookie(accessCookie, base);
      res.clearCookie(refreshCookie, base);
      res.clearCookie(csrfCookie, { ...base, httpOnly: false });
    },
  };
}

export type SessionCookies = ReturnType<typeof createSessionCookies>;
