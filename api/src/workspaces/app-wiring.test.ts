import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// The area as createApp mounts it: real authentication middleware, real verifyApiKey.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
});
afterAll(() => t?.close());

describe('workspaces in the app', () => {
  it('authenticates API keys through the app and lists the routes in OpenAPI', async () => {
    const userId = randomUUID();
    const at = new Date();
    await t.db('users').insert({
      id: userId,
      email: 'k@example.org',
      name: 'K',
      password_hash: 'x',
      created_at: at,
      updated_at: at,
    });
    const demo = await t.db('workspaces').where({ slug: 'demo' }).first('id', 'slug');
    await t
      .db('workspace_members')
      .insert({ workspace_id: demo.id, user_id: userId, role: 'editor', created_at: at });
    const { secret } = await t.services.workspaceArea.apiKeys.create(
      { userId },
      { id: demo.id, slug: 'demo', role: 'editor' },
      { name: 'ci', role: 'viewer' },
    );
    const res = await request(t.app)
      .get('/api/workspaces/demo')
      .set('Authorization', `Bearer ${secret}`)
      .expect(200);
    expect(res.body).toMatchObject({ slug: 'demo', role: 'viewer' });
    await request(t.app).get('/api/workspaces/demo').expect(401);
    await request(t.app)
      .get('/api/workspaces/demo')
      .set('Authorization', 'Bearer pnl_nope')
      .expect(401);
    const openapi = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/workspaces/{workspace}/members/{userId}',
        '/api/workspaces/{workspace}/api-keys/{keyId}',
        '/api/invites/accept',
      ]),
    );
  });
});
