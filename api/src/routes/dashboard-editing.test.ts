import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Browser } from '../testing/browser.js';
import { sqlCard } from '../testing/cards.fixture.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { detailedWeatherDashboard as weather } from '../testing/weather-dashboard.fixture.js';

/**
 * Dashboards made and changed over HTTP: create, save as versions (with conflicts), restore,
 * duplicate, folders, favourites and recent views, filters from the query string bound to the
 * cards' parameters, CSV and PNG downloads, and dashboards as code between two workspaces.
 */

const base = '/api/workspaces/demo/dashboards';

let t: TestApp;
let owner: Browser;
let viewerKey: string;

/** Rows of a rendered card's data table. */
const tableOf = (
  body: { cards: { id: string; chart?: { table: { rows: string[][] } } }[] },
  id: string,
) => body.cards.find((c) => c.id === id)?.chart?.table.rows;

beforeAll(async () => {
  t = await createTestApp({ demoTables: ['seattle_weather'] });
  owner = (await person(t, 'owner@example.org')).b; // the first account owns Demo
  viewerKey = await apiKeyOf(owner, 'viewer');
});
afterAll(() => t.close());

describe('making and editing dashboards', () => {
  it('creates one, renders it with its filters, and refuses viewers and bad specs', async () => {
    const created = await owner.post(base, weather);
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect((await owner.post(base, weather)).status).toBe(409);

    const viewer = await request(t.app)
      .post(base)
      .set('Authorization', `Bearer ${viewerKey}`)
      .send({ ...weather, slug: 'other' });
    expect(viewer.status).toBe(403);

    const bad = await owner.post(base, {
      ...weather,
      slug: 'bad',
      cards: [{ ...weather.cards[0], layout: { x: 8, y: 0, w: 6, h: 4 }, crossFilter: 'nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['cards.0.layout.w', 'cards.0.crossFilter']),
    );

    const page = await request(t.app)
      .get(`${base}/weather`)
      .set('Authorization', `Bearer ${viewerKey}`)
      .set('Accept-Language', 'pt-BR')
      .expect(200);
    expect(page.body.title).toBe('Clima em Seattle');
    expect(page.body.cards.map((c: { id: string }) => c.id)).toEqual(['days', 'note', 'all-days']);
    expect(page.body.cards.every((c: { error?: unknown }) => !c.error)).toBe(true);
    // Markdown with raw HTML escaped.
    expect(page.body.cards[1].html).toBe('<p><strong>Fonte:</strong> NOAA</p>');
    const [period, kind, temp] = page.body.filters;
    expect(period).toMatchObject({
      label: 'Período',
      value: { preset: 'custom', start: '2012-01-01' },
    });
    expect(kind.options.map((o: { value: string }) => o.value)).toEqual([
      'drizzle',
      'fog',
      'rain',
      'snow',
      'sun',
    ]);
    expect(temp.value).toEqual({ min: '', max: '' });
    expect(page.body.cards[0].crossFilter).toBe('kind');
  });

  it('binds filters from the query string to every card, as the database would count', async () => {
    const direct = async (sql: string) =>
      (
        await request(t.app)
          .post('/api/workspaces/demo/queries')
          .set(
            'Authorization',
            `Bearer ${(await owner.post('/api/workspaces/demo/api-keys', { name: 'e', role: 'editor' })).body.secret}`,
          )
          .send({ source: 'demo', sql })
          .expect(200)
      ).body.rows as unknown[][];
    const filtered = await owner.get(
      `${base}/weather?period=custom&period.start=2013-01-01&period.end=2013-06-30&kind=sun&kind=rain&temp.min=10`,
    );
    expect(filtered.status).toBe(200);
    const expected = await direct(
      "SELECT weather, count(*) FROM seattle_weather WHERE date BETWEEN '2013-01-01' AND '2013-06-30' AND weather IN ('sun', 'rain') AND temp_max >= 10 GROUP BY 1 ORDER BY 2 DESC, 1",
    );
    expect(tableOf(filtered.body, 'days')).toEqual(expected.map(([w, n]) => [w, String(n)]));
    expect(filtered.body.filters[1].value.selected).toEqual(['sun', 'rain']);

    // An empty value clears a filter; its optional clause drops out.
    const cleared = await owner.get(`${base}/weather?period=&kind=`);
    expect(cleared.body.cards[0].error.title).toBe('A parameter has no value');
    // A value that does not fit is named on its filter, and the cards still render.
    const wrong = await owner.get(`${base}/weather?temp.min=hot`);
    expect(wrong.body.filters[2].error).toBe('Enter a number.');
    expect(wrong.body.cards[0].error).toBeUndefined();
  });

  it('saves versions, refuses a stale one, restores an old one and renames the address', async () => {
    const loaded = await owner.get(`${base}/weather/spec`);
    expect(loaded.body.version).toBe(1);
    const retitled = { ...loaded.body.spec, title: { en: 'Rain in Seattle' } };
    const saved = await owner.put(`${base}/weather/spec`, { spec: retitled, version: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await owner.put(`${base}/weather/spec`, { spec: loaded.body.spec, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('version 2');

    const versions = await owner.get(`${base}/weather/versions`);
    expect(
      versions.body.versions.map((v: { version: number; title: { en: string } }) => [
        v.version,
        v.title.en,
      ]),
    ).toEqual([
      [2, 'Rain in Seattle'],
      [1, 'Seattle weather'],
    ]);
    expect(versions.body.versions[0].createdBy).toBe('owner');
    const restored = await owner.post(`${base}/weather/versions/1/restore`);
    expect(restored.body).toMatchObject({ version: 3, spec: { title: { en: 'Seattle weather' } } });
    expect((await owner.post(`${base}/weather/versions/9/restore`)).status).toBe(404);

    const renamed = await owner.put(`${base}/weather/spec`, {
      spec: { ...restored.body.spec, slug: 'seattle' },
      version: 3,
    });
    expect(renamed.body.spec.slug).toBe('seattle');
    expect((await owner.get(`${base}/weather/spec`)).status).toBe(404);
    expect((await owner.get(`${base}/seattle/versions`)).body.versions).toHaveLength(4);
  });

  it('duplicates, files in folders, favourites, remembers views and searches', async () => {
    const copy = await owner.post(`${base}/seattle/duplicate`, {});
    expect(copy.status).toBe(201);
    expect(copy.body.spec).toMatchObject({
      slug: 'seattle-copy',
      title: { en: 'Seattle weather (copy)', 'pt-BR': 'Clima em Seattle (cópia)' },
      public: false,
    });
    const folder = await owner.post('/api/workspaces/demo/dashboard-folders', { name: 'Weather' });
    expect(folder.status).toBe(201);
    expect(
      (await owner.post('/api/workspaces/demo/dashboard-folders', { name: 'Weather' })).status,
    ).toBe(409);
    expect((await owner.patch(`${base}/seattle`, { folderId: folder.body.id })).status).toBe(204);
    expect((await owner.patch(`${base}/seattle`, { folderId: 'nope' })).status).toBe(404);
    expect((await owner.put(`${base}/seattle/favorite`)).status).toBe(204);
    // Views are written a moment later, in one batch; the list waits for them.
    await Promise.all([
      owner.get(`${base}/flights`),
      owner.get(`${base}/flights`),
      owner.get(`${base}/seattle`),
    ]);

    const list = async (query: string) =>
      (await owner.get(`${base}?${query}`)).body.dashboards as {
        slug: string;
        favorite: boolean;
        viewedAt: string | null;
        folder: { name: string } | null;
      }[];
    const all = await list('');
    // The three demo dashboards and the two made here.
    expect(all.map((d) => d.slug).sort()).toEqual([
      'chart-gallery',
      'flights',
      'seattle',
      'seattle-copy',
      'seattle-weather',
    ]);
    expect(all.find((d) => d.slug === 'flights')?.viewedAt).not.toBeNull();
    expect(all.find((d) => d.slug === 'seattle')?.viewedAt).not.toBeNull();
    expect(all.find((d) => d.slug === 'seattle-copy')?.viewedAt).toBeNull();
    expect((await list(`folder=${folder.body.id}`)).map((d) => d.slug)).toEqual(['seattle']);
    expect((await list('favorites=true')).map((d) => d.slug)).toEqual(['seattle']);
    // Search reads every language: "clima" is only in the Portuguese title.
    expect((await list('q=CLIMA')).map((d) => d.slug).sort()).toEqual([
      'seattle',
      'seattle-copy',
      'seattle-weather',
    ]);
    expect(await list('q=100%25')).toEqual([]);

    const folders = await owner.get('/api/workspaces/demo/dashboard-folders');
    expect(folders.body.folders).toEqual([{ id: folder.body.id, name: 'Weather', dashboards: 1 }]);
    expect(
      (await owner.delete(`/api/workspaces/demo/dashboard-folders/${folder.body.id}`)).status,
    ).toBe(204);
    expect((await list('')).find((d) => d.slug === 'seattle')?.folder).toBeNull();
    expect((await owner.delete(`${base}/seattle-copy`)).status).toBe(204);
    expect((await owner.get(`${base}/seattle-copy/spec`)).status).toBe(404);
  });

  it('downloads a card as CSV with raw values, and as a PNG', async () => {
    const csv = await owner.get(`${base}/seattle/cards/days.csv?kind=snow`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('seattle-days.csv');
    expect(csv.text).toMatch(/^\uFEFFweather,days\r\nsnow,\d+\r\n$/);
    const png = await request(t.app)
      .get(`${base}/seattle/cards/days.png`)
      .set('Authorization', `Bearer ${viewerKey}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    expect((await owner.get(`${base}/seattle/cards/all-days.png`)).status).toBe(404);
    expect((await owner.get(`${base}/seattle/cards/note.csv`)).status).toBe(404);
  });
});

describe('dashboards as code', () => {
  it('exports as YAML or JSON and imports into another workspace, matching sources by name', async () => {
    // A dashboard over the workspace's own uploads, which every workspace can have.
    const csv = 'region,sales\nnorth,10\nsouth,32\n';
    await owner
      .raw('post', '/api/workspaces/demo/uploads?name=sales.csv', csv, 'text/csv')
      .then((r) => expect(r.status).toBe(201));
    const sales = {
      slug: 'sales',
      title: { en: 'Sales' },
      source: 'Uploads',
      filters: [],
      cards: [
        sqlCard('by-region', 'SELECT region, sales FROM sales ORDER BY 1', {
          type: 'table',
          title: { en: 'By region' },
        }),
      ],
    };
    expect((await owner.post(base, sales)).status).toBe(201);
    const yaml = await owner.get(`${base}/sales/export?format=yaml`);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    const json = await owner.get(`${base}/sales/export`);
    const exported = JSON.parse(json.text);
    expect(parseYaml(yaml.text)).toEqual(exported);
    expect((await owner.get(`${base}/sales/export?format=xml`)).status).toBe(400);

    const other = await owner.post('/api/workspaces', { name: 'Branch' });
    const branch = `/api/workspaces/${other.body.slug}`;
    const sendYaml = (text: string, query = '') =>
      owner.raw('post', `${branch}/dashboards/import${query}`, text, 'application/yaml');
    const missing = await sendYaml(yaml.text);
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toContain('"Uploads"');

    await owner
      .raw('post', `${branch}/uploads?name=sales.csv`, 'region,sales\neast,5\n', 'text/csv')
      .then((r) => expect(r.status).toBe(201));
    const imported = await sendYaml(yaml.text);
    expect(imported.status).toBe(201);
    // import(export(d)) is d.
    expect(imported.body.spec).toEqual(exported);
    expect(tableOf((await owner.get(`${branch}/dashboards/sales`)).body, 'by-region')).toEqual([
      ['east', '5'],
    ]);
    expect((await sendYaml(yaml.text)).status).toBe(409);
    const replaced = await sendYaml(
      yaml.text.replace('title:\n  en: Sales', 'title:\n  en: Sales 2'),
      '?replace=true',
    );
    expect(replaced.body).toMatchObject({ version: 2, spec: { title: { en: 'Sales 2' } } });

    const broken = await sendYaml('slug: [unclosed');
    expect(broken.status).toBe(400);
    expect(broken.body.type).toBe('/docs/reference/errors/#dashboard-syntax');
    const invalid = await sendYaml(
      'slug: Not A Slug\ntitle: {en: x}\nsource: Uploads\ncards: []\n',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('slug');
    const text = await owner.raw('post', `${branch}/dashboards/import`, 'x', 'text/plain');
    expect(text.status).toBe(415);
  });

  it('keeps workspaces apart', async () => {
    const { b: outsider } = await person(t, 'outsider@example.org');
    expect((await outsider.get(`${base}/seattle/spec`)).status).toBe(404);
    expect((await outsider.get(`${base}`)).status).toBe(404);
    expect((await outsider.get(`${base}/seattle/cards/days.csv`)).status).toBe(404);
    expect((await outsider.post(`${base}/seattle/duplicate`, {})).status).toBe(404);
    // Not public: no anonymous read, and the public twin does not reveal it.
    expect((await request(t.app).get('/api/public/dashboards/seattle')).status).toBe(404);
    expect((await request(t.app).get('/api/public/dashboards/seattle/cards/days.csv')).status).toBe(
      404,
    );
  });
});

describe('the editor’s preview', () => {
  it('renders an unsaved spec for editors only, without saving it', async () => {
    const draft = {
      ...weather,
      slug: 'draft',
      cards: [
        {
          ...weather.cards[0],
          chart: { ...weather.cards[0]?.chart, type: 'pie', options: { donut: true } },
        },
      ],
    };
    const preview = await owner.post(`${base}/preview`, {
      spec: draft,
      query: { kind: ['sun', 'fog'] },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.cards[0]).toMatchObject({ id: 'days', type: 'pie' });
    expect(preview.body.cards[0].chart.table.rows.map((r: string[]) => r[0]).sort()).toEqual([
      'fog',
      'sun',
    ]);
    expect((await owner.get(`${base}/draft/spec`)).status).toBe(404);
    const viewer = await request(t.app)
      .post(`${base}/preview`)
      .set('Authorization', `Bearer ${viewerKey}`)
      .send({ spec: draft });
    expect(viewer.status).toBe(403);
    const missing = await owner.post(`${base}/preview`, { spec: { ...draft, source: 'Nope' } });
    expect(missing.status).toBe(422);
  });
});

describe('a forecast', () => {
  it('continues a seasonal series from the database, says how, and explains one along categories', async () => {
    const card = (x: Record<string, unknown>) =>
      sqlCard(
        'temp',
        "SELECT date_trunc('month', date)::DATE AS month, round(avg(temp_max), 1) AS temp FROM seattle_weather GROUP BY 1 ORDER BY 1",
        {
          type: 'line',
          title: { en: 'Highs' },
          encoding: { x, y: { field: 'temp', format: { style: 'number' } } },
          options: { forecast: { periods: 12 } },
        },
      );
    const draft = (x: Record<string, unknown>) => ({
      ...weather,
      slug: 'forecast',
      filters: [],
      cards: [card(x)],
    });
    const preview = await owner.post(`${base}/preview`, {
      spec: draft({ field: 'month', format: { style: 'month' } }),
    });
    expect(preview.status).toBe(200);
    const chart = preview.body.cards[0].chart;
    // Four years of months (2012–2015) and a year more, as Seattle's summers repeat.
    expect(chart.description).toMatch(
      /Forecast of the next 12 periods by exponential smoothing with a trend and a season of 12 periods \(Holt-Winters\): [\d.]+ at Dec 2016, 95% interval [\d.-]+ to [\d.]+\. Fitted without the last 12 points, it missed them by [\d.]+ on average/,
    );
    expect(chart.table.rows).toHaveLength(60);
    expect(chart.table.rows.slice(48).map((r: string[]) => r[0])[0]).toBe('Jan 2016');
    expect(chart.svg).toContain('stroke-dasharray="2 3"');

    const categories = await owner.post(`${base}/preview`, {
      spec: draft({ field: 'month', format: { style: 'text' } }),
    });
    // The card shows the author what to fix; the rest of the dashboard renders.
    expect(categories.status).toBe(200);
    expect(categories.body.cards[0].error).toEqual({
      title: 'A forecast needs dates or numbers on x',
      detail:
        'options.forecast continues the series along the x axis, but the column "month" holds categories. Remove the forecast, or give encoding.x a date or number format.',
    });
  });
});

describe('a slow card', () => {
  it('comes back pending at the deadline while the others render, then from the cache', async () => {
    const spec = {
      ...weather,
      slug: 'slow',
      filters: [],
      cards: [
        sqlCard(
          'slow',
          'SELECT count(*) AS n FROM range(50000000) t(i) WHERE i % 7 = 3',
          { type: 'kpi', title: { en: 'Slow' } },
          { x: 0, y: 0, w: 6, h: 3 },
        ),
        weather.cards[1],
      ],
    };
    const parsed = (await import('../dashboards/spec.js')).dashboardSpec.parse(spec);
    const { renderSpec } = t.services.dashboardRenderer;
    const early = await renderSpec(t.services.workspaceId, parsed, 'en', { deadlineMs: 20 });
    expect(early.cards.map((c) => [c.id, c.pending === true])).toEqual([
      ['slow', true],
      ['note', false],
    ]);
    expect(early.cards[0]?.title).toBe('Slow');
    // Without a deadline it waits; the query started above finishes into the cache.
    const later = await renderSpec(t.services.workspaceId, parsed, 'en', { cards: ['slow'] });
    expect(later.cards).toHaveLength(1);
    expect(later.cards[0]?.pending).toBeUndefined();
    expect(later.cards[0]?.chart?.kpis?.[0]?.label, JSON.stringify(later.cards[0])).toBe('n');
  });
});
