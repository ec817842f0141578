import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, tokenOf } from '../testing/browser.js';
import { createRecordingMailer } from '../testing/recording-mailer.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
const mailer = createRecordingMailer();
beforeAll(async () => {
  t = await createTestApp({ demoTables: [], mailer });
});
afterAll(() => t?.close());

const password = 'correct horse battery';
async function member(email: string, name: string) {
  const b = browser(t.app, 'pt-BR');
  expect((await b.post('/api/auth/signup', { email, name, password, locale: 'en' })).status).toBe(
    202,
  );
  expect((await b.post('/api/auth/login', { email, password })).status).toBe(200);
  return b;
}

describe('GET /api/workspaces/:workspace/audit', () => {
  it("shows admins their workspace's events, filtered and paged, and no one else", async () => {
    const owner = await member('owner@example.org', 'Olga Owner'); // the first account owns Demo
    const viewer = await member('viewer@example.org', 'Vera Viewer');
    const outsider = await member('out@example.org', 'Otto Outsider');
    expect((await viewer.get('/api/workspaces/demo/audit')).status).toBe(404);

    const invite = await owner.post('/api/workspaces/demo/invites', {
      email: 'viewer@example.org',
      role: 'viewer',
    });
    expect(invite.status).toBe(201);
    const link =
      (mailer.last('viewer@example.org', 'invite')?.params as { link?: string } | undefined)
        ?.link ?? '';
    expect(
      (await viewer.post('/api/invites/accept', { token: tokenOf(link) })).status,
    ).toBeLessThan(300);

    const page = await owner.get('/api/workspaces/demo/audit?limit=2');
    expect(page.status).toBe(200);
    expect(page.body.events.map((e: { type: string }) => e.type)).toEqual([
      'invite.accept',
      'invite.create',
    ]);
    expect(page.body.events[1].actor.label).toBe('Olga Owner <owner@example.org>');
    const next = await owner.get(
      `/api/workspaces/demo/audit?limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.events.map((e: { type: string }) => e.type)).toContain('signup');
    const signups = await owner.get('/api/workspaces/demo/audit?type=signup');
    expect(signups.body.events.map((e: { actor: { label: string } }) => e.actor.label)).toEqual([
      'Olga Owner <owner@example.org>',
    ]);

    // A viewer may not read it; an outsider does not learn it exists; bad queries are 400.
    const forbidden = await viewer.get('/api/workspaces/demo/audit');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-language']).toBe('pt-BR');
    expect((await outsider.get('/api/workspaces/demo/audit')).status).toBe(404);
    const bad = await owner.get('/api/workspaces/demo/audit?limit=0&since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.title).toBe('Alguns campos não são válidos');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'since']);
  });
});
