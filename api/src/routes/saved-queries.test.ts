import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const base = '/api/workspaces/demo/saved-queries';
let t: TestApp;
let owner: Browser;
let viewer: Browser;

beforeAll(async () => {
  t = await createTestApp({ demoTables: ['stocks'] });
  owner = (await person(t, 'o@example.org', undefined, { name: 'Olga' })).b;
  const pt = { lang: 'pt-BR', locale: 'pt-BR', name: 'Vera' };
  viewer = (await person(t, 'v@example.org', 'viewer', pt)).b;
});
afterAll(() => t?.close());

const sql = 'SELECT count(*) AS days FROM stocks WHERE symbol = {{symbol}}';

describe('saved queries', () => {
  let id = '';

  it('saves, finds, changes and duplicates a parameterised query', async () => {
    const created = await owner.post(base, {
      name: 'Trading days',
      description: 'Days with a price, per symbol',
      titles: { en: 'Trading days', 'pt-BR': 'Dias de pregão' },
      sourceId: 'demo',
      sql,
      parameters: [{ name: 'symbol', type: 'text', value: 'AAPL' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Trading days',
      ownerName: 'Olga',
      lastRunAt: null,
    });
    id = created.body.id;
    await owner.post(base, { name: 'Other', sourceId: 'demo', sql: 'SELECT 1' });
    const found = await owner.get(`${base}?search=PRICE`);
    expect(found.body.queries.map((q: { name: string }) => q.name)).toEqual(['Trading days']);
    expect((await owner.get(`${base}?search=%25`)).body.queries).toEqual([]);
    const changed = await owner.patch(`${base}/${id}`, { description: 'Per symbol' });
    expect(changed.body.description).toBe('Per symbol');
    const duplicated = await owner.post(`${base}/${id}/duplicate`);
    expect(duplicated.status).toBe(201);
    expect(duplicated.body).toMatchObject({ name: 'Copy of Trading days', sql });
    expect((await owner.delete(`${base}/${duplicated.body.id}`)).status).toBe(204);
    expect((await owner.get(`${base}/${duplicated.body.id}`)).status).toBe(404);
  });

  it('lets a viewer run it with their own values, but not change it', async () => {
    const saved = await viewer.post(`${base}/${id}/run`, {});
    expect(saved.status).toBe(200);
    const mine = await viewer.post(`${base}/${id}/run`, {
      parameters: [{ name: 'symbol', type: 'text', value: "AAPL' OR '1'='1" }],
    });
    expect(mine.body.rows).toEqual([[0]]);
    expect(saved.body.rows[0][0]).toBeGreaterThan(0);
    expect((await owner.get(`${base}/${id}`)).body.lastRunAt).not.toBeNull();
    expect((await viewer.patch(`${base}/${id}`, { name: 'Mine' })).status).toBe(403);
    expect((await viewer.delete(`${base}/${id}`)).status).toBe(403);
    const adHoc = await viewer.post('/api/workspaces/demo/queries', {
      source: 'demo',
      sql: 'SELECT 1',
    });
    expect(adHoc.status).toBe(403);
  });

  it('keeps each person’s own history of ad-hoc runs, failures with their reason', async () => {
    await owner.post('/api/workspaces/demo/queries', { source: 'demo', sql: 'SELECT 1 AS one' });
    await owner.post('/api/workspaces/demo/queries', {
      source: 'demo',
      sql: 'SELECT * FROM WHERE 1',
    });
    const history = await owner.get('/api/workspaces/demo/query-history');
    expect(history.status).toBe(200);
    const [failed, ok] = history.body.entries;
    expect(ok).toMatchObject({ sql: 'SELECT 1 AS one', rowCount: 1, error: null });
    expect(failed).toMatchObject({ sql: 'SELECT * FROM WHERE 1', rowCount: null });
    expect(failed.error).toMatch(/syntax/i);
  });

  it('answers bad input with 4xx problems, and unknown sources or queries with 404', async () => {
    for (const body of [
      {},
      { name: 'x', sourceId: 'demo' },
      { name: 'x', sourceId: 'demo', sql: 'SELECT 1', owner: 'me' },
      {
        name: 'x',
        sourceId: 'demo',
        sql: 'SELECT 1',
        parameters: [{ name: '1bad', type: 'text', value: 'x' }],
      },
    ])
      expect((await owner.post(base, body)).status, JSON.stringify(body)).toBe(400);
    expect((await owner.post(base, { name: 'x', sourceId: 'nope', sql: 'SELECT 1' })).status).toBe(
      404,
    );
    expect((await owner.post(`${base}/nope/run`, {})).status).toBe(404);
    expect(
      (
        await owner.post(`${base}/${id}/run`, {
          parameters: [{ name: 'symbol', type: 'text', value: null }],
        })
      ).status,
    ).toBe(400);
  });
});
