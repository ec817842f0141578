import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Data-source secrets at rest: AES-256-GCM with a random 96-bit IV per write, bound to the
 * source's id (additional authenticated data), so a ciphertext copied onto another source's row
 * does not decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export interface Credentials {
  seal(sourceId: string, secret: string): string;
  open(sourceId: string, sealed: string): string;
}

export function createCredentials(base64Key: string): Credentials {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('the data-source key must be 32 bytes (base64)');
  return {
    seal(sourceId, secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(sourceId));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sourceId, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) {
        throw new Error('unreadable data-source secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(sourceId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
