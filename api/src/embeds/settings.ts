import type { WorkspaceContext } from '../auth/context.js';
import { randomToken } from '../crypto.js';
import type { Credentials } from '../datasources/credentials.js';
import { toDate, toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { type FieldError, HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import type { EmbedKeys } from './token.js';

/**
 * Each workspace's embed secret and the origins allowed to frame its embeds. The secret is
 * sealed at rest with the data key (bound to the workspace id) and shown once, in the answer
 * that makes it; rotating keeps the old one verifying for a grace period, so hosts can switch
 * without a gap.
 */

export interface EmbedSettings {
  hasSecret: boolean;
  rotatedAt: string | null;
  /** Until when the previous secret still verifies; null when there is none. */
  previousValidUntil: string | null;
  allowedOrigins: string[];
}

export const defaultGraceSeconds = 24 * 60 * 60;
export const maxGraceSeconds = 7 * 24 * 60 * 60;
export const maxOrigins = 20;

interface SettingsRow {
  workspace_id: string;
  secret_enc: string | null;
  previous_secret_enc: string | null;
  previous_valid_until: unknown;
  allowed_origins: string;
  rotated_at: unknown;
}

/**
 * `https://host[:port]` or `http://host[:port]`, lower-cased and without a default port, as a
 * browser writes an origin; null for anything else (a path, a query, credentials, a wildcard).
 */
export function normalizeOrigin(text: string): string | null {
  const trimmed = text.trim();
  if (!/^https?:\/\/[^/?#\s]+\/?$/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    if (url.username || url.password || !url.hostname || url.hostname.includes('*')) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface EmbedSettingsService {
  get(workspaceId: string): Promise<EmbedSettings>;
  /** A new secret, answered once; the current one verifies for `graceSeconds` more (0: not). */
  rotate(actor: Actor, ws: WorkspaceContext, graceSeconds: number): Promise<{ secret: string }>;
  /** Replaces the allowed origins; 422 naming each one that is not an origin. */
  setOrigins(actor: Actor, ws: WorkspaceContext, origins: string[]): Promise<EmbedSettings>;
  /** The secrets an embed token of the workspace may be signed with. */
  keys(workspaceId: string): Promise<EmbedKeys & { allowedOrigins: string[] }>;
}

export function createEmbedSettings(deps: {
  db: Db;
  credentials: Credentials;
  audit: AuditRecorder;
  now?: () => number;
}): EmbedSettingsService {
  const { db, credentials, audit } = deps;
  const nowMs = () => (deps.now ?? Date.now)();
  // Bound to the workspace: a sealed secret copied onto another workspace's row does not open.
  const aad = (workspaceId: string) => `embed-secret:${workspaceId}`;

  const load = (workspaceId: string): Promise<SettingsRow | undefined> =>
    db('embed_settings').where({ workspace_id: workspaceId }).first();

  function settingsOf(row: SettingsRow | undefined): EmbedSettings {
    const until = toDate(row?.previous_valid_until);
    const live = row?.previous_secret_enc && until && until.getTime() > nowMs();
    return {
      hasSecret: Boolean(row?.secret_enc),
      rotatedAt: toIso(row?.rotated_at),
      previousValidUntil: live ? until.toISOString() : null,
      allowedOrigins: row ? (JSON.parse(row.allowed_origins) as string[]) : [],
    };
  }

  async function upsert(workspaceId: string, values: Partial<SettingsRow>) {
    await db('embed_settings')
      .insert({ workspace_id: workspaceId, allowed_origins: '[]', ...values })
      .onConflict('workspace_id')
      .merge(Object.keys(values));
  }

  return {
    get: async (workspaceId) => settingsOf(await load(workspaceId)),

    async rotate(actor, ws, graceSeconds) {
      const row = await load(ws.id);
      const secret = randomToken(32);
      const at = nowMs();
      const keepPrevious = Boolean(row?.secret_enc) && graceSeconds > 0;
      await upsert(ws.id, {
        secret_enc: credentials.seal(aad(ws.id), secret),
        previous_secret_enc: keepPrevious ? (row?.secret_enc ?? null) : null,
        previous_valid_until: keepPrevious ? new Date(at + graceSeconds * 1000) : null,
        rotated_at: new Date(at),
      });
      await audit.record(
        auditEvent(actor, 'embed.secret.rotate', ws.id, {
          first: !row?.secret_enc,
          graceSeconds: keepPrevious ? graceSeconds : 0,
        }),
      );
      return { secret };
    },

    async setOrigins(actor, ws, origins) {
      const errors: FieldError[] = [];
      const normalized = origins.map((text, i) => {
        const origin = normalizeOrigin(text);
        if (!origin) errors.push({ path: `origins.${i}`, key: 'validation.origin' });
        return origin ?? '';
      });
      if (errors.length) throw new HttpError(422, { key: 'errors.validation', errors });
      const allowed = [...new Set(normalized)];
      await upsert(ws.id, { allowed_origins: JSON.stringify(allowed) });
      await audit.record(auditEvent(actor, 'embed.origins', ws.id, { origins: allowed }));
      return settingsOf(await load(ws.id));
    },

    async keys(workspaceId) {
      const row = await load(workspaceId);
      const until = toDate(row?.previous_valid_until);
      return {
        current: row?.secret_enc ? credentials.open(aad(workspaceId), row.secret_enc) : null,
        // Kept past its grace too, so a token it signed is told apart as revoked.
        previous:
          row?.previous_secret_enc && until
            ? {
                secret: credentials.open(aad(workspaceId), row.previous_secret_enc),
                validUntilMs: until.getTime(),
              }
            : null,
        allowedOrigins: row ? (JSON.parse(row.allowed_origins) as string[]) : [],
      };
    },
  };
}
