import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteRequest } from './site-request.js';
import { browser } from './testing/browser.js';
import { metadataDatabases } from './testing/databases.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

const start = Date.parse('2026-03-01T12:00:00Z');

describe.each(metadataDatabases())('server-rendered pages’ session on $kind', ({ kind, skip }) => {
  let t: TestApp;
  let clock = start;
  // A stand-in for the Astro handler: it reports what a page would see.
  let pages: express.Express;
  const password = 'correct horse battery';

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp({ database: kind, demoTables: [], now: () => clock });
    const siteRequest = createSiteRequest(t.services);
    pages = express();
    pages.get('/w/:slug', async (req, res) => {
      const painel = await siteRequest(req, res);
      const ws = await painel.viewer?.workspace(req.params.slug);
      res.json({
        anonymous: painel.anonymous,
        viewer: painel.viewer && {
          email: painel.viewer.profile.email,
          workspaces: painel.viewer.workspaces.map((w) => w.slug),
        },
        workspace: ws ? { slug: ws.summary.slug, can: ws.can } : null,
        audit: ws
          ? await ws.audit({}).then(
              (p) => p.events.length,
              (e: Error) => e.message,
            )
          : null,
      });
    });
  });
  afterAll(() => t?.close());

  async function logIn(email: string) {
    const b = browser(t.app);
    await b.post('/api/auth/signup', { email, name: 'Page Reader', password, locale: 'en' });
    expect((await b.post('/api/auth/login', { email, password })).status).toBe(200);
    return b;
  }
  const cookieOf = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  it.skipIf(skip)('an anonymous reader costs no refresh and gets no cookies', async () => {
    const res = await request(pages).get('/w/demo');
    expect(res.body).toEqual({ anonymous: true, viewer: null, workspace: null, audit: null });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.skipIf(skip)('is anonymous only without any session cookie or Authorization', async () => {
    const other = await request(pages).get('/w/demo').set('Cookie', 'theme=dark; lang=pt-BR');
    expect(other.body.anonymous).toBe(true);
    // Named a reader, valid or not: nothing may say a shared cache can keep the page.
    for (const cookie of ['painel_access=x', 'painel_refresh=', 'theme=dark; painel_csrf=y']) {
      const res = await request(pages).get('/w/demo').set('Cookie', cookie);
      expect([cookie, res.body.anonymous, res.body.viewer]).toEqual([cookie, false, null]);
    }
    const bearer = await request(pages).get('/w/demo').set('Authorization', 'Bearer pk_x');
    expect(bearer.body.anonymous).toBe(false);
  });

  it.skipIf(skip)('reads the session from the cookie and scopes workspaces to it', async () => {
    const owner = await logIn('owner-pages@example.org');
    const mine = await request(pages).get('/w/demo').set('Cookie', cookieOf(owner.jar));
    // The instance's first account owns Demo.
    expect(mine.body.viewer.email).toBe('owner-pages@example.org');
    expect(mine.body.anonymous).toBe(false);
    expect(mine.body.workspace.can).toMatchObject({ own: true, leave: false, readAudit: true });
    expect(mine.body.workspace.can.grantableRoles).toEqual(['viewer', 'editor', 'admin']);
    expect(mine.body.audit).toBeGreaterThanOrEqual(0);
    expect(mine.headers['set-cookie']).toBeUndefined();

    const other = await logIn('other-pages@example.org');
    const theirs = await request(pages).get('/w/demo').set('Cookie', cookieOf(other.jar));
    expect(theirs.body.viewer.workspaces).not.toContain('demo');
    expect(theirs.body.workspace).toBeNull();
  });

  it.skipIf(skip)('refreshes an expired access token on navigation, once', async () => {
    const b = await logIn('expired-pages@example.org');
    clock += 16 * 60_000;
    b.jar.delete('painel_access');
    const res = await request(pages).get('/w/demo').set('Cookie', cookieOf(b.jar));
    expect(res.body.viewer.email).toBe('expired-pages@example.org');
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');
    expect(set).toMatch(/painel_access=[^;]+;/);
    expect(set).toMatch(/painel_refresh=[^;]+;/);
    // The browser keeps the new cookies; its next API call works without another refresh.
    for (const line of set.split('\n')) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      b.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    expect((await b.get('/api/auth/me')).status).toBe(200);
  });

  it.skipIf(skip)(
    'a session that cannot be refreshed is anonymous and its cookies go',
    async () => {
      const b = await logIn('ended-pages@example.org');
      expect((await b.post('/api/auth/logout')).status).toBe(204);
      const res = await request(pages)
        .get('/w/demo')
        .set('Cookie', 'painel_refresh=not-a-token; painel_csrf=x');
      expect(res.body.viewer).toBeNull();
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).join()).toMatch(
        /painel_refresh=;.*Expires=Thu, 01 Jan 1970/,
      );
    },
  );

  it.skipIf(skip)('a viewer sees members but not the audit log', async () => {
    const viewer = await logIn('viewer-pages@example.org');
    await t.db('workspace_members').insert({
      workspace_id: (await t.db('workspaces').where({ slug: 'demo' }).first()).id,
      user_id: (await t.db('users').where({ email: 'viewer-pages@example.org' }).first()).id,
      role: 'viewer',
      created_at: new Date(clock),
    });
    const res = await request(pages).get('/w/demo').set('Cookie', cookieOf(viewer.jar));
    expect(res.body.workspace.can).toMatchObject({
      manageMembers: false,
      readAudit: false,
      own: false,
      leave: true,
      grantableRoles: ['viewer'],
    });
    expect(res.body.audit).toBe('errors.workspace.forbidden');
  });
});
