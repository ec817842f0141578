import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials.js';

describe('data-source credentials at rest', () => {
  const credentials = createCredentials(randomBytes(32).toString('base64'));

  it('seals with a fresh IV each time and opens only for the same source', () => {
    const a = credentials.seal('source-a', 's3cret pässword');
    const b = credentials.seal('source-a', 's3cret pässword');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(credentials.open('source-a', a)).toBe('s3cret pässword');
    expect(() => credentials.open('source-b', a)).toThrow();
  });

  it('refuses a tampered ciphertext and another key', () => {
    const sealed = credentials.seal('s', 'password');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() =>
      credentials.open('s', [...parts.slice(0, 3), body.toString('base64url')].join('.')),
    ).toThrow();
    expect(() => createCredentials(randomBytes(32).toString('base64')).open('s', sealed)).toThrow();
    expect(() => createCredentials('short')).toThrow(/32 bytes/);
  });
});
