import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { sitePage } from '../testing/site-page.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { kindsShown, weatherDashboard } from '../testing/weather-dashboard.fixture.js';

/**
 * Public links over HTTP: made by members who may edit the dashboard, read by anyone with the
 * token, locked filters fixed whatever the URL says, revoked or expired links refused at once.
 */

const base = '/api/workspaces/demo/dashboards';
const linksOf = (slug: string) => `${base}/${slug}/public-links`;
const tokenOf = (link: { path: string }) => link.path.replace('/public/', '');
const read = (token: string, query = '') =>
  request(anyone).get(`/api/public-links/${token}${query}`);
let anyone: TestApp['app'];

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`public links on ${kind}`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-06-01T12:00:00Z');
    let owner: Browser;
    let editor: Browser;
    let viewer: Browser;
    let outsider: Browser;

    beforeAll(async () => {
      t = await createTestApp({
        database: kind,
        demoTables: ['seattle_weather'],
        now: () => clock,
      });
      anyone = t.app;
      owner = (await person(t, 'owner@example.org')).b;
      editor = (await person(t, 'editor@example.org', 'editor')).b;
      viewer = (await person(t, 'viewer@example.org', 'viewer')).b;
      outsider = (await person(t, 'outsider@example.org')).b;
      expect((await owner.post(base, weatherDashboard('weather'))).status).toBe(201);
      expect((await owner.post(base, weatherDashboard('private-weather'))).status).toBe(201);
    });
    afterAll(() => t?.close());

    it('serves anyone with the link, its locked filters fixed whatever the URL says', async () => {
      const made = await editor.post(linksOf('weather'), { locked: { kind: ['sun', 'fog'] } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        dashboardSlug: 'weather',
        dashboardTitle: { en: 'Seattle weather', 'pt-BR': 'Clima em Seattle' },
        locked: { kind: ['sun', 'fog'] },
        expiresAt: null,
        revokedAt: null,
        active: true,
      });
      expect(made.body.path).toMatch(/^\/public\/[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(made.body);

      const res = await read(token).set('Accept-Language', 'pt-BR').expect(200);
      expect(res.headers['x-robots-tag']).toBe('noindex');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body.title).toBe('Clima em Seattle');
      expect(res.body.filters.map((f: { id: string }) => f.id)).toEqual(['period']);
      expect(kindsShown(res.body)).toEqual(['fog', 'sun']);
      // The locked filter is not a cross-filter target any more.
      expect(res.body.cards[0].crossFilter).toBeUndefined();

      const overridden = await read(token, '?kind=rain&kind=snow&kind.x=1').expect(200);
      expect(kindsShown(overridden.body)).toEqual(['fog', 'sun']);
      // The filters that are not locked still work from the query string.
      const narrowed = await read(
        token,
        '?period=custom&period.start=2012-01-01&period.end=2012-01-31',
      ).expect(200);
      const days = (body: typeof res.body) =>
        body.cards[0].chart.table.rows.reduce((n: number, r: string[]) => n + Number(r[1]), 0);
      expect(days(narrowed.body)).toBeLessThan(days(res.body));
      expect(days(narrowed.body)).toBeGreaterThan(0);

      // The page shows what it needs, and nothing of the workspace behind it.
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/seattle_weather|SELECT|"source"|Demo/);
      expect((await read(token, '?cards=note')).body.cards).toHaveLength(2);

      const site = await sitePage(t);
      const page = await site.publicLinks.render(token, 'en', { query: { kind: 'rain' } });
      expect(page).toMatchObject({ ok: true, locked: { kind: ['sun', 'fog'] } });
      expect(page.ok && kindsShown(page.dashboard)).toEqual(['fog', 'sun']);
    });

    it('refuses locks the dashboard lacks, values that do not fit, and a past expiry', async () => {
      const bad = await owner.post(linksOf('weather'), {
        locked: { nope: 'x', period: 'someday', kind: { a: 1 } },
        expiresAt: new Date(clock - 1000).toISOString(),
      });
      expect(bad.status).toBe(422);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body.errors).toEqual([
        { path: 'locked.nope', message: 'This dashboard has no filter "nope"' },
        { path: 'locked.period', message: expect.any(String) },
        { path: 'locked.kind', message: 'Not valid' },
        { path: 'expiresAt', message: 'Must be in the future' },
      ]);
      const single = await owner.post(linksOf('weather'), { locked: { period: 'last7days' } });
      expect(single.status).toBe(201);
      expect((await owner.post(linksOf('weather'), { extra: true })).status).toBe(400);
      expect((await owner.post(linksOf('weather'), { expiresAt: 'tomorrow' })).status).toBe(400);
      expect((await owner.post(linksOf('nope'), {})).status).toBe(404);
    });

    it('lets only members who may edit the dashboard make, list and revoke links', async () => {
      expect((await viewer.post(linksOf('weather'), {})).status).toBe(403);
      expect((await viewer.get('/api/workspaces/demo/public-links')).status).toBe(403);
      expect((await outsider.post(linksOf('weather'), {})).status).toBe(404);
      await owner.put(`${base}/private-weather/sharing`, { restricted: true, grants: [] });
      const hidden = await owner.post(linksOf('private-weather'), {});
      expect(hidden.status).toBe(201);
      expect((await editor.post(linksOf('private-weather'), {})).status).toBe(404);
      expect(
        (await editor.delete(`/api/workspaces/demo/public-links/${hidden.body.id}`)).status,
      ).toBe(404);

      const all = await owner.get('/api/workspaces/demo/public-links');
      expect(all.body.links.map((l: { dashboardSlug: string }) => l.dashboardSlug).sort()).toEqual([
        'private-weather',
        'weather',
        'weather',
      ]);
      const theirs = await editor.get('/api/workspaces/demo/public-links');
      expect(theirs.body.links).toHaveLength(2);
      expect((await editor.get(linksOf('weather'))).body.links).toHaveLength(2);
      expect((await editor.get(linksOf('private-weather'))).status).toBe(404);

      const ws = await (await sitePage(t, editor)).viewer?.workspace('demo');
      expect(await ws?.publicLinks()).toHaveLength(2);
      expect(await ws?.publicLinks('private-weather')).toEqual([]);
    });

    it('stops a revoked link on the very next request', async () => {
      const made = await owner.post(linksOf('weather'), {});
      const token = tokenOf(made.body);
      await read(token).expect(200);
      const revoked = await editor.delete(`/api/workspaces/demo/public-links/${made.body.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        active: false,
        revokedAt: new Date(clock).toISOString(),
      });
      const gone = await read(token).set('Accept-Language', 'pt-BR').expect(410);
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(gone.headers['x-robots-tag']).toBe('noindex');
      expect(gone.headers['cache-control']).toBe('private, no-store');
      expect(gone.body).toMatchObject({
        type: '/docs/reference/errors/#share-revoked',
        title: 'Este link foi revogado',
      });
      const audit = await t
        .db('audit_events')
        .whereIn('type', ['public-link.create', 'public-link.revoke']);
      expect(audit.map((e) => e.type)).toContain('public-link.revoke');

      const unknown = await read('A'.repeat(43)).expect(404);
      expect(unknown.body.type).toBe('/docs/reference/errors/#share-notFound');
      await read('short').expect(404);
    });

    it('refuses an expired link', async () => {
      const made = await owner.post(linksOf('weather'), {
        expiresAt: new Date(clock + 60_000).toISOString(),
      });
      expect(made.body.active).toBe(true);
      const token = tokenOf(made.body);
      await read(token).expect(200);
      clock += 61_000;
      const expired = await read(token).expect(410);
      expect(expired.body.title).toBe('This link has expired');
      const listed = (await owner.get(linksOf('weather'))).body.links;
      expect(listed.find((l: { id: string }) => l.id === made.body.id).active).toBe(false);
    });
  });
}
