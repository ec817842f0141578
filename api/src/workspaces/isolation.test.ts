import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../auth/context.js';
import { metadataDatabases } from '../testing/databases.js';
import { addUser, addWorkspace } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { workspaceAreaRoutes } from './area.js';

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
const verbs: Verb[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Every path the area serves, with a body that would be valid, filled in for one workspace. */
interface Ids {
  slug: string;
  memberId: string;
  inviteId: string;
  keyId: string;
}
const paths: ((ids: Ids) => string)[] = [
  () => '/api/workspaces',
  (i) => `/api/workspaces/${i.slug}`,
  (i) => `/api/workspaces/${i.slug}/members`,
  (i) => `/api/workspaces/${i.slug}/members/${i.memberId}`,
  (i) => `/api/workspaces/${i.slug}/leave`,
  (i) => `/api/workspaces/${i.slug}/transfer`,
  (i) => `/api/workspaces/${i.slug}/invites`,
  (i) => `/api/workspaces/${i.slug}/invites/${i.inviteId}`,
  (i) => `/api/workspaces/${i.slug}/api-keys`,
  (i) => `/api/workspaces/${i.slug}/api-keys/${i.keyId}`,
  (i) => `/api/workspaces/${i.slug}/probe/viewer`,
  () => '/api/invites/accept',
];
const validBody = (verb: Verb, url: string, i: Ids): object => {
  if (url.endsWith('/accept')) return { token: 'a-token-of-someone-else' };
  if (url.endsWith('/transfer')) return { userId: i.memberId };
  if (url.endsWith('/invites')) return { email: 'new@example.org', role: 'viewer' };
  if (url.endsWith('/api-keys')) return { name: 'k', role: 'viewer' };
  if (url.includes('/members/')) return { role: 'admin' };
  if (url === `/api/workspaces/${i.slug}`)
    return verb === 'delete' ? { confirm: i.slug } : { name: 'Hacked' };
  return {};
};

describe.each(metadataDatabases())('workspace isolation on $kind', ({ kind, skip }) => {
  let h: TestApp;
  const now = Date.parse('2026-11-25T12:00:00Z');
  let xOwner: string;
  let xKey: string;
  let x: Ids;
  let y: Ids;
  let yState: () => Promise<unknown>;

  beforeAll(async () => {
    if (skip) return;
    h = await createTestApp({
      database: kind,
      demoTables: [],
      now: () => now,
      testUserHeader: true,
    });
    xOwner = await addUser(h, 'Xavier');
    const xMember = await addUser(h, 'Xena');
    const yOwner = await addUser(h, 'Yara');
    const yMember = await addUser(h, 'Yuri');
    await addWorkspace(h, 'x', { [xOwner]: 'owner', [xMember]: 'viewer' });
    const yId = await addWorkspace(h, 'y', { [yOwner]: 'owner', [yMember]: 'viewer' });
    const as = (u: string) => ({ 'X-Test-User': u });
    const keyX = await request(h.app)
      .post('/api/workspaces/x/api-keys')
      .set(as(xOwner))
      .send({ name: 'x', role: 'admin' });
    xKey = keyX.body.secret;
    const keyY = await request(h.app)
      .post('/api/workspaces/y/api-keys')
      .set(as(yOwner))
      .send({ name: 'y', role: 'admin' });
    const invX = await request(h.app)
      .post('/api/workspaces/x/invites')
      .set(as(xOwner))
      .send({ email: 'i@example.org', role: 'viewer' });
    const invY = await request(h.app)
      .post('/api/workspaces/y/invites')
      .set(as(yOwner))
      .send({ email: 'i@example.org', role: 'viewer' });
    x = { slug: 'x', memberId: xMember, inviteId: invX.body.id, keyId: keyX.body.apiKey.id };
    y = { slug: 'y', memberId: yMember, inviteId: invY.body.id, keyId: keyY.body.apiKey.id };
    // Everything of Y's that a request could change.
    yState = async () => ({
      workspace: await h.db('workspaces').where({ id: yId }).first('slug', 'name'),
      members: await h
        .db('workspace_members')
        .where({ workspace_id: yId })
        .orderBy('user_id')
        .select('user_id', 'role'),
      invites: await h
        .db('workspace_invites')
        .where({ workspace_id: yId })
        .select('id', 'revoked_at', 'accepted_at'),
      keys: await h.db('api_keys').where({ workspace_id: yId }).select('id', 'revoked_at'),
    });
  });
  afterAll(() => h?.close());

  const callers = [
    ['X’s owner (session)', () => ({ 'X-Test-User': xOwner })],
    ['X’s API key', () => ({ Authorization: `Bearer ${xKey}` })],
  ] as const;

  // Y's slug in the URL, and Y's ids under X's slug: neither reaches Y's data.
  const targets = () => [
    ...paths.filter((p) => p(y) !== p(x)).map((p) => ({ url: p(y), ids: y })),
    ...paths
      .filter(
        (p) =>
          p.length &&
          p(x) !== p({ ...x, memberId: y.memberId, inviteId: y.inviteId, keyId: y.keyId }),
      )
      .map((p) => ({
        url: p({ ...x, memberId: y.memberId, inviteId: y.inviteId, keyId: y.keyId }),
        ids: y,
      })),
    { url: '/api/workspaces/x/transfer', ids: y },
  ];

  it.skipIf(skip)('covers every route the area defines', () => {
    const placeholders = {
      slug: ':workspace',
      memberId: ':userId',
      inviteId: ':inviteId',
      keyId: ':keyId',
    };
    const covered = paths.map((p) => p(placeholders));
    for (const route of workspaceAreaRoutes(h.services.workspaceArea))
      expect(covered).toContain(route.path);
  });

  for (const [who, headers] of callers) {
    it.skipIf(skip)(
      `${who} can neither read nor change workspace Y, by any route or verb`,
      async () => {
        const before = await yState();
        const seen: string[] = [];
        for (const { url, ids } of targets()) {
          for (const verb of verbs) {
            const res = await request(h.app)
              [verb](url)
              .set(headers())
              .send(validBody(verb, url, ids));
            seen.push(`${verb.toUpperCase()} ${url} → ${res.status}`);
            expect([403, 404, 405], `${verb} ${url}`).toContain(res.status);
            expect(JSON.stringify(res.body)).not.toMatch(/Yara|Yuri|"y"/);
          }
        }
        expect(seen.length).toBeGreaterThanOrEqual(14 * verbs.length);
        expect(await yState()).toEqual(before);
      },
    );
  }

  it.skipIf(skip)('lists only the caller’s own workspaces', async () => {
    const session = await request(h.app)
      .get('/api/workspaces')
      .set('X-Test-User', xOwner)
      .expect(200);
    expect(session.body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['x']);
    const key = await request(h.app)
      .get('/api/workspaces')
      .set('Authorization', `Bearer ${xKey}`)
      .expect(200);
    expect(key.body.workspaces).toEqual([expect.objectContaining({ slug: 'x', role: 'admin' })]);
  });

  it.skipIf(skip)('answers an unknown workspace exactly like a foreign one', async () => {
    const foreign = await request(h.app)
      .get('/api/workspaces/y')
      .set('X-Test-User', xOwner)
      .expect(404);
    const unknown = await request(h.app)
      .get('/api/workspaces/nope')
      .set('X-Test-User', xOwner)
      .expect(404);
    expect(foreign.body.title).toBe(unknown.body.title);
    expect(foreign.body.detail).toBe(unknown.body.detail.replace('/nope', '/y'));
  });
});

/** Issue 3, item 6: which role may do what. `true` = allowed; the owner's leave is a 409. */
type Action = {
  name: string;
  allowed: Role[];
  run: (h: TestApp, as: string, ids: { target: string; owner: string }) => request.Test;
  ok: number;
};
const actions: Action[] = [
  {
    name: 'view the workspace',
    allowed: ['viewer', 'editor', 'admin', 'owner'],
    ok: 200,
    run: (h, u) => request(h.app).get('/api/workspaces/w').set('X-Test-User', u),
  },
  {
    name: 'list members',
    allowed: ['viewer', 'editor', 'admin', 'owner'],
    ok: 200,
    run: (h, u) => request(h.app).get('/api/workspaces/w/members').set('X-Test-User', u),
  },
  {
    name: 'run queries, edit (editor probe)',
    allowed: ['editor', 'admin', 'owner'],
    ok: 200,
    run: (h, u) => request(h.app).get('/api/workspaces/w/probe/editor').set('X-Test-User', u),
  },
  {
    name: 'manage data sources (admin probe)',
    allowed: ['admin', 'owner'],
    ok: 200,
    run: (h, u) => request(h.app).get('/api/workspaces/w/probe/admin').set('X-Test-User', u),
  },
  {
    name: 'rename',
    allowed: ['admin', 'owner'],
    ok: 200,
    run: (h, u) =>
      request(h.app).patch('/api/workspaces/w').set('X-Test-User', u).send({ name: 'W2' }),
  },
  {
    name: 'list invites',
    allowed: ['admin', 'owner'],
    ok: 200,
    run: (h, u) => request(h.app).get('/api/workspaces/w/invites').set('X-Test-User', u),
  },
  {
    name: 'invite',
    allowed: ['admin', 'owner'],
    ok: 201,
    run: (h, u) =>
      request(h.app)
        .post('/api/workspaces/w/invites')
        .set('X-Test-User', u)
        .send({ email: 'n@example.org', role: 'viewer' }),
  },
  {
    name: 'change a role',
    allowed: ['admin', 'owner'],
    ok: 200,
    run: (h, u, i) =>
      request(h.app)
        .patch(`/api/workspaces/w/members/${i.target}`)
        .set('X-Test-User', u)
        .send({ role: 'editor' }),
  },
  {
    name: 'remove a member',
    allowed: ['admin', 'owner'],
    ok: 204,
    run: (h, u, i) =>
      request(h.app).delete(`/api/workspaces/w/members/${i.target}`).set('X-Test-User', u),
  },
  {
    name: 'change the owner’s role',
    allowed: [],
    ok: 200,
    run: (h, u, i) =>
      request(h.app)
        .patch(`/api/workspaces/w/members/${i.owner}`)
        .set('X-Test-User', u)
        .send({ role: 'viewer' }),
  },
  {
    name: 'remove the owner',
    allowed: [],
    ok: 204,
    run: (h, u, i) =>
      request(h.app).delete(`/api/workspaces/w/members/${i.owner}`).set('X-Test-User', u),
  },
  {
    name: 'create an API key',
    allowed: ['viewer', 'editor', 'admin', 'owner'],
    ok: 201,
    run: (h, u) =>
      request(h.app)
        .post('/api/workspaces/w/api-keys')
        .set('X-Test-User', u)
        .send({ name: 'k', role: 'viewer' }),
  },
  {
    name: 'create an admin API key',
    allowed: ['admin', 'owner'],
    ok: 201,
    run: (h, u) =>
      request(h.app)
        .post('/api/workspaces/w/api-keys')
        .set('X-Test-User', u)
        .send({ name: 'k', role: 'admin' }),
  },
  {
    name: 'transfer ownership',
    allowed: ['owner'],
    ok: 200,
    run: (h, u, i) =>
      request(h.app)
        .post('/api/workspaces/w/transfer')
        .set('X-Test-User', u)
        .send({ userId: i.target }),
  },
  {
    name: 'delete the workspace',
    allowed: ['owner'],
    ok: 204,
    run: (h, u) =>
      request(h.app).delete('/api/workspaces/w').set('X-Test-User', u).send({ confirm: 'w' }),
  },
];

describe.each(metadataDatabases())('role table on $kind', ({ kind, skip }) => {
  let h: TestApp;
  const now = Date.parse('2026-11-25T12:00:00Z');
  beforeAll(async () => {
    if (!skip)
      h = await createTestApp({
        database: kind,
        demoTables: [],
        now: () => now,
        testUserHeader: true,
      });
  });
  afterAll(() => h?.close());

  const cases = actions.flatMap((a) =>
    (['viewer', 'editor', 'admin', 'owner'] as const).map((role) => ({ ...a, role })),
  );
  it.skipIf(skip).each(cases)('$role: $name', async ({ role, allowed, run, ok }) => {
    // A fresh workspace per case, so destructive actions do not affect the next one.
    await h.db('workspaces').where({ slug: 'w' }).delete();
    const users = {
      owner: await addUser(h, 'O', `o-${Math.random()}@example.org`),
      admin: await addUser(h, 'A', `a-${Math.random()}@example.org`),
      editor: await addUser(h, 'E', `e-${Math.random()}@example.org`),
      viewer: await addUser(h, 'V', `v-${Math.random()}@example.org`),
    };
    const target = await addUser(h, 'T', `t-${Math.random()}@example.org`);
    const members: Record<string, Role> = { [target]: 'viewer' };
    for (const [r, u] of Object.entries(users)) members[u] = r as Role;
    await addWorkspace(h, 'w', members);
    const res = await run(h, users[role], { target, owner: users.owner });
    if (allowed.includes(role)) expect(res.status, JSON.stringify(res.body)).toBe(ok);
    else {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it.skipIf(skip)('every member but the owner can leave', async () => {
    for (const role of ['viewer', 'editor', 'admin', 'owner'] as const) {
      await h.db('workspaces').where({ slug: 'w' }).delete();
      const u = await addUser(h, 'L', `l-${Math.random()}@example.org`);
      const other = await addUser(h, 'M', `m-${Math.random()}@example.org`);
      await addWorkspace(
        h,
        'w',
        role === 'owner' ? { [u]: 'owner' } : { [u]: role, [other]: 'owner' },
      );
      const res = await request(h.app).post('/api/workspaces/w/leave').set('X-Test-User', u);
      expect(res.status, role).toBe(role === 'owner' ? 409 : 204);
    }
  });
});
