import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('Bearer API keys through the injected verifier', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      demoTables: [],
      verifyApiKey: async (token) =>
        token === 'pk_live_ok'
          ? {
              kind: 'apiKey',
              userId: 'u1',
              apiKeyId: 'k1',
              workspaceId: 'w1',
              role: 'viewer',
              locale: 'pt-BR',
            }
          : null,
    });
  });
  afterAll(() => t.close());

  it('authenticates a verified key without CSRF, refuses account routes and unknown keys', async () => {
    const ok = await request(t.app)
      .post('/api/auth/logout')
      .set('Authorization', 'Bearer pk_live_ok');
    // Not a CSRF 403: account routes answer that API keys cannot manage sessions, in the key
    // owner's saved language when the request names none…
    expect(ok.status).toBe(403);
    expect(ok.body.title).toBe('Entre pelo navegador para fazer isto');
    // …and in the one it asks for when it does.
    const english = await request(t.app)
      .post('/api/auth/logout')
      .set('Authorization', 'Bearer pk_live_ok')
      .set('Accept-Language', 'en-GB');
    expect(english.body.title).toBe('Log in in a browser to do this');
    const bad = await request(t.app)
      .get('/api/auth/me')
      .set('Authorization', 'Bearer pk_live_revoked')
      .set('Accept-Language', 'pt-BR');
    expect(bad.status).toBe(401);
    expect(bad.body.title).toBe('A chave de API não é válida');
  });
});
