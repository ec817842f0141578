import { randomUUID } from 'node:crypto';
import { isLocale, type Locale } from '@painel/i18n';
import type { Audit } from '../audit/service.js';
import { hmac, randomToken, sha256 } from '../crypto.js';
import type { Db } from '../db/knex.js';
import { type AuthCache, uncachedAuth } from './auth-cache.js';
import type { AccessTokens } from './jwt.js';
import { describeDevice } from './user-agent.js';
import { joinUsers } from './user-store.js';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

/** What a browser receives on log in and on every refresh. */
export interface Issued {
  userId: string;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
  /** When the session (and its refresh cookie) ends. */
  expiresAt: Date;
}

export interface SessionSummary {
  id: string;
  device: string;
  userAgent: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export type RefreshResult =
  | { ok: true; issued: Issued }
  | { ok: false; reason: 'unknown' | 'expired' | 'reused' | 'csrf' };

// Writing last_seen_at on every request would turn each read into a write.
const lastSeenResolutionMs = 60_000;

/**
 * Two tabs (or a page and its script) whose access token expired at the same moment both
 * present the same refresh token. Within this window after a rotation, presenting the old
 * token again is that race, not a copied token: it gets fresh tokens instead of ending the
 * session. After it, reuse revokes the whole family.
 */
export const refreshGraceMs = 30_000;

/**
 * How a refresh was asked for: by the API (`csrf` is the X-CSRF-Token header, checked against
 * the token's session) or by the server while rendering a page the browser navigated to. A
 * navigation cannot be forged into anything worse than fresh cookies in the same browser.
 */
export type RefreshRequest = { csrf: string | undefined } | { navigation: true };

/**
 * Browser sessions. A session is one sign-in on one device and the family of its refresh
 * tokens: each refresh marks the presented token used and issues the next; presenting a used
 * one again means it was copied, so the whole family is revoked.
 */
export function createSessions(deps: {
  db: Db;
  audit: Audit;
  tokens: AccessTokens;
  cookieSecret: string;
  ttlMs: number;
  now: () => number;
  /** Live sessions kept for a few seconds; emptied by every revocation. */
  cache?: AuthCache;
}) {
  const { db } = deps;
  const cache = deps.cache ?? uncachedAuth;
  const date = () => new Date(deps.now());
  const csrfToken = (sessionId: string) => hmac(deps.cookieSecret, `csrf:${sessionId}`);

  async function issue(userId: string, sessionId: string, expiresAt: Date, trx: Db = db) {
    const refreshToken = randomToken();
    await trx('refresh_tokens').insert({
      token_hash: sha256(refreshToken),
      session_id: sessionId,
      created_at: date(),
    });
    return {
      userId,
      sessionId,
      accessToken: await deps.tokens.sign({ sub: userId, sid: sessionId }),
      refreshToken,
      csrfToken: csrfToken(sessionId),
      expiresAt,
    } satisfies Issued;
  }

  async function revoke(where: Record<string, unknown>, exceptId?: string) {
    const q = db('sessions').where(where).whereNull('revoked_at');
    if (exceptId) q.whereNot('id', exceptId);
    const revoked = await q.update({ revoked_at: date() });
    // Before the answer goes out: the next request, to any replica, fails.
    if (revoked > 0) await cache.invalidate();
    return revoked;
  }

  return {
    csrfToken,

    /** An account changed what its sessions and keys say (its language) or went: read them again. */
    userChanged: () => cache.invalidate(),

    async start(userId: string, meta: RequestMeta): Promise<Issued> {
      const id = randomUUID();
      const at = date();
      const expiresAt = new Date(deps.now() + deps.ttlMs);
      return db.transaction(async (trx) => {
        await trx('sessions').insert({
          id,
          user_id: userId,
          user_agent: meta.userAgent.slice(0, 500),
          ip: meta.ip.slice(0, 64),
          created_at: at,
          last_seen_at: at,
          expires_at: expiresAt,
        });
        return issue(userId, id, expiresAt, trx);
      });
    },

    /**
     * Rotates a refresh token. An API refresh's CSRF token is checked before anything changes,
     * so a cross-site POST cannot burn a token.
     */
    async refresh(
      refreshToken: string,
      how: RefreshRequest,
      meta: RequestMeta,
    ): Promise<RefreshResult> {
      const row = await db('refresh_tokens as r')
        .join('sessions as s', 's.id', 'r.session_id')
        .where('r.token_hash', sha256(refreshToken))
        .first('r.used_at', 's.id', 's.user_id', 's.expires_at', 's.revoked_at');
      if (!row) return { ok: false, reason: 'unknown' };
      // A used token presented again means it was copied: the whole session goes.
      const reused = async (r: { id: string; user_id: string }): Promise<RefreshResult> => {
        await revoke({ id: r.id });
        await deps.audit.record({
          type: 'session.reuse',
          actorId: r.user_id,
          ...meta,
          details: { sessionId: r.id },
        });
        return { ok: false, reason: 'reused' };
      };
      if ('csrf' in how && how.csrf !== csrfToken(row.id)) return { ok: false, reason: 'csrf' };
      if (row.revoked_at) return { ok: false, reason: 'unknown' };
      if (new Date(row.expires_at).getTime() <= deps.now()) return { ok: false, reason: 'expired' };
      const withinGrace = (usedAt: unknown) =>
        deps.now() - new Date(usedAt as string).getTime() <= refreshGraceMs;
      if (row.used_at && !withinGrace(row.used_at)) return reused(row);
      if (!row.used_at) {
        // Of two concurrent refreshes with the same token one marks it used; the other is the
        // race the grace window allows.
        await db('refresh_tokens')
          .where({ token_hash: sha256(refreshToken) })
          .whereNull('used_at')
          .update({ used_at: date() });
      }
      await db('sessions')
        .where({ id: row.id })
        .update({ last_seen_at: date(), ip: meta.ip.slice(0, 64) });
      return { ok: true, issued: await issue(row.user_id, row.id, new Date(row.expires_at)) };
    },

    /**
     * Whether a session named by a valid access token is still live (not revoked, not
     * expired); if so, its user's saved language, read in the same query.
     */
    async check(sessionId: string, userId: string): Promise<{ locale: Locale } | null> {
      const live = await cache.remember(
        `session:${sessionId}:${userId}`,
        async () => {
          const row = await joinUsers(db('sessions as s'), 's.user_id')
            .where({ 's.id': sessionId, 's.user_id': userId })
            .first('s.revoked_at', 's.expires_at', 's.last_seen_at', 'u.locale');
          const expiresAt = row ? new Date(row.expires_at).getTime() : 0;
          if (!row || row.revoked_at || expiresAt <= deps.now()) return null;
          // Seen at this resolution, and only when read: a cached check costs no write either.
          if (deps.now() - new Date(row.last_seen_at).getTime() > lastSeenResolutionMs) {
            await db('sessions').where({ id: sessionId }).update({ last_seen_at: date() });
          }
          return { locale: isLocale(row.locale) ? row.locale : 'en', expiresAt };
        },
        (session) => session.expiresAt,
      );
      return live && { locale: live.locale };
    },

    async list(userId: string, currentId: string | undefined): Promise<SessionSummary[]> {
      const rows = await db('sessions')
        .where({ user_id: userId })
        .whereNull('revoked_at')
        .where('expires_at', '>', date())
        .orderBy('last_seen_at', 'desc');
      return rows.map((r) => ({
        id: r.id,
        device: describeDevice(r.user_agent),
        userAgent: r.user_agent,
        ip: r.ip,
        createdAt: new Date(r.created_at).toISOString(),
        lastSeenAt: new Date(r.last_seen_at).toISOString(),
        current: r.id === currentId,
      }));
    },

    /** Revokes one of the user's sessions; false when it is not theirs or already ended. */
    async revokeOne(userId: string, sessionId: string): Promise<boolean> {
      return (await revoke({ id: sessionId, user_id: userId })) > 0;
    },
    /**
     * Deletes what no request can use any more: sessions that expired or were revoked before
     * `before` (with their refresh tokens), and refresh tokens rotated before it. A rotated
     * token presented after that is refused as unknown rather than as a reuse.
     */
    async prune(before: Date): Promise<{ sessions: number; refreshTokens: number }> {
      return db.transaction(async (trx) => {
        const dead = trx('sessions')
          .where('expires_at', '<', before)
          .orWhere('revoked_at', '<', before)
          .select('id');
        const ofDead = await trx('refresh_tokens').whereIn('session_id', dead).delete();
        const rotated = await trx('refresh_tokens').where('used_at', '<', before).delete();
        const sessions = await trx('sessions')
          .where('expires_at', '<', before)
          .orWhere('revoked_at', '<', before)
          .delete();
        return { sessions, refreshTokens: ofDead + rotated };
      });
    },
    async revokeAll(userId: string, exceptId?: string): Promise<number> {
      return revoke({ user_id: userId }, exceptId);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
