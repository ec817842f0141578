import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../crypto.js';
import { metadataDatabases } from '../testing/databases.js';
import { addUsers, rulesTestApp } from '../testing/members.fixture.js';
import type { TestApp } from '../testing/test-app.js';

const testPublicUrl = 'https://painel.example';

describe.each(metadataDatabases())('workspaces on $kind', ({ kind, skip }) => {
  let h: TestApp;
  let now = Date.parse('2026-11-25T12:00:00Z');
  let ana: string;
  let bia: string;
  let caio: string;
  beforeAll(async () => {
    if (skip) return;
    h = await rulesTestApp(kind, () => now, { publicUrl: testPublicUrl });
    [ana, bia, caio] = await addUsers(h, 'Ana', 'Bia', 'Caio');
  });
  afterAll(() => h?.close());

  const as = (userId: string) => ({
    get: (url: string) => request(h.app).get(url).set('X-Test-User', userId),
    post: (url: string, body?: object) =>
      request(h.app).post(url).set('X-Test-User', userId).send(body),
    patch: (url: string, body: object) =>
      request(h.app).patch(url).set('X-Test-User', userId).send(body),
    delete: (url: string, body?: object) =>
      request(h.app).delete(url).set('X-Test-User', userId).send(body),
  });

  it.skipIf(skip)(
    'creates a workspace with a unique slug from its name; the creator owns it',
    async () => {
      const first = await as(ana).post('/api/workspaces', { name: 'Vendas São Paulo' }).expect(201);
      expect(first.body).toMatchObject({
        slug: 'vendas-sao-paulo',
        name: 'Vendas São Paulo',
        role: 'owner',
      });
      const second = await as(bia)
        .post('/api/workspaces', { name: 'vendas  são paulo!' })
        .expect(201);
      expect(second.body.slug).toBe('vendas-sao-paulo-2');
      const weird = await as(bia).post('/api/workspaces', { name: '📈📉' }).expect(201);
      expect(weird.body.slug).toBe('workspace');
      const mine = await as(ana).get('/api/workspaces').expect(200);
      expect(mine.body.workspaces).toEqual([
        expect.objectContaining({ slug: 'vendas-sao-paulo', role: 'owner' }),
      ]);
      expect(h.audit.at(-3)).toMatchObject({ type: 'workspace.create', actorId: ana });
    },
  );

  it.skipIf(skip)('refuses anonymous callers with 401 problem+json', async () => {
    const res = await request(h.app)
      .get('/api/workspaces')
      .set('Accept-Language', 'pt-BR')
      .expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.title).toBe('Entre primeiro');
    await request(h.app).get('/api/workspaces/vendas-sao-paulo').expect(401);
  });

  it.skipIf(skip)('renames (admin+) without changing the slug', async () => {
    const res = await as(ana)
      .patch('/api/workspaces/vendas-sao-paulo', { name: 'Vendas SP' })
      .expect(200);
    expect(res.body).toMatchObject({ slug: 'vendas-sao-paulo', name: 'Vendas SP' });
    expect(h.audit.at(-1)).toMatchObject({
      type: 'workspace.rename',
      details: { from: 'Vendas São Paulo', to: 'Vendas SP' },
    });
  });

  it.skipIf(skip)('invites by email with a single-use link built from the public URL', async () => {
    const res = await request(h.app)
      .post('/api/workspaces/vendas-sao-paulo/invites')
      .set('X-Test-User', ana)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('Accept-Language', 'pt-BR')
      .send({ email: 'BIA@example.org', role: 'editor' })
      .expect(201);
    expect(res.body).toMatchObject({ email: 'bia@example.org', role: 'editor', invitedBy: ana });
    expect(res.body).not.toHaveProperty('token');
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(7 * 86_400_000);
    const mail = h.mail.at(-1)!;
    expect(mail).toMatchObject({
      to: 'bia@example.org',
      template: 'invite',
      locale: 'en', // Bia's own language, not the sender's
      params: { inviter: 'Ana', workspace: 'Vendas SP', role: 'editor', days: 7 },
    });
    const link = new URL((mail.params as { link: string }).link);
    expect(link.origin + link.pathname).toBe(`${testPublicUrl}/invites/accept`);
    const token = link.searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await h.db('workspace_invites').where({ id: res.body.id }).first();
    expect(stored.token_hash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const pending = await as(ana).get('/api/workspaces/vendas-sao-paulo/invites').expect(200);
    expect(pending.body.invites.map((i: { id: string }) => i.id)).toEqual([res.body.id]);

    // Only the invited address may accept.
    const wrong = await as(caio).post('/api/invites/accept', { token }).expect(403);
    expect(wrong.body.title).toBe('This invite is for another email address');
    const ok = await as(bia).post('/api/invites/accept', { token }).expect(200);
    expect(ok.body).toMatchObject({ slug: 'vendas-sao-paulo', role: 'editor' });
    await as(bia).post('/api/invites/accept', { token }).expect(410);
    await as(bia).post('/api/invites/accept', { token: 'nope' }).expect(404);
    const members = await as(bia).get('/api/workspaces/vendas-sao-paulo/members').expect(200);
    expect(
      members.body.members.map((m: { name: string; role: string }) => [m.name, m.role]),
    ).toEqual([
      ['Ana', 'owner'],
      ['Bia', 'editor'],
    ]);
    expect(h.audit.at(-1)).toMatchObject({ type: 'invite.accept', actorId: bia });
  });

  it.skipIf(skip)('expires invites after 7 days, and revokes them', async () => {
    await as(ana)
      .post('/api/workspaces/vendas-sao-paulo/invites', {
        email: 'caio@example.org',
        role: 'viewer',
      })
      .expect(201);
    const token = new URL((h.mail.at(-1)!.params as { link: string }).link).searchParams.get(
      'token',
    )!;
    now += 7 * 86_400_000 + 1;
    const late = await as(caio).post('/api/invites/accept', { token }).expect(410);
    expect(late.body.title).toBe('This invite can no longer be used');
    expect((await as(ana).get('/api/workspaces/vendas-sao-paulo/invites')).body.invites).toEqual(
      [],
    );

    const again = await as(ana)
      .post('/api/workspaces/vendas-sao-paulo/invites', {
        email: 'caio@example.org',
        role: 'viewer',
      })
      .expect(201);
    const token2 = new URL((h.mail.at(-1)!.params as { link: string }).link).searchParams.get(
      'token',
    )!;
    await as(ana).delete(`/api/workspaces/vendas-sao-paulo/invites/${again.body.id}`).expect(204);
    await as(ana).delete(`/api/workspaces/vendas-sao-paulo/invites/${again.body.id}`).expect(404);
    await as(caio).post('/api/invites/accept', { token: token2 }).expect(410);
    // Already a member: no invite.
    await as(ana)
      .post('/api/workspaces/vendas-sao-paulo/invites', {
        email: 'bia@example.org',
        role: 'viewer',
      })
      .expect(409);
  });

  it.skipIf(skip)('never invites above the inviter’s role nor as owner', async () => {
    const res = await as(ana)
      .post('/api/workspaces/vendas-sao-paulo/invites', { email: 'x@example.org', role: 'owner' })
      .expect(400);
    expect(res.body.errors).toEqual([{ path: 'role', message: 'Not valid' }]);
  });

  it.skipIf(skip)('changes roles, never to or from owner', async () => {
    const ws = '/api/workspaces/vendas-sao-paulo';
    await as(ana).patch(`${ws}/members/${bia}`, { role: 'admin' }).expect(200);
    // Bia, admin, cannot touch the owner…
    const own = await as(bia).patch(`${ws}/members/${ana}`, { role: 'viewer' }).expect(403);
    expect(own.body.title).toBe("The owner's membership cannot be changed here");
    await as(bia).delete(`${ws}/members/${ana}`).expect(403);
    await as(bia).patch(`${ws}/members/${bia}`, { role: 'owner' }).expect(400);
    await as(bia).patch(`${ws}/members/nobody`, { role: 'viewer' }).expect(404);
    expect(h.audit.filter((e) => e.type === 'member.role')).toHaveLength(1);
  });

  it.skipIf(skip)('transfers ownership to a member; the old owner becomes admin', async () => {
    const ws = '/api/workspaces/vendas-sao-paulo';
    await as(ana).post(`${ws}/transfer`, { userId: ana }).expect(400);
    await as(ana).post(`${ws}/transfer`, { userId: caio }).expect(404);
    await as(ana).post(`${ws}/leave`).expect(409);
    const res = await as(ana).post(`${ws}/transfer`, { userId: bia }).expect(200);
    expect(res.body).toMatchObject({ userId: bia, role: 'owner' });
    const mine = await as(ana).get(ws).expect(200);
    expect(mine.body.role).toBe('admin');
    expect(h.audit.at(-1)).toMatchObject({
      type: 'workspace.transfer',
      details: { from: ana, to: bia },
    });
  });

  it.skipIf(skip)('removes members and lets them leave, revoking their keys', async () => {
    const ws = '/api/workspaces/vendas-sao-paulo';
    const key = await as(ana).post(`${ws}/api-keys`, { name: 'ci', role: 'viewer' }).expect(201);
    await as(ana).post(`${ws}/leave`).expect(204);
    await as(ana).get(ws).expect(404);
    const row = await h.db('api_keys').where({ id: key.body.apiKey.id }).first();
    expect(row.revoked_at).not.toBeNull();
    await request(h.app).get(ws).set('Authorization', `Bearer ${key.body.secret}`).expect(401);

    await h.db('workspace_members').insert({
      workspace_id: (await h.db('workspaces').where({ slug: 'vendas-sao-paulo' }).first()).id,
      user_id: caio,
      role: 'viewer',
      created_at: new Date(),
    });
    await as(bia).delete(`${ws}/members/${caio}`).expect(204);
    await as(caio).get(ws).expect(404);
    expect(h.audit.at(-1)).toMatchObject({ type: 'member.remove', details: { userId: caio } });
  });

  it.skipIf(skip)('deletes a workspace only with the slug typed again', async () => {
    const ws = '/api/workspaces/vendas-sao-paulo';
    const bad = await as(bia)
      .delete(ws, { confirm: 'vendas' })
      .set('Accept-Language', 'pt-BR')
      .expect(400);
    expect(bad.body.title).toBe('A confirmação não confere');
    await as(bia).delete(ws, {}).expect(400);
    const { id } = (await as(bia).get(ws).expect(200)).body;
    await as(bia).delete(ws, { confirm: 'vendas-sao-paulo' }).expect(204);
    await as(bia).get(ws).expect(404);
    expect(await h.db('workspace_members').where({ workspace_id: id })).toEqual([]);
    expect(await h.db('workspace_invites').where({ workspace_id: id })).toEqual([]);
    expect(h.audit.at(-1)).toMatchObject({
      type: 'workspace.delete',
      workspaceId: expect.any(String),
    });
  });

  it.skipIf(skip)(
    'rejects bad bodies field by field in the reader’s language, never a 500',
    async () => {
      const cases: [string, string, object | string][] = [
        ['post', '/api/workspaces', {}],
        ['post', '/api/workspaces', { name: '' }],
        ['post', '/api/workspaces', { name: 'x'.repeat(201) }],
        ['post', '/api/workspaces', { name: 'ok', extra: 1 }],
        ['post', '/api/workspaces', { name: 42 }],
        ['post', '/api/invites/accept', { token: 5 }],
        ['post', '/api/invites/accept', '{"token": '],
      ];
      for (const [method, url, body] of cases) {
        const req = method === 'post' ? request(h.app).post(url) : request(h.app).patch(url);
        const res = await req
          .set('X-Test-User', ana)
          .set('Accept-Language', 'pt-BR')
          .set('Content-Type', 'application/json')
          .send(typeof body === 'string' ? body : JSON.stringify(body));
        expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['content-language']).toBe('pt-BR');
      }
    },
  );
});
