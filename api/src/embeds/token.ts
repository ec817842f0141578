import { isLocale, type Locale } from '@painel/i18n';
import { compactVerify, errors } from 'jose';
import { z } from 'zod';
import { dashboardSpec } from '../dashboards/spec.js';
import { lockedValues } from '../sharing/locked-filters.js';
import { slugPattern } from '../workspaces/slug.js';

/**
 * Embed tokens: compact JWS (a JWT) that a host application signs with its workspace's embed
 * secret, HS256 only. The HMAC key is the secret's text as shown (its UTF-8 bytes), which is
 * what `jsonwebtoken`, PyJWT and `openssl dgst -hmac` use when handed the string. Everything
 * the embed shows is in the signed payload: the resource, the locked filter values, locale,
 * theme and expiry.
 */

/** Why a shared page (an embed or a public link) is refused; each has its own translated page. */
export const shareFailures = [
  'malformed',
  'badSignature',
  'expired',
  'revoked',
  'notFound',
] as const;
export type ShareFailure = (typeof shareFailures)[number];

/** Tolerated difference between the host's clock and ours, for `exp` and `nbf`. */
export const clockSkewSeconds = 30;
/** A token may live at most this long: a leaked one stops working within a month. */
export const maxLifetimeSeconds = 30 * 24 * 60 * 60;
const maxTokenLength = 8_192;

// Dashboards and their cards are named alike (spec.ts).
const name = dashboardSpec.shape.slug;
const workspaceSlug = z.string().max(64).regex(slugPattern);

export const embedClaims = z.object({
  /** The workspace's slug: picks the secret the signature is checked with. */
  workspace: workspaceSlug,
  resource: z.union([
    z.object({ dashboard: name, card: name }).strict(),
    z.object({ dashboard: name }).strict(),
  ]),
  /** Locked filter values, by filter id (see sharing/locked-filters.ts). */
  params: lockedValues.default({}),
  locale: z.enum(['en', 'pt-BR']).default('en'),
  theme: z.enum(['light', 'dark', 'system']).default('system'),
  exp: z.number().int(),
  iat: z.number().int().optional(),
  nbf: z.number().int().optional(),
});
export type EmbedClaims = z.infer<typeof embedClaims>;

/** A workspace's secrets as verification needs them; `previous` only while it has one. */
export interface EmbedKeys {
  current: string | null;
  previous: { secret: string; validUntilMs: number } | null;
}

export type EmbedVerification<K extends EmbedKeys> =
  | { ok: true; claims: EmbedClaims; keys: K }
  | { ok: false; reason: ShareFailure; locale: Locale };

const segment = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The token's header and payload, unverified: only to pick the secret and the language of a
 * failure page. Null when it is not a compact JWS at all.
 */
export function readUnverified(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown>; locale: Locale } | null {
  if (token.length > maxTokenLength) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => segment.test(p))) return null;
  const header = decodeJson(parts[0] ?? '');
  const payload = decodeJson(parts[1] ?? '');
  if (!header || !payload) return null;
  return { header, payload, locale: isLocale(payload.locale) ? payload.locale : 'en' };
}

async function signedWith(token: string, secret: string): Promise<boolean> {
  try {
    await compactVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    return true;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return false;
    throw error;
  }
}

/**
 * Verifies an embed token. The algorithm must be exactly HS256, checked before any key is
 * looked up, so `alg: none` or a public-key algorithm never reaches a verifier. The signature
 * is tried with the workspace's current secret, then with the previous one: within its grace
 * period it still verifies; past it, a token it signed is `revoked` rather than `badSignature`.
 */
export async function verifyEmbedToken<K extends EmbedKeys>(
  token: string,
  deps: { keysFor(workspaceSlug: string): Promise<K | null>; nowMs: number },
): Promise<EmbedVerification<K>> {
  const read = readUnverified(token);
  if (!read) return { ok: false, reason: 'malformed', locale: 'en' };
  const fail = (reason: ShareFailure): EmbedVerification<K> => ({
    ok: false,
    reason,
    locale: read.locale,
  });
  const { header, payload } = read;
  if (header.alg !== 'HS256' || 'crit' in header) return fail('malformed');
  const workspace = workspaceSlug.safeParse(payload.workspace);
  if (!workspace.success) return fail('malformed');

  const keys = await deps.keysFor(workspace.data);
  if (!keys) return fail('notFound');
  if (!keys.current && !keys.previous) return fail('revoked');
  try {
    if (!(keys.current && (await signedWith(token, keys.current)))) {
      const previous = keys.previous;
      if (!previous || !(await signedWith(token, previous.secret))) return fail('badSignature');
      if (deps.nowMs >= previous.validUntilMs) return fail('revoked');
    }
  } catch {
    // jose refuses what is not a well-formed JWS (bad base64 in the signature, …).
    return fail('malformed');
  }

  const parsed = embedClaims.safeParse(payload);
  if (!parsed.success) return fail('malformed');
  const claims = parsed.data;
  const now = Math.floor(deps.nowMs / 1000);
  if (claims.exp + clockSkewSeconds <= now) return fail('expired');
  if (claims.nbf !== undefined && claims.nbf > now + clockSkewSeconds) return fail('malformed');
  const lifetime = claims.exp - Math.min(claims.iat ?? now, now);
  if (lifetime > maxLifetimeSeconds + clockSkewSeconds) return fail('malformed');
  return { ok: true, claims, keys };
}
