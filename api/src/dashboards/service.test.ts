import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { metadataDatabases } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// The same repository tests run on SQLite and PostgreSQL; PostgreSQL is skipped by name
// only outside CI when TEST_POSTGRES_URL is unset.
for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`dashboards on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: ['flights'] });
    });
    afterAll(() => t?.close());

    it('seeds the demo workspace, source and dashboard once, however often it runs', async () => {
      const again = await seedDemo(t.db);
      expect(again.workspaceId).toBe(t.services.workspaceId);
      expect(await t.db('workspaces').count({ n: '*' }).first()).toMatchObject({
        n: expect.anything(),
      });
      expect(Number((await t.db('workspaces').count({ n: '*' }).first())?.n)).toBe(1);
      expect(Number((await t.db('dashboards').count({ n: '*' }).first())?.n)).toBe(1);
      expect(await t.services.dataSources.list(t.services.workspaceId)).toEqual([
        expect.objectContaining({ id: 'demo', name: 'Demo', engine: 'duckdb', builtIn: true }),
      ]);
    });

    it('renders the public flights dashboard from real data, formatted for the reader', async () => {
      const pt = await t.services.dashboards.renderPublic('flights', 'pt-BR');
      expect(pt?.title).toBe('Atrasos de voos nos EUA');
      expect(pt?.cards.map((c) => [c.id, c.type])).toEqual([
        ['totals', 'kpi'],
        ['delay-by-hour', 'line'],
        ['busiest-origins', 'bar'],
        ['worst-routes', 'table'],
      ]);
      expect(pt?.cards.every((c) => !c.error)).toBe(true);
      const kpi = pt?.cards[0]?.chart?.kpis;
      expect(kpi?.[0]).toEqual({ label: 'Voos', value: '3.000.000' });
      const en = await t.services.dashboards.renderPublic('flights', 'en');
      expect(en?.cards[0]?.chart?.kpis?.[0]).toEqual({ label: 'Flights', value: '3,000,000' });
      const bars = en?.cards[2]?.chart;
      expect(bars?.svg).toMatch(/^<svg/);
      expect(bars?.table.rows[0]).toEqual(['ORD', '166,341']);
    });

    it('refreshes the results of public dashboards into the cache', async () => {
      expect(await t.services.dashboards.refreshPublic()).toEqual({ dashboards: 1, queries: 4 });
      const sql =
        'SELECT count(*) AS flights, avg(delay) AS mean_delay, avg(CASE WHEN delay > 15 THEN 1.0 ELSE 0.0 END) AS late_share FROM flights';
      const cached = await t.services.queries.cached({
        workspaceId: t.services.workspaceId,
        sourceId: 'demo',
        sql,
      });
      expect(cached.cache.hit).toBe(true);
    });

    it('returns null for a dashboard that is missing or not public', async () => {
      expect(await t.services.dashboards.renderPublic('nope', 'en')).toBeNull();
      await t.db('dashboards').where({ slug: 'flights' }).update({ is_public: false });
      expect(await t.services.dashboards.renderPublic('flights', 'en')).toBeNull();
      await t.db('dashboards').where({ slug: 'flights' }).update({ is_public: true });
    });

    it('shows a failing card its translated error while the others render', async () => {
      const row = await t.db('dashboards').where({ slug: 'flights' }).first('spec');
      const spec = JSON.parse(row.spec);
      spec.cards[1].query.sql = 'SELECT no_such_column FROM flights';
      await t
        .db('dashboards')
        .where({ slug: 'flights' })
        .update({ spec: JSON.stringify(spec) });
      const pt = await t.services.dashboards.renderPublic('flights', 'pt-BR');
      expect(pt?.cards[1]?.error?.title).toBe('O banco de dados recusou a consulta');
      expect(pt?.cards[1]?.error?.detail).toMatch(/no_such_column/);
      expect(pt?.cards.filter((c) => c.error)).toHaveLength(1);
      await seedDemo(t.db);
    });
  });
}
