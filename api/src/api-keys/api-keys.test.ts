import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../crypto.js';
import { metadataDatabases } from '../testing/databases.js';
import { addUsers, addWorkspace, rulesTestApp } from '../testing/members.fixture.js';
import type { TestApp } from '../testing/test-app.js';
import { lastUsedIntervalMs } from './service.js';

describe.each(metadataDatabases())('API keys on $kind', ({ kind, skip }) => {
  let h: TestApp;
  let now = Date.parse('2026-11-25T12:00:00Z');
  let owner: string;
  let editor: string;
  let viewer: string;
  const url = '/api/workspaces/acme/api-keys';
  beforeAll(async () => {
    if (skip) return;
    h = await rulesTestApp(kind, () => now);
    [owner, editor, viewer] = await addUsers(h, 'Olga', 'Edu', 'Vera');
    await addWorkspace(h, 'acme', { [owner]: 'owner', [editor]: 'editor', [viewer]: 'viewer' });
    await addWorkspace(h, 'other', { [owner]: 'owner' });
  });
  afterAll(() => h?.close());

  const create = (userId: string, body: object) =>
    request(h.app).post(url).set('X-Test-User', userId).send(body);
  const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

  it.skipIf(skip)('shows the secret once and stores only its hash and prefix', async () => {
    const res = await create(editor, { name: 'CI', role: 'editor' }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { apiKey, secret } = res.body;
    expect(secret).toMatch(/^pnl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'CI',
      role: 'editor',
      userId: editor,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const row = await h.db('api_keys').where({ id: apiKey.id }).first();
    expect(row.secret_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(13));
    const list = await request(h.app).get(url).set('X-Test-User', editor).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(13));
    expect(list.body.apiKeys).toEqual([
      expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix }),
    ]);
    expect(h.audit.at(-1)).toMatchObject({
      type: 'api-key.create',
      actorId: editor,
      details: { prefix: apiKey.prefix },
    });
  });

  it.skipIf(skip)('never creates a key above the creator’s role, nor an owner key', async () => {
    const above = await create(viewer, { name: 'x', role: 'editor' })
      .set('Accept-Language', 'pt-BR')
      .expect(403);
    expect(above.body.title).toBe('Esse papel está acima do seu');
    await create(owner, { name: 'x', role: 'owner' }).expect(400);
    const bad = await create(owner, { name: '', role: 'viewer', scope: 'all' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'scope']);
  });

  it.skipIf(skip)('authenticates as Bearer; a revoked key fails at once', async () => {
    const { body } = await create(editor, { name: 'script', role: 'viewer' }).expect(201);
    const ctx = await h.services.workspaceArea.apiKeys.verify(body.secret);
    expect(ctx).toEqual({
      kind: 'apiKey',
      userId: editor,
      apiKeyId: body.apiKey.id,
      workspaceId: expect.any(String),
      role: 'viewer',
      // The owner's saved language, for answers to requests that name none.
      locale: 'en',
    });
    await request(h.app).get('/api/workspaces/acme').set(bearer(body.secret)).expect(200);
    // The key's role caps what it can do, whatever its member may.
    await request(h.app)
      .get('/api/workspaces/acme/probe/editor')
      .set(bearer(body.secret))
      .expect(403);
    await request(h.app).delete(`${url}/${body.apiKey.id}`).set('X-Test-User', editor).expect(200);
    expect(await h.services.workspaceArea.apiKeys.verify(body.secret)).toBeNull();
    await request(h.app).get('/api/workspaces/acme').set(bearer(body.secret)).expect(401);
    expect(h.audit.at(-1)).toMatchObject({
      type: 'api-key.revoke',
      details: { apiKeyId: body.apiKey.id },
    });
  });

  it.skipIf(skip)('rejects tampered and malformed tokens', async () => {
    const { body } = await create(editor, { name: 't', role: 'viewer' }).expect(201);
    const s: string = body.secret;
    const flipped = s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    for (const token of [
      flipped,
      s.replace(/^pnl_[0-9a-f]{8}/, 'pnl_00000000'),
      `${s}x`,
      '',
      'pnl_',
      s.toUpperCase(),
    ]) {
      expect(await h.services.workspaceArea.apiKeys.verify(token), token).toBeNull();
    }
  });

  it.skipIf(skip)('acts at the lower of its role and its member’s current role', async () => {
    const { body } = await create(owner, { name: 'admin key', role: 'admin' }).expect(201);
    await request(h.app)
      .get('/api/workspaces/acme/probe/admin')
      .set(bearer(body.secret))
      .expect(200);
    // Keys never act as owner, even the owner's.
    await request(h.app)
      .get('/api/workspaces/acme/probe/owner')
      .set(bearer(body.secret))
      .expect(403);
    const ed = await create(editor, { name: 'e', role: 'editor' }).expect(201);
    await request(h.app)
      .get('/api/workspaces/acme/probe/editor')
      .set(bearer(ed.body.secret))
      .expect(200);
    await request(h.app)
      .patch(`/api/workspaces/acme/members/${editor}`)
      .set('X-Test-User', owner)
      .send({ role: 'viewer' })
      .expect(200);
    const res = await request(h.app)
      .get('/api/workspaces/acme/probe/editor')
      .set(bearer(ed.body.secret))
      .expect(403);
    expect(res.body.detail).toBe(
      'This needs the editor role or higher; yours is viewer. Ask a workspace admin.',
    );
    await request(h.app)
      .patch(`/api/workspaces/acme/members/${editor}`)
      .set('X-Test-User', owner)
      .send({ role: 'editor' })
      .expect(200);
  });

  it.skipIf(skip)('works in its own workspace only', async () => {
    const { body } = await create(owner, { name: 'acme only', role: 'viewer' }).expect(201);
    await request(h.app).get('/api/workspaces/other').set(bearer(body.secret)).expect(404);
    const list = await request(h.app).get('/api/workspaces').set(bearer(body.secret)).expect(200);
    expect(
      list.body.workspaces.map((w: { slug: string; role: string }) => [w.slug, w.role]),
    ).toEqual([['acme', 'viewer']]);
  });

  it.skipIf(skip)(
    'cannot manage keys, create workspaces, or act for a browser session',
    async () => {
      const { body } = await create(owner, { name: 'ci', role: 'admin' }).expect(201);
      const s = bearer(body.secret);
      const refused = await request(h.app)
        .post(url)
        .set(s)
        .send({ name: 'more', role: 'viewer' })
        .expect(403);
      expect(refused.body.title).toBe('API keys cannot do this');
      await request(h.app).get(url).set(s).expect(403);
      await request(h.app).delete(`${url}/${body.apiKey.id}`).set(s).expect(403);
      await request(h.app).post('/api/workspaces').set(s).send({ name: 'new' }).expect(403);
      await request(h.app)
        .delete('/api/workspaces/acme')
        .set(s)
        .send({ confirm: 'acme' })
        .expect(403);
      await request(h.app)
        .post('/api/workspaces/acme/transfer')
        .set(s)
        .send({ userId: editor })
        .expect(403);
      await request(h.app).post('/api/workspaces/acme/leave').set(s).expect(403);
    },
  );

  it.skipIf(skip)('updates last_used_at at most once a minute', async () => {
    const { body } = await create(viewer, { name: 'busy', role: 'viewer' }).expect(201);
    const lastUsed = async () =>
      (await request(h.app).get(url).set('X-Test-User', viewer)).body.apiKeys.find(
        (k: { id: string }) => k.id === body.apiKey.id,
      ).lastUsedAt;
    const t0 = new Date(now).toISOString();
    await h.services.workspaceArea.apiKeys.verify(body.secret);
    expect(await lastUsed()).toBe(t0);
    now += lastUsedIntervalMs - 1;
    await h.services.workspaceArea.apiKeys.verify(body.secret);
    expect(await lastUsed()).toBe(t0);
    now += 1;
    await h.services.workspaceArea.apiKeys.verify(body.secret);
    expect(await lastUsed()).toBe(new Date(now).toISOString());
  });

  it.skipIf(skip)(
    'lists all keys to admins and own keys to others; revokes by owner or admin',
    async () => {
      const all = await request(h.app).get(url).set('X-Test-User', owner).expect(200);
      const mine = await request(h.app).get(url).set('X-Test-User', viewer).expect(200);
      expect(all.body.apiKeys.length).toBeGreaterThan(mine.body.apiKeys.length);
      expect(mine.body.apiKeys.every((k: { userId: string }) => k.userId === viewer)).toBe(true);
      const ownersKey = all.body.apiKeys.find(
        (k: { userId: string; revokedAt: null }) => k.userId === owner && !k.revokedAt,
      );
      await request(h.app).delete(`${url}/${ownersKey.id}`).set('X-Test-User', viewer).expect(404);
      const viewersKey = mine.body.apiKeys[0];
      const revoked = await request(h.app)
        .delete(`${url}/${viewersKey.id}`)
        .set('X-Test-User', owner)
        .expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      await request(h.app).delete(`${url}/nope`).set('X-Test-User', owner).expect(404);
    },
  );
});
