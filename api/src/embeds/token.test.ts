import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { type EmbedKeys, readUnverified, verifyEmbedToken } from './token.js';

const secret = 'current-secret-0123456789abcdefghijklmnopqrstuv';
const oldSecret = 'previous-secret-0123456789abcdefghijklmnopqrst';
const nowMs = Date.parse('2026-06-01T12:00:00Z');
const now = nowMs / 1000;
const day = 24 * 60 * 60;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs by hand with node:crypto, independently of jose: header and payload exactly as given. */
function handSigned(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }, key = secret) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const joseSigned = (payload: Record<string, unknown>, key = secret) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));

const claims = (extra: Record<string, unknown> = {}) => ({
  workspace: 'acme',
  resource: { dashboard: 'sales' },
  exp: now + 600,
  iat: now,
  ...extra,
});

function keys(over: Partial<EmbedKeys> = {}) {
  const k: EmbedKeys = { current: secret, previous: null, ...over };
  return vi.fn(async (slug: string) => (slug === 'acme' ? k : null));
}

const verify = (token: string, keysFor = keys(), at = nowMs) =>
  verifyEmbedToken(token, { keysFor, nowMs: at });

describe('verifyEmbedToken', () => {
  it('accepts a token signed with jose, with the documented defaults', async () => {
    const result = await verify(await joseSigned(claims()));
    expect(result).toMatchObject({
      ok: true,
      claims: {
        workspace: 'acme',
        resource: { dashboard: 'sales' },
        params: {},
        locale: 'en',
        theme: 'system',
      },
    });
  });

  it('accepts a token signed by hand with HMAC-SHA256 over the secret’s text', async () => {
    const token = handSigned(
      claims({
        resource: { dashboard: 'sales', card: 'revenue' },
        params: { region: 'EU', period: { start: '2026-01-01', end: '2026-03-31' } },
        locale: 'pt-BR',
        theme: 'dark',
      }),
    );
    const result = await verify(token);
    expect(result).toMatchObject({
      ok: true,
      claims: {
        resource: { dashboard: 'sales', card: 'revenue' },
        params: { region: 'EU', period: { start: '2026-01-01', end: '2026-03-31' } },
        locale: 'pt-BR',
        theme: 'dark',
      },
    });
  });

  it('refuses a tampered payload and a wrong secret alike, as badSignature', async () => {
    const token = await joseSigned(claims());
    const [header, , signature] = token.split('.');
    const widened = `${header}.${b64(claims({ resource: { dashboard: 'payroll' } }))}.${signature}`;
    expect(await verify(widened)).toEqual({ ok: false, reason: 'badSignature', locale: 'en' });
    const other = await joseSigned(claims(), 'another-secret-entirely-0123456789abcdef');
    expect(await verify(other)).toMatchObject({ ok: false, reason: 'badSignature' });
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verify(flipped)).toMatchObject({ ok: false });
  });

  it.each([
    ['none', { alg: 'none', typ: 'JWT' }],
    ['HS512', { alg: 'HS512', typ: 'JWT' }],
    ['lower-case hs256', { alg: 'hs256' }],
    ['RS256', { alg: 'RS256' }],
    ['no alg', { typ: 'JWT' }],
    ['a critical extension', { alg: 'HS256', crit: ['exp'], exp: 1 }],
  ])('refuses alg %s before looking up any key', async (_name, header) => {
    const keysFor = keys();
    const unsigned = `${b64(header)}.${b64(claims())}.`;
    expect(await verify(unsigned, keysFor)).toMatchObject({ ok: false, reason: 'malformed' });
    const hs512 = `${b64(header)}.${b64(claims())}.${createHmac('sha512', secret)
      .update(`${b64(header)}.${b64(claims())}`)
      .digest('base64url')}`;
    expect(await verify(hs512, keysFor)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(keysFor).not.toHaveBeenCalled();
  });

  it('refuses an expired token, with 30 seconds of clock skew', async () => {
    expect(await verify(handSigned(claims({ exp: now - 31, iat: now - 600 })))).toEqual({
      ok: false,
      reason: 'expired',
      locale: 'en',
    });
    expect(await verify(handSigned(claims({ exp: now - 10, iat: now - 600 })))).toMatchObject({
      ok: true,
    });
  });

  it('requires exp and refuses lifetimes over 30 days', async () => {
    const { exp: _exp, ...noExp } = claims();
    expect(await verify(handSigned(noExp))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await verify(handSigned(claims({ exp: now + 31 * day })))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    const { iat: _iat, ...noIat } = claims({ exp: now + 31 * day });
    expect(await verify(handSigned(noIat))).toMatchObject({ ok: false, reason: 'malformed' });
    // Issued 20 days ago for 35 days: still too long, though it has 15 days left.
    expect(
      await verify(handSigned(claims({ iat: now - 20 * day, exp: now + 15 * day }))),
    ).toMatchObject({ ok: false, reason: 'malformed' });
    expect(
      await verify(handSigned(claims({ iat: now - 20 * day, exp: now + 5 * day }))),
    ).toMatchObject({ ok: true });
    expect(await verify(handSigned(claims({ exp: now + 30 * day })))).toMatchObject({ ok: true });
  });

  it('refuses a token not yet valid (nbf)', async () => {
    expect(await verify(handSigned(claims({ nbf: now + 3600 })))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it.each([
    ['a resource with extra fields', { resource: { dashboard: 'sales', query: 'x' } }],
    ['a resource that is not a dashboard', { resource: { dataSource: 'warehouse' } }],
    ['params that are not an object', { params: ['region'] }],
    ['an unknown locale', { locale: 'fr' }],
    ['an unknown theme', { theme: 'neon' }],
    ['exp as text', { exp: String(now + 600) }],
  ])('refuses %s as malformed', async (_name, extra) => {
    expect(await verify(handSigned(claims(extra)))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('names the workspace’s absence, or its missing secret', async () => {
    expect(await verify(handSigned(claims({ workspace: 'nobody' })))).toMatchObject({
      ok: false,
      reason: 'notFound',
    });
    expect(await verify(handSigned(claims()), keys({ current: null }))).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
    const { workspace: _w, ...noWorkspace } = claims();
    expect(await verify(handSigned(noWorkspace))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('honours the previous secret during its grace period, and calls it revoked after', async () => {
    const token = handSigned(claims(), undefined, oldSecret);
    const rotated = (validUntilMs: number) =>
      keys({ current: secret, previous: { secret: oldSecret, validUntilMs } });
    expect(await verify(token, rotated(nowMs + 1000))).toMatchObject({ ok: true });
    expect(await verify(token, rotated(nowMs))).toMatchObject({ ok: false, reason: 'revoked' });
    // A token neither secret signed is still just a bad signature.
    const stranger = handSigned(claims(), undefined, 'neither-secret-0123456789abcdefghijk');
    expect(await verify(stranger, rotated(nowMs + 1000))).toMatchObject({
      ok: false,
      reason: 'badSignature',
    });
    // The current secret keeps working through a rotation.
    expect(await verify(handSigned(claims()), rotated(nowMs + 1000))).toMatchObject({ ok: true });
  });

  it.each([
    ['empty', ''],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['not base64url JSON', 'a!b.c$d.e'],
    ['JSON that is not an object', `${b64([1])}.${b64('x')}.sig`],
    ['very long', `${'a'.repeat(9000)}.b.c`],
  ])('refuses a token that is %s as malformed, in English', async (_name, token) => {
    expect(await verify(token)).toEqual({ ok: false, reason: 'malformed', locale: 'en' });
  });

  it('reports failures in the token’s language when it can be read', async () => {
    const expired = handSigned(claims({ exp: now - 3600, iat: now - 7200, locale: 'pt-BR' }));
    expect(await verify(expired)).toEqual({ ok: false, reason: 'expired', locale: 'pt-BR' });
    expect(readUnverified(expired)?.locale).toBe('pt-BR');
    expect(readUnverified('garbage')).toBeNull();
  });
});
