import { randomBytes, randomUUID } from 'node:crypto';
import { isLocale } from '@painel/i18n';
import { can, grantableRoles } from '../access/policy.js';
import { type AuthCache, uncachedAuth } from '../auth/auth-cache.js';
import type { AuthContext, Role, WorkspaceContext } from '../auth/context.js';
import { randomToken, sha256 } from '../crypto.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { workspaceErrors } from '../workspaces/errors.js';
import type { MemberRole } from '../workspaces/service.js';
import { createKeyStore, type KeyRow } from './key-store.js';

/** `pnl_<8 hex>_<43 base64url>`: the prefix identifies a key in lists, the rest is 32 random bytes. */
const tokenPattern = /^pnl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** last_used_at is written at most this often per key, so reads by a busy script stay reads. */
export const lastUsedIntervalMs = 60_000;

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Turns a bearer token into the caller it stands for, or null; the auth middleware takes this. */
export type VerifyApiKey = (token: string) => Promise<AuthContext | null>;

export interface ApiKeys {
  /** The secret is in the answer and nowhere else: it is stored only as a hash. */
  create(
    actor: Actor,
    ws: WorkspaceContext,
    input: { name: string; role: MemberRole },
  ): Promise<{ apiKey: ApiKey; secret: string }>;
  /** Admins see every key of the workspace; other members their own. */
  list(ws: WorkspaceContext, userId: string): Promise<ApiKey[]>;
  /** By the key's owner or an admin. */
  revoke(actor: Actor, ws: WorkspaceContext, keyId: string): Promise<ApiKey>;
  verify: VerifyApiKey;
}

const toApiKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  userId: r.user_id,
  createdAt: toIso(r.created_at) ?? '',
  lastUsedAt: toIso(r.last_used_at),
  revokedAt: toIso(r.revoked_at),
});

export function createApiKeys(deps: {
  db: Db;
  audit: AuditRecorder;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Verified keys kept for a few seconds; emptied by every revocation. */
  cache?: AuthCache;
}): ApiKeys {
  const cache = deps.cache ?? uncachedAuth;
  const { audit } = deps;
  const keys = createKeyStore(deps);
  const nowMs = () => (deps.now ?? Date.now)();
  const lastWritten = new Map<string, number>();

  async function touch(keyId: string) {
    const now = nowMs();
    const last = lastWritten.get(keyId);
    if (last !== undefined && now - last < lastUsedIntervalMs) return;
    lastWritten.set(keyId, now);
    try {
      await keys.touch(keyId, new Date(now));
    } catch (error) {
      // Bookkeeping must not fail the request it describes.
      deps.onError?.(error);
    }
  }

  return {
    async create(actor, ws, { name, role }) {
      if (!grantableRoles(ws.role).includes(role))
        throw workspaceErrors.roleAboveYours(role, ws.role);
      const prefix = `pnl_${randomBytes(4).toString('hex')}`;
      const secret = `${prefix}_${randomToken(32)}`;
      const row: KeyRow & { secret_hash: string } = {
        id: randomUUID(),
        workspace_id: ws.id,
        user_id: actor.userId,
        name,
        role,
        prefix,
        secret_hash: sha256(secret),
        created_at: new Date(nowMs()),
        last_used_at: null,
        revoked_at: null,
      };
      await keys.insert(row);
      await audit.record(
        auditEvent(actor, 'api-key.create', ws.id, { apiKeyId: row.id, name, prefix, role }),
      );
      return { apiKey: toApiKey(row), secret };
    },

    async list(ws, userId) {
      const rows = await keys.list(
        ws.id,
        can(ws.role, 'apiKeys.manageOthers') ? undefined : userId,
      );
      return rows.map(toApiKey);
    },

    async revoke(actor, ws, keyId) {
      const row = await keys.find(ws.id, keyId);
      // Someone else's key is as invisible to a non-admin here as it is in their list.
      if (!row || (row.user_id !== actor.userId && !can(ws.role, 'apiKeys.manageOthers'))) {
        throw workspaceErrors.apiKeyNotFound();
      }
      if (row.revoked_at) return toApiKey(row);
      const at = new Date(nowMs());
      await keys.revoke(ws.id, keyId, at);
      // Before the answer goes out: the next request with it, to any replica, fails.
      await cache.invalidate();
      lastWritten.delete(keyId);
      await audit.record(
        auditEvent(actor, 'api-key.revoke', ws.id, { apiKeyId: keyId, prefix: row.prefix }),
      );
      return toApiKey({ ...row, revoked_at: at });
    },

    async verify(token) {
      if (!tokenPattern.test(token)) return null;
      // Keyed by the secret's hash, as the table is: the secret itself is kept nowhere.
      const secretHash = sha256(token);
      const context = await cache.remember(
        `apiKey:${secretHash}`,
        async (): Promise<AuthContext | null> => {
          const row = await keys.bySecretHash(secretHash);
          if (!row || row.revoked_at || !token.startsWith(`${row.prefix}_`)) return null;
          return {
            kind: 'apiKey',
            userId: row.user_id,
            apiKeyId: row.id,
            workspaceId: row.workspace_id,
            role: row.role,
            locale: isLocale(row.locale) ? row.locale : 'en',
          };
        },
      );
      // Every use counts, cached or not; written at most once a minute.
      if (context?.kind === 'apiKey') await touch(context.apiKeyId);
      return context;
    },
  };
}

/** The factory the authentication middleware takes: `verifyApiKey(token)`. */
export function createVerifyApiKey(deps: Parameters<typeof createApiKeys>[0]): VerifyApiKey {
  return createApiKeys(deps).verify;
}
