import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { createInternalDashboard } from '../testing/dashboards.fixture.js';
import { metadataDatabases } from '../testing/databases.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const publicPath = (slug: string) => `/api/public/dashboards/${slug}`;
const demoPath = (slug: string) => `/api/workspaces/demo/dashboards/${slug}`;
// The flights dashboard as shipped, in reading order (top to bottom, left to right).
const shipped = JSON.parse(
  fs.readFileSync(new URL('../demo/flights.dashboard.json', import.meta.url), 'utf8'),
) as { cards: { id: string; kind?: string; layout: { x: number; y: number } }[] };
const cards = [...shipped.cards]
  .sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x)
  .map((c) => c.id);
const cardsOf = (body: { cards: { id: string }[] }) => body.cards.map((c) => c.id);

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`dashboard routes on ${kind}`, () => {
    let t: TestApp;
    let owner: Browser;
    let outsider: Browser;
    let viewerKey: string;

    const account = async (email: string, lang = 'en') =>
      (await person(t, email, undefined, { lang })).b;

    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: ['flights'] });
      owner = await account('owner@example.org', 'pt-BR'); // the first account owns Demo
      outsider = await account('outsider@example.org');
      viewerKey = await apiKeyOf(owner, 'viewer');
      await createInternalDashboard(t);
    });
    afterAll(() => t?.close());

    describe('GET /api/public/dashboards/:slug', () => {
      it('serves the public demo dashboard to anyone, in the language asked for', async () => {
        const en = await request(t.app).get(publicPath('flights')).expect(200);
        expect(en.headers['content-type']).toMatch(/^application\/json/);
        expect(en.body).toMatchObject({ slug: 'flights', title: 'US flight delays' });
        expect(cardsOf(en.body)).toEqual(cards);
        expect(en.body.cards[0].chart.kpis[0]).toEqual({ label: 'Flights', value: '3M' });
        expect(en.body.cards.every((c: { error?: unknown }) => !c.error)).toBe(true);

        const pt = await request(t.app)
          .get(publicPath('flights'))
          .set('Accept-Language', 'pt-BR')
          .expect(200);
        expect(pt.body.title).toBe('Atrasos de voos nos EUA');
        expect(pt.body.cards[0].title).toBe('Todos os voos');
        expect(pt.body.cards[0].chart.kpis[0]).toEqual({ label: 'Voos', value: '3\u00a0mi' });
      });

      it('answers an unknown or private slug with a translated 404 problem', async () => {
        const unknown = await request(t.app)
          .get(publicPath('nope'))
          .set('Accept-Language', 'pt-BR')
          .expect(404);
        expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(unknown.body).toMatchObject({
          type: '/docs/reference/errors/#dashboardNotFound',
          title: 'Painel não encontrado',
          status: 404,
        });
        expect(unknown.body.detail).toContain('"nope"');
        // The private one is there, yet answers exactly like the missing one.
        const internal = await request(t.app).get(publicPath('internal')).expect(404);
        expect(internal.body.title).toBe('Dashboard not found');
        expect((await owner.get(publicPath('internal'))).status).toBe(404);
      });
    });

    describe('GET /api/workspaces/:workspace/dashboards/:slug', () => {
      it('refuses anonymous callers', async () => {
        const res = await request(t.app).get(demoPath('flights')).expect(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      });

      it('serves a member with a session, in their language', async () => {
        const res = await owner.get(demoPath('flights'));
        expect(res.status).toBe(200);
        expect(res.body.title).toBe('Atrasos de voos nos EUA');
        expect(cardsOf(res.body)).toEqual(cards);
      });

      it('answers the same body as the public route for the same dashboard', async () => {
        const member = await owner.get(demoPath('flights'));
        const anonymous = await request(t.app)
          .get(publicPath('flights'))
          .set('Accept-Language', 'pt-BR')
          .expect(200);
        expect(member.body).toEqual(anonymous.body);
      });

      it('serves an API key of the workspace', async () => {
        const res = await request(t.app)
          .get(demoPath('flights'))
          .set('Authorization', `Bearer ${viewerKey}`)
          .expect(200);
        expect(res.body.title).toBe('US flight delays');
      });

      it("keeps a workspace's dashboards from non-members", async () => {
        const foreign = await outsider.get(demoPath('flights'));
        expect(foreign.status).toBe(404);
        expect(foreign.body.title).toBe('Workspace not found');
        // In their own workspace, Demo's slugs find nothing.
        const mine = await outsider.get('/api/workspaces');
        const slug = mine.body.workspaces[0].slug;
        expect(slug).not.toBe('demo');
        for (const dashboard of ['flights', 'internal']) {
          const res = await outsider.get(`/api/workspaces/${slug}/dashboards/${dashboard}`);
          expect(res.status).toBe(404);
          expect(res.body.type).toBe('/docs/reference/errors/#dashboardNotFound');
        }
      });

      it('serves a dashboard that is not public to members only', async () => {
        const res = await owner.get(demoPath('internal'));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ slug: 'internal', title: 'Atrasos de voos nos EUA' });
        await request(t.app)
          .get(demoPath('internal'))
          .set('Authorization', `Bearer ${viewerKey}`)
          .expect(200);
        expect((await owner.get(demoPath('nope'))).status).toBe(404);
      });
    });
  });
}
