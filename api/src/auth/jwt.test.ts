import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../testing/browser.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createAccessTokens } from './jwt.js';

const secret = 'a-test-secret-of-at-least-32-characters!';
let clock = Date.parse('2026-03-01T12:00:00Z');
const tokens = createAccessTokens({ secret, ttlSeconds: 900, now: () => clock });

describe('createAccessTokens', () => {
  it('round-trips sub and sid, expires after the TTL', async () => {
    const token = await tokens.sign({ sub: 'u1', sid: 's1' });
    expect(await tokens.verify(token)).toEqual({ sub: 'u1', sid: 's1' });
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({
      alg: 'HS256',
    });
    clock += 901_000;
    expect(await tokens.verify(token)).toBeNull();
    clock -= 901_000;
  });

  it('accepts tokens of the previous key after a rotation until they expire, and signs with the new one', async () => {
    const before = await tokens.sign({ sub: 'u1', sid: 's1' });
    const rotated = createAccessTokens({
      secret: `${secret}-rotated`,
      previousSecret: secret,
      ttlSeconds: 900,
      now: () => clock,
    });
    expect(await rotated.verify(before)).toEqual({ sub: 'u1', sid: 's1' });
    // Tokens made after the rotation are the new key's: the old key alone does not take them.
    const after = await rotated.sign({ sub: 'u2', sid: 's2' });
    expect(await rotated.verify(after)).toEqual({ sub: 'u2', sid: 's2' });
    expect(await tokens.verify(after)).toBeNull();
    // Without the previous key, or once expired, the old token is refused.
    const forgotten = createAccessTokens({
      secret: `${secret}-rotated`,
      ttlSeconds: 900,
      now: () => clock,
    });
    expect(await forgotten.verify(before)).toBeNull();
    clock += 901_000;
    expect(await rotated.verify(before)).toBeNull();
    clock -= 901_000;
  });

  it('rejects tampered, alg:none, wrong-key and other-algorithm tokens', async () => {
    const token = await tokens.sign({ sub: 'u1', sid: 's1' });
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'admin' })).toString('base64url');
    expect(await tokens.verify(`${h}.${forged}.${s}`)).toBeNull();
    const none = new UnsecuredJWT({ sid: 's1' })
      .setSubject('u1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    expect(await tokens.verify(none)).toBeNull();
    const other = createAccessTokens({
      secret: `${secret}-other`,
      ttlSeconds: 900,
      now: () => clock,
    });
    expect(await tokens.verify(await other.sign({ sub: 'u1', sid: 's1' }))).toBeNull();
    const hs512 = await new SignJWT({ sid: 's1' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u1')
      .setIssuedAt(Math.floor(clock / 1000))
      .setExpirationTime(Math.floor(clock / 1000) + 60)
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verify(hs512)).toBeNull();
    expect(await tokens.verify('not.a.jwt')).toBeNull();
  });
});

describe('access cookie over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demoTables: [] });
  });
  afterAll(() => t.close());

  it('treats a forged access cookie as anonymous (401 on /me)', async () => {
    const b = browser(t.app);
    await b.post('/api/auth/signup', {
      email: 'jwt@example.org',
      name: 'J',
      password: 'a good long password',
      locale: 'en',
    });
    await b.post('/api/auth/login', { email: 'jwt@example.org', password: 'a good long password' });
    const access = b.jar.get('painel_access') ?? '';
    const [h, p] = access.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    for (const cookie of [`${h}.${p}.AAAA`, none, 'garbage']) {
      const res = await request(t.app).get('/api/auth/me').set('Cookie', `painel_access=${cookie}`);
      expect(res.status).toBe(401);
    }
    expect((await b.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a Bearer token nobody verifies, and skips CSRF for a verified one', async () => {
    const res = await request(t.app).get('/api/auth/me').set('Authorization', 'Bearer nope');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});
