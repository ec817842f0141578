import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { sitePage } from '../testing/site-page.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { weatherDashboard } from '../testing/weather-dashboard.fixture.js';

/**
 * Restricted dashboards over HTTP: hidden from members without a grant (as if missing), shown
 * with a view grant, editable with an edit grant only at the editor role, managed only by
 * admins, the owner and the creator; and nothing at all for another workspace's members.
 */

const base = '/api/workspaces/demo/dashboards';
const secret = `${base}/secret-plans`;
const slugsOf = (res: request.Response) =>
  (res.body.dashboards as { slug: string }[]).map((d) => d.slug);

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`dashboard sharing on ${kind}`, () => {
    let t: TestApp;
    let owner: Browser;
    let admin: Browser;
    let creator: Browser;
    let editor: { b: Browser; id: string };
    let viewer: { b: Browser; id: string };
    let outsider: { b: Browser; id: string };

    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: ['seattle_weather'] });
      owner = (await person(t, 'owner@example.org')).b;
      admin = (await person(t, 'admin@example.org', 'admin')).b;
      creator = (await person(t, 'creator@example.org', 'editor')).b;
      editor = await person(t, 'editor@example.org', 'editor', { lang: 'pt-BR' });
      viewer = await person(t, 'viewer@example.org', 'viewer');
      outsider = await person(t, 'outsider@example.org');
      expect((await creator.post(base, weatherDashboard('secret-plans'))).status).toBe(201);
      expect((await owner.post(base, weatherDashboard('open'))).status).toBe(201);
    });
    afterAll(() => t?.close());

    /** What the site's pages get for `who` about a dashboard. */
    async function page(who: Browser, slug: string) {
      const ws = await (await sitePage(t, who)).viewer?.workspace('demo');
      return {
        body: {
          list: (await ws?.dashboards.list())?.map((d) => d.slug),
          render: (await ws?.dashboards.render(slug, 'en', {}))?.slug ?? null,
          spec: (await ws?.dashboards.spec(slug))?.spec.slug ?? null,
          sharing: (await ws?.sharing(slug)) ?? null,
          folders: await ws?.dashboards.folders(),
          can: ws?.can,
        },
      };
    }

    it('hides a restricted dashboard from members without a grant, as if it did not exist', async () => {
      const set = await creator.put(`${secret}/sharing`, { restricted: true, grants: [] });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ restricted: true, grants: [], canManage: true });
      const folder = await owner.post('/api/workspaces/demo/dashboard-folders', { name: 'Plans' });
      expect((await creator.patch(secret, { folderId: folder.body.id })).status).toBe(204);

      const listed = async (who: Browser, query = '') => slugsOf(await who.get(`${base}${query}`));
      expect(await listed(viewer.b)).toContain('open');
      expect(await listed(viewer.b)).not.toContain('secret-plans');
      expect(await listed(editor.b, '?q=plans')).toEqual([]);
      expect(await listed(admin, '?q=plans')).toEqual(['secret-plans']);
      expect(await listed(creator, '?q=plans')).toEqual(['secret-plans']);

      const missing = await viewer.b.get(`${base}/nope`);
      for (const path of ['', '/spec', '/versions', '/export', '/cards/days.csv', '/sharing']) {
        const res = await viewer.b.get(`${secret}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.body.type, path).toBe(missing.body.type);
        expect(res.body.title, path).toBe(missing.body.title);
      }
      expect((await viewer.b.put(`${secret}/favorite`)).status).toBe(404);
      // An editor without a grant cannot change it either, and is not told it exists.
      const spec = (await creator.get(`${secret}/spec`)).body;
      expect((await editor.b.put(`${secret}/spec`, spec)).status).toBe(404);
      expect((await editor.b.delete(secret)).status).toBe(404);
      expect((await editor.b.post(`${secret}/duplicate`, {})).status).toBe(404);
      for (const who of [owner, admin, creator]) expect((await who.get(secret)).status).toBe(200);

      const folders = (await viewer.b.get('/api/workspaces/demo/dashboard-folders')).body.folders;
      expect(folders).toEqual([{ id: folder.body.id, name: 'Plans', dashboards: 0 }]);
      const seen = (await admin.get('/api/workspaces/demo/dashboard-folders')).body.folders;
      expect(seen[0].dashboards).toBe(1);
    });

    it('shows the same to the site’s pages', async () => {
      const hidden = await page(viewer.b, 'secret-plans');
      expect(hidden.body).toMatchObject({
        render: null,
        spec: null,
        sharing: null,
        folders: [{ name: 'Plans', dashboards: 0 }],
      });
      expect(hidden.body.list).toContain('open');
      expect(hidden.body.list).not.toContain('secret-plans');
      expect(hidden.body.can).toMatchObject({ manageEmbedding: false, editDashboards: false });
      const shown = await page(creator, 'secret-plans');
      expect(shown.body).toMatchObject({
        render: 'secret-plans',
        spec: 'secret-plans',
        sharing: { restricted: true, grants: [], canManage: true },
      });
      expect((await page(admin, 'secret-plans')).body.can?.manageEmbedding).toBe(true);
    });

    it('shows it with a view grant, and lets only an editor with an edit grant change it', async () => {
      const set = await creator.put(`${secret}/sharing`, {
        restricted: true,
        grants: [
          { userId: viewer.id, permission: 'view' },
          { userId: editor.id, permission: 'edit' },
        ],
      });
      expect(set.status).toBe(200);
      expect(set.body.grants).toEqual([
        { userId: editor.id, name: 'editor', email: 'editor@example.org', permission: 'edit' },
        { userId: viewer.id, name: 'viewer', email: 'viewer@example.org', permission: 'view' },
      ]);
      expect(slugsOf(await viewer.b.get(base))).toContain('secret-plans');
      expect((await viewer.b.get(secret)).status).toBe(200);
      expect((await page(viewer.b, 'secret-plans')).body.render).toBe('secret-plans');
      const spec = (await viewer.b.get(`${secret}/spec`)).body;
      expect((await viewer.b.put(`${secret}/spec`, spec)).status).toBe(403);

      const saved = await editor.b.put(`${secret}/spec`, spec);
      expect(saved.status).toBe(200);
      expect(saved.body.version).toBe(spec.version + 1);

      // Down to view: the editor still reads it but no longer changes it.
      await creator.put(`${secret}/sharing`, {
        restricted: true,
        grants: [{ userId: editor.id, permission: 'view' }],
      });
      const refused = await editor.b.put(`${secret}/spec`, saved.body);
      expect(refused.status).toBe(403);
      expect(refused.body.title).toBe('Você pode ler este painel, mas não alterá-lo');
      expect((await viewer.b.get(secret)).status).toBe(404);
    });

    it('refuses an edit grant to a viewer, a stranger or the same member twice (422)', async () => {
      const above = await creator.put(`${secret}/sharing`, {
        restricted: true,
        grants: [{ userId: viewer.id, permission: 'edit' }],
      });
      expect(above.status).toBe(422);
      expect(above.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(above.body.title).toBe("A grant cannot exceed the member's role");
      expect(above.body.errors).toEqual([
        { path: 'grants.0.permission', message: expect.stringContaining('viewer') },
      ]);
      const others = await creator.put(`${secret}/sharing`, {
        restricted: true,
        grants: [
          { userId: outsider.id, permission: 'view' },
          { userId: editor.id, permission: 'view' },
          { userId: editor.id, permission: 'edit' },
        ],
      });
      expect(others.status).toBe(422);
      expect(others.body.errors.map((e: { path: string }) => e.path)).toEqual([
        'grants.0.userId',
        'grants.2.userId',
      ]);
      const bad = await creator.put(`${secret}/sharing`, { restricted: 'yes', grants: [] });
      expect(bad.status).toBe(400);
      // Nothing of the refused changes was kept.
      const now = await creator.get(`${secret}/sharing`);
      expect(now.body.grants.map((g: { userId: string }) => g.userId)).toEqual([editor.id]);
    });

    it('lets only admins, the owner and the creator change who sees it', async () => {
      const mine = await editor.b.get(`${secret}/sharing`);
      expect(mine.body.canManage).toBe(false);
      const body = { restricted: false, grants: [] };
      expect((await editor.b.put(`${secret}/sharing`, body)).status).toBe(403);
      expect((await viewer.b.put(`${base}/open/sharing`, body)).status).toBe(403);
      expect((await creator.put(`${base}/open/sharing`, body)).status).toBe(403);
      expect((await admin.put(`${base}/open/sharing`, body)).status).toBe(200);
      expect((await owner.put(`${secret}/sharing`, body)).status).toBe(200);
      expect((await viewer.b.get(secret)).status).toBe(200);
      const events = await t.db('audit_events').where({ type: 'dashboard.sharing' }).orderBy('id');
      expect(events.length).toBeGreaterThanOrEqual(4);
      expect(JSON.parse(events.at(-1).details)).toEqual({
        dashboard: 'secret-plans',
        restricted: false,
        grants: [],
      });
    });

    it("keeps another workspace's members out of all of it", async () => {
      await owner.put(`${secret}/sharing`, { restricted: true, grants: [] });
      for (const path of [secret, `${secret}/sharing`, base]) {
        const res = await outsider.b.get(path);
        expect(res.status, path).toBe(404);
        expect(res.body.title).toBe('Workspace not found');
      }
      const put = await outsider.b.put(`${secret}/sharing`, { restricted: false, grants: [] });
      expect(put.status).toBe(404);
      const mine = (await outsider.b.get('/api/workspaces')).body.workspaces[0].slug;
      const theirs = await outsider.b.get(
        `/api/workspaces/${mine}/dashboards/secret-plans/sharing`,
      );
      expect(theirs.status).toBe(404);
      expect((await page(outsider.b, 'secret-plans')).body).toMatchObject({
        list: undefined,
        render: null,
        sharing: null,
      });
    });
  });
}
