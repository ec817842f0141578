import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Hex SHA-256: how refresh tokens, invite tokens and API-key secrets are stored, so a database
 * leak does not hand out live tokens. High-entropy secrets need no salt.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** `bytes` random bytes as base64url (32 bytes → 43 characters): links, refresh tokens, keys. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

/** String comparison in constant time, for secrets a caller could otherwise guess byte by byte. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
