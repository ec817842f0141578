import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../auth/context.js';
import { metadataDatabases } from '../testing/databases.js';
import { addUser, addUsers, addWorkspace, rulesTestApp } from '../testing/members.fixture.js';
import type { TestApp } from '../testing/test-app.js';
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
    h = await rulesTestApp(kind, () => now);
    const users = await addUsers(h, 'Xavier', 'Xena', 'Yara', 'Yuri');
    const [, xMember, yOwner, yMember] = users;
    xOwner = users[0];
    await addWorkspace(h, 'x', { [xOwner]: 'owner', [xMember]: 'viewer' });
    const yId = await addWorkspace(h, 'y', { [yOwner]: 'owner', [yMember]: 'viewer' });
    // An admin key and an invite in each workspace, made by its owner.
    const post = (slug: string, owner: string, what: string, body: object) =>
      request(h.app).post(`/api/workspaces/${slug}/${what}`).set('X-Test-User', owner).send(body);
    const invite = { email: 'i@example.org', role: 'viewer' };
    const keyX = await post('x', xOwner, 'api-keys', { name: 'x', role: 'admin' });
    xKey = keyX.body.secret;
    const keyY = await post('y', yOwner, 'api-keys', { name: 'y', role: 'admin' });
    const invX = await post('x', xOwner, 'invites', invite);
    const invY = await post('y', yOwner, 'invites', invite);
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

/**
 * Issue 3, item 6: which role may do what, in workspace `w`. `:target` in a path stands for a
 * viewer of `w`, `:owner` for its owner; `ok` is the status of an allowed call.
 */
type Action = {
  name: string;
  allowed: Role[];
  ok: number;
  verb: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  body?: object;
};
const members: Role[] = ['viewer', 'editor', 'admin', 'owner'];
const admins: Role[] = ['admin', 'owner'];
const actions: Action[] = [
  { name: 'view the workspace', allowed: members, ok: 200, verb: 'get', path: '' },
  { name: 'list members', allowed: members, ok: 200, verb: 'get', path: '/members' },
  {
    name: 'run queries, edit (editor probe)',
    allowed: ['editor', 'admin', 'owner'],
    ok: 200,
    verb: 'get',
    path: '/probe/editor',
  },
  {
    name: 'manage data sources (admin probe)',
    allowed: admins,
    ok: 200,
    verb: 'get',
    path: '/probe/admin',
  },
  { name: 'rename', allowed: admins, ok: 200, verb: 'patch', path: '', body: { name: 'W2' } },
  { name: 'list invites', allowed: admins, ok: 200, verb: 'get', path: '/invites' },
  {
    name: 'invite',
    allowed: admins,
    ok: 201,
    verb: 'post',
    path: '/invites',
    body: { email: 'n@example.org', role: 'viewer' },
  },
  {
    name: 'change a role',
    allowed: admins,
    ok: 200,
    verb: 'patch',
    path: '/members/:target',
    body: { role: 'editor' },
  },
  { name: 'remove a member', allowed: admins, ok: 204, verb: 'delete', path: '/members/:target' },
  {
    name: 'change the owner’s role',
    allowed: [],
    ok: 200,
    verb: 'patch',
    path: '/members/:owner',
    body: { role: 'viewer' },
  },
  { name: 'remove the owner', allowed: [], ok: 204, verb: 'delete', path: '/members/:owner' },
  {
    name: 'create an API key',
    allowed: members,
    ok: 201,
    verb: 'post',
    path: '/api-keys',
    body: { name: 'k', role: 'viewer' },
  },
  {
    name: 'create an admin API key',
    allowed: admins,
    ok: 201,
    verb: 'post',
    path: '/api-keys',
    body: { name: 'k', role: 'admin' },
  },
  {
    name: 'transfer ownership',
    allowed: ['owner'],
    ok: 200,
    verb: 'post',
    path: '/transfer',
    body: { userId: ':target' },
  },
  {
    name: 'delete the workspace',
    allowed: ['owner'],
    ok: 204,
    verb: 'delete',
    path: '',
    body: { confirm: 'w' },
  },
];

/** Makes an action's request as user `as`, with `:target` and `:owner` filled in. */
function run(h: TestApp, as: string, action: Action, ids: { target: string; owner: string }) {
  const fill = (text: string) => text.replace(':target', ids.target).replace(':owner', ids.owner);
  const req = request(h.app)
    [action.verb](`/api/workspaces/w${fill(action.path)}`)
    .set('X-Test-User', as);
  return action.body ? req.send(JSON.parse(fill(JSON.stringify(action.body)))) : req;
}

describe.each(metadataDatabases())('role table on $kind', ({ kind, skip }) => {
  let h: TestApp;
  const now = Date.parse('2026-11-25T12:00:00Z');
  beforeAll(async () => {
    if (!skip) h = await rulesTestApp(kind, () => now);
  });
  afterAll(() => h?.close());

  const cases = actions.flatMap((a) =>
    (['viewer', 'editor', 'admin', 'owner'] as const).map((role) => ({ ...a, role })),
  );
  it.skipIf(skip).each(cases)('$role: $name', async ({ role, ...action }) => {
    const { allowed, ok } = action;
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
    const res = await run(h, users[role], action, { target, owner: users.owner });
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
