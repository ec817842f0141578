import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { inCi, metadataDatabases } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { weatherDashboard } from '../testing/weather-dashboard.fixture.js';
import { type Action, actions } from './policy.js';

/**
 * The access policy as a reader sees it: every action, asked once through HTTP by every kind
 * of caller, and the statuses compared with the reviewed table in expected-access.md. The table
 * is observed, not derived from policy.ts, so a wrong rule shows up as a diff someone reads.
 * `UPDATE_ACCESS_TABLE=1` rewrites the file after an intended change (never in CI).
 */

const expectedFile = join(import.meta.dirname, 'expected-access.md');
const ws = '/api/workspaces/demo';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who asks. Keys belong to the member of the same name; the owner's key has the admin role. */
interface Caller {
  name: string;
  id?: string;
  browser?: Browser;
  apiKey?: string;
  /** A key of this member's that nothing uses, to revoke. */
  spareKey?: string;
}

interface Probe {
  action: Action;
  /** What the action is done to, for the rows where the kind of resource changes the answer. */
  resource: string;
  method: Method;
  path: string | ((caller: Caller) => string);
  body?: (caller: Caller) => object;
}

/** Dashboards that differ only in who may see them; grants are per role (see `setUp`). */
const dashboardKinds = [
  { slug: 'open', resource: 'dashboard', sharing: { restricted: false } },
  { slug: 'hidden', resource: 'restricted dashboard', sharing: { restricted: true } },
  {
    slug: 'shown',
    resource: 'restricted, view granted',
    sharing: { restricted: true, grants: { admin: 'view', editor: 'view', viewer: 'view' } },
  },
  {
    slug: 'editable',
    resource: 'restricted, edit granted (viewer: view)',
    sharing: { restricted: true, grants: { admin: 'edit', editor: 'edit', viewer: 'view' } },
  },
  {
    slug: 'editors',
    resource: 'restricted, created by the editor',
    sharing: { restricted: true },
    by: 'editor',
  },
] as const;

/** One representative request per action; a request an allowed caller makes changes nothing. */
function probes(ids: Record<string, string>, sharingBody: (slug: string) => object): Probe[] {
  const at = (
    action: Action,
    method: Method,
    path: Probe['path'],
    body?: Probe['body'],
  ): Probe => ({
    action,
    resource: actions[action].resource,
    method,
    path,
    ...(body ? { body } : {}),
  });
  return [
    at('workspace.read', 'get', ws),
    at('workspace.rename', 'patch', ws, () => ({ name: 'Demo' })),
    // A wrong confirmation: the gate answers first, then the 400 instead of a deletion.
    at('workspace.delete', 'delete', ws, () => ({ confirm: 'not-demo' })),
    // To oneself: the gate answers first, then the 400 instead of a transfer.
    at('workspace.transfer', 'post', `${ws}/transfer`, (c) => ({ userId: c.id ?? 'nobody' })),
    at('members.read', 'get', `${ws}/members`),
    at('members.manage', 'patch', `${ws}/members/${ids.viewer}`, () => ({ role: 'viewer' })),
    at('invites.manage', 'get', `${ws}/invites`),
    at('audit.read', 'get', `${ws}/audit`),
    at('apiKeys.read', 'get', `${ws}/api-keys`),
    at('apiKeys.create', 'post', `${ws}/api-keys`, () => ({ name: 'probe', role: 'viewer' })),
    at('apiKeys.revoke', 'delete', (c) => `${ws}/api-keys/${c.spareKey ?? 'none'}`),
    // Someone else's key (the owner's): as invisible as a missing one to those who may not.
    at('apiKeys.manageOthers', 'delete', `${ws}/api-keys/${ids.ownersSpareKey}`),
    at('dataSources.read', 'get', `${ws}/data-sources`),
    at('dataSources.manage', 'post', `${ws}/data-sources/demo/test`),
    at('dataSources.schema', 'get', `${ws}/data-sources/demo/schema`),
    at('queries.run', 'post', `${ws}/queries`, () => ({ source: 'demo', sql: 'SELECT 1 AS x' })),
    at('queries.history', 'get', `${ws}/query-history`),
    at('savedQueries.read', 'get', `${ws}/saved-queries`),
    at('savedQueries.run', 'post', `${ws}/saved-queries/${ids.savedQuery}/run`, () => ({})),
    at('savedQueries.edit', 'patch', `${ws}/saved-queries/${ids.savedQuery}`, () => ({
      name: 'Probe',
    })),
    at('dashboards.create', 'post', `${ws}/dashboards`, (c) =>
      weatherDashboard(`new-${c.name.replace(/\W+/g, '-')}`),
    ),
    at('folders.read', 'get', `${ws}/dashboard-folders`),
    at('folders.edit', 'patch', `${ws}/dashboard-folders/${ids.folder}`, () => ({
      name: 'Probe',
    })),
    at('publicLinks.read', 'get', `${ws}/public-links`),
    at('embedding.manage', 'get', `${ws}/embed-settings`),
    at('embedding.rotateSecret', 'post', `${ws}/embed-settings/secret`, () => ({
      graceSeconds: 60,
    })),
    at('jobs.read', 'get', `${ws}/jobs/runs`),
    // Not a run id: the gate answers first, then the 400 instead of a retry.
    at('jobs.retry', 'post', `${ws}/jobs/runs/not-a-run/retry`),
    at('subscriptions.read', 'get', `${ws}/subscriptions`),
    // A time zone that does not exist: past the gate, the 422 instead of a subscription.
    at('subscriptions.manage', 'post', `${ws}/subscriptions`, () => ({
      dashboard: 'open',
      schedule: { kind: 'daily', time: '08:00' },
      timeZone: 'Mars/Olympus_Mons',
      recipients: { members: [] },
    })),
    at('subscriptions.settings', 'put', `${ws}/subscription-settings`, () => ({
      allowOutsideRecipients: false,
    })),
    at('alerts.read', 'get', `${ws}/alerts`),
    // A time zone that does not exist: past the gate, the 422 instead of an alert.
    at('alerts.manage', 'post', `${ws}/alerts`, () => ({
      name: 'Probe',
      source: { savedQuery: 'none' },
      condition: { kind: 'rows-appear' },
      schedule: { kind: 'daily', time: '08:00' },
      timeZone: 'Mars/Olympus_Mons',
    })),
    ...dashboardKinds.flatMap(({ slug, resource }): Probe[] => {
      const d = `${ws}/dashboards/${slug}`;
      return [
        { action: 'dashboards.read', resource, method: 'get', path: `${d}/spec` },
        {
          action: 'dashboards.edit',
          resource,
          method: 'patch',
          path: d,
          body: () => ({ folderId: null }),
        },
        { action: 'sharing.read', resource, method: 'get', path: `${d}/sharing` },
        // The same restriction and grants again: allowed, it changes nothing.
        {
          action: 'sharing.manage',
          resource,
          method: 'put',
          path: `${d}/sharing`,
          body: () => sharingBody(slug),
        },
        { action: 'publicLinks.manage', resource, method: 'get', path: `${d}/public-links` },
      ];
    }),
    // Last: a member who may leave does, and is no longer one for any probe after it.
    at('workspace.leave', 'post', `${ws}/leave`),
  ];
}

async function ask(t: TestApp, caller: Caller, probe: Probe): Promise<number> {
  const body = probe.body?.(caller);
  const path = typeof probe.path === 'string' ? probe.path : probe.path(caller);
  if (caller.browser) {
    const b = caller.browser;
    const res = probe.method === 'get' ? await b.get(path) : await b[probe.method](path, body);
    return res.status;
  }
  let req = request(t.app)[probe.method](path);
  if (caller.apiKey) req = req.set('Authorization', `Bearer ${caller.apiKey}`);
  return (await (body ? req.send(body) : req)).status;
}

/** The table as markdown: one row per action and kind of resource, one column per caller. */
function render(callers: Caller[], rows: { probe: Probe; statuses: number[] }[]): string {
  const head = ['action', 'resource', 'request', ...callers.map((c) => c.name)];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    '# Who may do what: the HTTP status each caller gets',
    '',
    'Generated by `policy.http.test.ts` from real requests (SQLite and PostgreSQL give the same',
    'table) and reviewed: a change here is a change of who may do what. Columns: a browser',
    'session of each role in the workspace, `outsider` a member of another workspace only, and',
    '`… key` an API key of that member (the owner’s key has the admin role; the outsider’s is',
    'for their own workspace). 2xx and 4xx after the gate (400, 409) mean allowed; 401, 403',
    'and 404 are the refusals. Refresh with `UPDATE_ACCESS_TABLE=1 npx vitest run',
    'api/src/access/policy.http.test.ts`.',
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(({ probe, statuses }) =>
      line([
        probe.action,
        probe.resource,
        `${probe.method.toUpperCase()} ${typeof probe.path === 'string' ? probe.path.replace(/[0-9a-f-]{36}/g, ':id') : probe.path({ name: ':caller', spareKey: ':own' })}`,
        ...statuses.map(String),
      ]),
    ),
    '',
  ].join('\n');
}

/** The rows that differ, expected above actual, for a failure a reviewer can read. */
function rowDiff(expected: string, actual: string): string {
  const want = expected.trim().split('\n');
  const got = actual.trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] === got[i]) continue;
    if (want[i] !== undefined) out.push(`- ${want[i]}`);
    if (got[i] !== undefined) out.push(`+ ${got[i]}`);
  }
  return out.join('\n');
}

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`the access table on ${kind}`, () => {
    let t: TestApp;
    let callers: Caller[];
    let table: Probe[];

    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: ['seattle_weather'] });
      const members: Record<string, { b: Browser; id: string }> = {
        owner: await person(t, 'owner@example.org'),
        admin: await person(t, 'admin@example.org', 'admin'),
        editor: await person(t, 'editor@example.org', 'editor'),
        viewer: await person(t, 'viewer@example.org', 'viewer'),
        outsider: await person(t, 'outsider@example.org'),
      };
      const m = (name: string) => members[name] as { b: Browser; id: string };
      const keyOf = async (who: string, role: string) => {
        const own = (await m(who).b.get('/api/workspaces')).body.workspaces as { slug: string }[];
        const slug = who === 'outsider' ? own[0]?.slug : 'demo';
        const res = await m(who).b.post(`/api/workspaces/${slug}/api-keys`, { name: who, role });
        expect(res.status).toBe(201);
        return res.body as { secret: string; apiKey: { id: string } };
      };
      const owner = m('owner').b;
      for (const d of dashboardKinds) {
        const by = m('by' in d ? d.by : 'owner').b;
        expect((await by.post(`${ws}/dashboards`, weatherDashboard(d.slug))).status).toBe(201);
      }
      const sharingBody = (slug: string) => {
        const d = dashboardKinds.find((k) => k.slug === slug);
        const grants = d && 'grants' in d.sharing ? d.sharing.grants : {};
        return {
          restricted: d?.sharing.restricted ?? false,
          grants: Object.entries(grants).map(([who, permission]) => ({
            userId: m(who).id,
            permission,
          })),
        };
      };
      for (const d of dashboardKinds) {
        const by = m('by' in d ? d.by : 'owner').b;
        const res = await by.put(`${ws}/dashboards/${d.slug}/sharing`, sharingBody(d.slug));
        expect(res.status).toBe(200);
      }
      const folder = await owner.post(`${ws}/dashboard-folders`, { name: 'Probe' });
      const saved = await owner.post(`${ws}/saved-queries`, {
        name: 'Probe',
        sourceId: 'demo',
        sql: 'SELECT 1 AS x',
      });
      expect([folder.status, saved.status]).toEqual([201, 201]);
      const spare: Record<string, string> = {};
      for (const name of Object.keys(members))
        spare[name] = (await keyOf(name, 'viewer')).apiKey.id;
      callers = [
        { name: 'anonymous' },
        ...Object.keys(members).map((name) => ({
          name,
          id: m(name).id,
          browser: m(name).b,
          spareKey: spare[name] as string,
        })),
      ];
      // Each member makes their own key; the owner's has the highest role a key may have.
      const keys = [
        ['owner', 'admin'],
        ['admin', 'admin'],
        ['editor', 'editor'],
        ['viewer', 'viewer'],
        ['outsider', 'admin'],
      ] as const;
      for (const [who, role] of keys)
        callers.push({
          name: `${who} key`,
          id: m(who).id,
          apiKey: (await keyOf(who, role)).secret,
        });
      table = probes(
        {
          viewer: m('viewer').id,
          ownersSpareKey: spare.owner as string,
          savedQuery: saved.body.id,
          folder: folder.body.id,
        },
        sharingBody,
      );
    });
    afterAll(() => t?.close());

    it('names one representative request for every action of the policy', () => {
      const probed = new Set(table.map((p) => p.action));
      expect(Object.keys(actions).filter((a) => !probed.has(a as Action))).toEqual([]);
    });

    it('answers every caller as the reviewed table says', async () => {
      const rows: { probe: Probe; statuses: number[] }[] = [];
      for (const probe of table) {
        const statuses: number[] = [];
        // Keys first when leaving: a member who leaves takes their keys along.
        const order = callers.map((_, i) => i);
        if (probe.action === 'workspace.leave') order.reverse();
        for (const i of order) statuses[i] = await ask(t, callers[i] as Caller, probe);
        rows.push({ probe, statuses });
      }
      const actual = render(callers, rows);
      const update = process.env.UPDATE_ACCESS_TABLE === '1' && !inCi;
      if (update || (!existsSync(expectedFile) && !inCi)) {
        writeFileSync(expectedFile, actual);
        return;
      }
      expect(existsSync(expectedFile), 'api/src/access/expected-access.md is missing').toBe(true);
      const expected = readFileSync(expectedFile, 'utf8');
      const diff = rowDiff(expected, actual);
      expect(diff, `the access table changed (expected -, actual +):\n${diff}`).toBe('');
      // Several hundred requests one after another: 26 s on PostgreSQL with the machine busy.
    }, 120_000);
  });
}
