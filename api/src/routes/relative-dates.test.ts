import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// 02:30 UTC on Wednesday 25 Nov 2026: still the 24th in São Paulo, already the 25th in Tokyo.
const now = Date.parse('2026-11-25T02:30:00Z');
let t: TestApp;
let owner: Browser;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ demoTables: ['seattle_weather'], now: () => now });
  owner = (await person(t, 'o@example.org')).b;
  key = await apiKeyOf(owner, 'editor');
});
afterAll(() => t.close());

const sql =
  'SELECT CAST({{day}} AS VARCHAR) AS day, CAST({{period.start}} AS VARCHAR) AS start, CAST({{period.end}} AS VARCHAR) AS "end"';
const parameters = [
  { name: 'day', type: 'date', value: 'today-1d' },
  { name: 'period', type: 'dateRange', value: 'lastMonth' },
];
const run = (body: Record<string, unknown>) =>
  request(t.app)
    .post('/api/workspaces/demo/queries')
    .set('Authorization', `Bearer ${key}`)
    .send({ source: 'demo', sql, parameters, ...body });

describe('relative dates in query parameters', () => {
  it('counts today in the time zone the request names', async () => {
    const tokyo = await run({ timeZone: 'Asia/Tokyo' }).expect(200);
    expect(tokyo.body.rows).toEqual([['2026-11-24', '2026-10-01', '2026-10-31']]);
    const saoPaulo = await run({ timeZone: 'America/Sao_Paulo' }).expect(200);
    expect(saoPaulo.body.rows).toEqual([['2026-11-23', '2026-10-01', '2026-10-31']]);
    // Different days are different cache entries, never one answer for both.
    expect(saoPaulo.body.cache.hit).toBe(false);
  });

  it("otherwise counts in the caller's saved time zone, and history keeps what was written", async () => {
    expect((await run({}).expect(200)).body.rows[0][0]).toBe('2026-11-24'); // UTC by default
    await owner.patch('/api/auth/me', { timeZone: 'America/Sao_Paulo' }).then((r) => {
      expect(r.status).toBe(200);
    });
    expect((await run({}).expect(200)).body.rows[0][0]).toBe('2026-11-23');
    const history = await request(t.app)
      .get('/api/workspaces/demo/query-history')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(history.body.entries[0].parameters).toEqual(parameters);
  });

  it('refuses unknown zones and values that are not dates, in the reader’s language', async () => {
    const zone = await run({ timeZone: 'Mars/Olympus' })
      .set('Accept-Language', 'pt-BR')
      .expect(400);
    expect(zone.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zone.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'timeZone' })]),
    );
    const bad = await run({
      parameters: [
        { name: 'day', type: 'date', value: 'tomorrow' },
        { name: 'period', type: 'dateRange', value: 'lastDecade' },
      ],
    }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['parameters.0.value', 'parameters.1.value']),
    );
  });
});
