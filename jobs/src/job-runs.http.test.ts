import { createLogger } from '@painel/api';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The API's own app fixtures: the API package may not import the jobs, so the routes' test
// with a real queue lives here.
import { person } from '../../api/src/testing/members.fixture.js';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.js';
import { createLocalQueue } from './queue/local-queue.js';
import type { QueueDefinition } from './queue/queue.js';

type Browser = Awaited<ReturnType<typeof person>>['b'];

let t: TestApp;
let queue: ReturnType<typeof createLocalQueue>;
let owner: Browser;
let admin: Browser;
let editor: Browser;
let outsider: Browser;
let outsidersWorkspace: { id: string; slug: string };
let failNext = true;

const definition = (name: string): QueueDefinition => ({
  name,
  retryLimit: 0,
  retryDelaySeconds: 1,
  retryBackoff: false,
  expireInSeconds: 60,
  run: async () => {
    if (failNext && name === 'send-report') throw new Error('mail server down');
    return 'sent';
  },
});

beforeAll(async () => {
  t = await createTestApp({
    demoTables: [],
    jobs: (db) => {
      // A clock a second further at each reading: runs sent one after another sort apart.
      let clock = Date.parse('2026-12-06T09:00:00Z');
      queue = createLocalQueue({
        db,
        logger: createLogger('silent'),
        now: () => (clock += 1000),
        pollIntervalMs: 0,
        historyDays: 7,
      });
      return queue;
    },
  });
  await queue.start([definition('send-report'), definition('prune-files')]);
  owner = (await person(t, 'owner@example.org')).b;
  admin = (await person(t, 'admin@example.org', 'admin')).b;
  editor = (await person(t, 'editor@example.org', 'editor')).b;
  outsider = (await person(t, 'outsider@example.org')).b;
  const [own] = (await outsider.get('/api/workspaces')).body.workspaces;
  outsidersWorkspace = own;
});
afterAll(async () => {
  await queue?.stop();
  await t?.close();
});

describe('the job runs API', () => {
  let demoReport: string;
  let otherReport: string;
  let prune: string;

  beforeAll(async () => {
    prune = await queue.send('prune-files', { slot: '2026-12-06T03:47:00.000Z' });
    demoReport = await queue.send('send-report', {
      subscriptionId: 's1',
      slot: '2026-12-06T08:00:00.000Z',
      workspaceId: t.services.workspaceId,
    });
    otherReport = await queue.send('send-report', {
      subscriptionId: 's2',
      workspaceId: outsidersWorkspace.id,
    });
    await queue.poll();
  });

  it('lists every run, newest first, for the Demo owner, filtered by job and state', async () => {
    const all = await owner.get('/api/jobs/runs');
    expect(all.status).toBe(200);
    expect(all.body.runs.map((r: { id: string }) => r.id)).toEqual([
      otherReport,
      demoReport,
      prune,
    ]);
    expect(all.body.runs[1]).toMatchObject({
      name: 'send-report',
      state: 'failed',
      error: 'mail server down',
      workspaceId: t.services.workspaceId,
      data: { subscriptionId: 's1' },
    });
    const failed = await owner.get('/api/jobs/runs?state=failed&name=send-report&limit=1');
    expect(failed.body.runs.map((r: { id: string }) => r.id)).toEqual([otherReport]);
    const older = await owner.get(
      `/api/jobs/runs?limit=1&state=failed&before=${failed.body.nextBefore}`,
    );
    expect(older.body.runs.map((r: { id: string }) => r.id)).toEqual([demoReport]);
  });

  it('refuses the instance-wide list to everyone else, translated', async () => {
    expect((await request(t.app).get('/api/jobs/runs')).status).toBe(401);
    const refused = await admin.get('/api/jobs/runs');
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('/docs/reference/errors/#jobs-instanceAdminOnly');
    // An outsider's session in Portuguese: the same refusal, in their language.
    const pt = await request(t.app)
      .get('/api/jobs/runs')
      .set(outsider.session())
      .set('Accept-Language', 'pt-BR');
    expect(pt.status).toBe(403);
    expect(pt.body.title).toBe('Só os administradores da instância veem todas as tarefas');
  });

  it("shows a workspace's admins its own runs only", async () => {
    const mine = await admin.get('/api/workspaces/demo/jobs/runs');
    expect(mine.status).toBe(200);
    expect(mine.body.runs.map((r: { id: string }) => r.id)).toEqual([demoReport]);
    expect((await editor.get('/api/workspaces/demo/jobs/runs')).status).toBe(403);
    expect((await outsider.get('/api/workspaces/demo/jobs/runs')).status).toBe(404);
    const theirs = await outsider.get(`/api/workspaces/${outsidersWorkspace.slug}/jobs/runs`);
    expect(theirs.body.runs.map((r: { id: string }) => r.id)).toEqual([otherReport]);
  });

  it('answers a bad query with translated field errors', async () => {
    const bad = await owner.get('/api/jobs/runs?state=lost&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'state']);
    expect((await admin.get('/api/workspaces/demo/jobs/runs?before=yesterday')).status).toBe(400);
  });

  it('retries a failed run, and refuses a missing, unfailed or foreign one', async () => {
    const foreign = await admin.post(`/api/workspaces/demo/jobs/runs/${otherReport}/retry`, {});
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('/docs/reference/errors/#jobs-runNotFound');
    const done = await owner.post(`/api/jobs/runs/${prune}/retry`, {});
    expect(done.status).toBe(409);
    expect(done.body.title).toBe('Only a failed run can be retried');
    expect((await owner.post('/api/jobs/runs/not-a-run/retry', {})).status).toBe(400);
    expect(
      (await editor.post(`/api/workspaces/demo/jobs/runs/${demoReport}/retry`, {})).status,
    ).toBe(403);
    failNext = false;
    const retried = await admin.post(`/api/workspaces/demo/jobs/runs/${demoReport}/retry`, {});
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ id: demoReport });
    expect(await queue.poll()).toBe(1);
    const after = await admin.get('/api/workspaces/demo/jobs/runs?state=completed');
    expect(after.body.runs).toMatchObject([{ id: demoReport, retryLimit: 1, error: null }]);
    expect((await owner.post(`/api/jobs/runs/${demoReport}/retry`, {})).status).toBe(409);
  });
});
