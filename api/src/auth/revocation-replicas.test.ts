import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { browser } from '../testing/browser.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Two replicas of one instance (one metadata database, one Redis of the test's own), each with
 * its auth cache: who sent a request is read from the database once, then from memory, and a
 * revocation made through one replica fails the very next request to the other.
 */
describe('sessions and API keys across replicas', () => {
  let redis: RedisServer;
  let a: TestApp;
  let b: TestApp;
  // The metadata reads of who sent a request, on replica b.
  const reads = { sessions: 0, apiKeys: 0, memberships: 0 };

  beforeAll(async () => {
    redis = await startRedisServer();
    a = await createTestApp({ demoTables: [], redisUrl: redis.url });
    b = await createTestApp({ demoTables: [], redisUrl: redis.url, replicaOf: a });
    await a.services.redisConnected;
    await b.services.redisConnected;
    b.db.on('query', (query: { sql: string }) => {
      if (/from [`"]sessions[`"] as [`"]s[`"]/i.test(query.sql)) reads.sessions += 1;
      if (/from [`"]api_keys[`"] as [`"]k[`"]/i.test(query.sql)) reads.apiKeys += 1;
      if (/join [`"]workspace_members[`"] as [`"]m[`"]/i.test(query.sql)) reads.memberships += 1;
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.destroy();
  });

  /** Replica b's answer to `headers`, and how many session and key reads it cost. */
  async function onB(path: string, headers: Record<string, string>) {
    const before = { ...reads };
    const res = await request(b.app).get(path).set(headers);
    return {
      status: res.status,
      sessionReads: reads.sessions - before.sessions,
      keyReads: reads.apiKeys - before.apiKeys,
      membershipReads: reads.memberships - before.memberships,
    };
  }

  /** Waits until b answers `path` for `headers` from memory: no session or membership read. */
  async function rememberedOnB(path: string, headers: Record<string, string>) {
    await expect
      .poll(async () => {
        const read = await onB(path, headers);
        return [read.status, read.sessionReads + read.membershipReads];
      })
      .toEqual([200, 0]);
  }

  it('fails a session revoked on the other replica at once', async () => {
    const { b: laptop } = await person(a, 'owner@example.org');
    const phone = browser(a.app);
    await phone.post('/api/auth/login', {
      email: 'owner@example.org',
      password: 'correct horse battery',
    });
    const phoneSession = phone.session();
    // Once its subscription is up, b reads the session once and then remembers it.
    await expect.poll(async () => (await onB('/api/auth/me', phoneSession)).sessionReads).toBe(0);
    expect((await onB('/api/auth/me', phoneSession)).status).toBe(200);
    const sessions = (await laptop.get('/api/auth/sessions')).body.sessions as Array<{
      id: string;
      current: boolean;
    }>;
    const other = sessions.find((s) => !s.current);
    expect((await laptop.delete(`/api/auth/sessions/${other?.id}`)).status).toBe(204);
    expect((await onB('/api/auth/me', phoneSession)).status).toBe(401);
    expect((await onB('/api/auth/me', laptop.session())).status).toBe(200);
  });

  it('fails an API key revoked on the other replica at once', async () => {
    const { b: admin } = await person(a, 'keys@example.org', 'admin');
    const created = await admin.post('/api/workspaces/demo/api-keys', {
      name: 'ci',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const bearer = { Authorization: `Bearer ${created.body.secret}` };
    const dashboards = '/api/workspaces/demo/dashboards';
    await expect.poll(async () => (await onB(dashboards, bearer)).keyReads).toBe(0);
    expect((await onB(dashboards, bearer)).status).toBe(200);
    const revoked = await admin.delete(`/api/workspaces/demo/api-keys/${created.body.apiKey.id}`);
    expect(revoked.status).toBe(200);
    expect((await onB(dashboards, bearer)).status).toBe(401);
  });

  it('refuses a member removed on the other replica at once', async () => {
    const { b: admin } = await person(a, 'admin@example.org', 'admin');
    const { b: member, id } = await person(a, 'leaving@example.org', 'editor');
    const session = member.session();
    const dashboards = '/api/workspaces/demo/dashboards';
    await rememberedOnB(dashboards, session);
    expect((await admin.delete(`/api/workspaces/demo/members/${id}`)).status).toBe(204);
    expect((await onB(dashboards, session)).status).toBe(404);
  });

  it('applies a role lowered on the other replica at once', async () => {
    const { b: owner } = await person(a, 'chief@example.org', 'admin');
    const { b: member, id } = await person(a, 'demoted@example.org', 'admin');
    const session = member.session();
    const invites = '/api/workspaces/demo/invites';
    await rememberedOnB(invites, session);
    const lowered = await owner.patch(`/api/workspaces/demo/members/${id}`, { role: 'viewer' });
    expect(lowered.status).toBe(200);
    expect((await onB(invites, session)).status).toBe(403);
  });

  it("answers in a member's new language on the other replica at once", async () => {
    const { b: member } = await person(a, 'lang@example.org', 'viewer');
    const session = member.session();
    await expect.poll(async () => (await onB('/api/auth/me', session)).sessionReads).toBe(0);
    expect((await member.patch('/api/auth/me', { locale: 'pt-BR' })).status).toBe(200);
    // An unknown dashboard, asked without Accept-Language: the problem is in the saved language.
    const missing = await request(b.app).get('/api/workspaces/demo/dashboards/nope').set(session);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-language']).toBe('pt-BR');
  });
});
