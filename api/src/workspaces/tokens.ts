import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256: how invite tokens and API-key secrets are stored. High-entropy secrets need no salt. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `bytes` random bytes as base64url (32 bytes → 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Timestamps come back as Date (PostgreSQL) or epoch milliseconds (SQLite). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') return new Date(/^\d+$/.test(value) ? Number(value) : value);
  return null;
}

export function toIso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}
