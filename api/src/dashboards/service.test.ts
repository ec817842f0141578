import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, shippedDashboards } from '../demo/seed.js';
import { metadataDatabases } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import type { DashboardSpec } from './spec.js';

/** The demo dashboards as shipped: what the seed must put in the database. */
const shipped = shippedDashboards as {
  slug: string;
  cards: { id: string; kind?: string; chart?: { type: string }; query?: { sql: string } }[];
}[];
const flightsSpec = shipped.find((d) => d.slug === 'flights');

// The same repository tests run on SQLite and PostgreSQL; PostgreSQL is skipped by name
// only outside CI when TEST_POSTGRES_URL is unset.
for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`dashboards on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        database: kind,
        demoTables: ['flights', 'seattle_weather', 'stocks', 'gapminder'],
      });
    });
    afterAll(() => t?.close());
    // The Demo workspace as its owner sees it: every dashboard, restricted or not.
    const owner = { userId: 'owner', kind: 'session' } as const;
    const demo = () => ({ id: t.services.workspaceId, slug: 'demo', role: 'owner' }) as const;
    /** Saves a changed flights spec the way the seed does, as nobody: the seed still follows it. */
    async function saveFlights(change: (spec: DashboardSpec) => DashboardSpec) {
      const store = t.services.dashboardStore;
      const { spec } = await store.find(t.services.workspaceId, 'flights');
      await store.save(t.services.workspaceId, null, 'flights', change(spec));
    }

    it('seeds the demo workspace, source and dashboard once, however often it runs', async () => {
      const again = await seedDemo(t.db);
      expect(again.workspaceId).toBe(t.services.workspaceId);
      expect(await t.db('workspaces').count({ n: '*' }).first()).toMatchObject({
        n: expect.anything(),
      });
      expect(Number((await t.db('workspaces').count({ n: '*' }).first())?.n)).toBe(1);
      const listed = await t.services.dashboards.listFor(owner, demo());
      expect(listed).toHaveLength(shipped.length);
      // A second seeding of unchanged files makes no new version.
      expect(listed.map((d) => d.version)).toEqual(shipped.map(() => 1));
      expect(await t.services.dataSources.list(t.services.workspaceId)).toEqual([
        expect.objectContaining({ id: 'demo', name: 'Demo', engine: 'duckdb', builtIn: true }),
      ]);
    });

    it('renders the public flights dashboard from real data, formatted for the reader', async () => {
      const pt = await t.services.dashboards.readPublic('flights', 'pt-BR');
      expect(pt?.title).toBe('Atrasos de voos nos EUA');
      expect(pt?.cards).toHaveLength(12);
      expect(pt?.cards.map((c) => [c.id, c.type ?? c.kind])).toEqual(
        flightsSpec?.cards.map((c) => [c.id, c.chart?.type ?? c.kind]),
      );
      expect(pt?.cards.every((c) => !c.error)).toBe(true);
      const kpi = pt?.cards[0]?.chart?.kpis;
      expect(kpi?.[0]).toEqual({ label: 'Voos', value: '3\u00a0mi' });
      const en = await t.services.dashboards.readPublic('flights', 'en');
      expect(en?.cards[0]?.chart?.kpis?.[0]).toEqual({ label: 'Flights', value: '3M' });
      const bars = en?.cards.find((c) => c.id === 'busiest-origins')?.chart;
      expect(bars?.svg).toMatch(/^<svg/);
      expect(bars?.table.rows[0]).toEqual(['ORD', '166,341']);
    });

    it('refreshes the results of public dashboards into the cache', async () => {
      const charts = shipped.flatMap((d) => d.cards.filter((c) => c.kind !== 'text'));
      expect(await t.services.dashboards.refreshPublic()).toEqual({
        dashboards: shipped.length,
        queries: charts.length,
      });
      // The flights totals as the dashboard runs them: no origin chosen, its clause left out.
      const totals = flightsSpec?.cards.find((c) => c.id === 'totals');
      const cached = await t.services.queries.cached({
        workspaceId: t.services.workspaceId,
        sourceId: 'demo',
        sql: totals?.query?.sql ?? '',
        parameters: [{ name: 'origins', type: 'list', value: null }],
      });
      expect(cached.cache.hit).toBe(true);
    });

    it('refreshes the private dashboards someone opened within the window, each once', async () => {
      const charts = flightsSpec?.cards.filter((c) => c.kind !== 'text').length;
      await saveFlights((spec) => ({ ...spec, public: false }));
      try {
        expect(await t.services.dashboards.refreshOpened(60 * 60_000)).toEqual({
          dashboards: 0,
          queries: 0,
        });
        const { id } = await t
          .db('dashboards')
          .where({ workspace_id: t.services.workspaceId, slug: 'flights' })
          .first('id');
        for (const email of ['reader-1@example.com', 'reader-2@example.com']) {
          await t.services.auth.accounts.createAdmin({
            email,
            name: 'Reader',
            password: 'correct horse battery staple',
          });
          const user = await t.db('users').where({ email }).first('id');
          await t.db('dashboard_views').insert({
            user_id: user.id,
            dashboard_id: id,
            viewed_at: new Date(Date.now() - 10 * 60_000),
          });
        }
        // Two readers, one dashboard: its queries run once.
        expect(await t.services.dashboards.refreshOpened(60 * 60_000)).toEqual({
          dashboards: 1,
          queries: charts,
        });
        // Opened before the window: left to expire.
        expect(await t.services.dashboards.refreshOpened(5 * 60_000)).toEqual({
          dashboards: 0,
          queries: 0,
        });
      } finally {
        await saveFlights((spec) => ({ ...spec, public: true }));
      }
    });

    it('returns null for a dashboard that is missing or not public', async () => {
      expect(await t.services.dashboards.readPublic('nope', 'en')).toBeNull();
      await saveFlights((spec) => ({ ...spec, public: false }));
      expect(await t.services.dashboards.readPublic('flights', 'en')).toBeNull();
      await saveFlights((spec) => ({ ...spec, public: true }));
    });

    it('shows a failing card its translated error while the others render', async () => {
      const broken = flightsSpec?.cards.findIndex((c) => c.id === 'delay-by-hour') ?? -1;
      await saveFlights((spec) => ({
        ...spec,
        cards: spec.cards.map((c, i) =>
          i === broken && c.kind === 'chart'
            ? { ...c, query: { sql: 'SELECT no_such_column FROM flights' } }
            : c,
        ),
      }));
      const pt = await t.services.dashboards.readPublic('flights', 'pt-BR');
      expect(pt?.cards[broken]?.error?.title).toBe('O banco de dados recusou a consulta');
      expect(pt?.cards[broken]?.error?.detail).toMatch(/no_such_column/);
      expect(pt?.cards.filter((c) => c.error)).toHaveLength(1);
      await seedDemo(t.db);
    });
  });
}
