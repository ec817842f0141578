import request from 'supertest';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { expectSnapshot } from '../testing/snapshot.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Representative API answers, whole, as reviewed files (test/output/api-*.json): a change to a
 * body's shape — a field renamed, a type changed, a message reworded — shows up as a diff to
 * read. What changes from run to run (ids, times, request ids, secrets) is named, not compared.
 */

let t: TestApp;
let editorKey: string;
let viewerKey: string;
beforeAll(async () => {
  t = await createTestApp({ demoTables: ['stocks', 'seattle_weather'] });
  const { b: owner } = await person(t, 'owner@example.org');
  editorKey = await apiKeyOf(owner, 'editor');
  viewerKey = await apiKeyOf(owner, 'viewer');
});
afterAll(() => t.close());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const varying = new Set(['id', 'requestId', 'createdBy', 'userId', 'secret', 'prefix']);
// Timings: measured, never the same twice.
const measured = new Set(['durationMs', 'ageMs', 'expiresInMs']);

/** The body with what varies per run replaced by its name. */
function stable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => stable(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v, k)]));
  if (measured.has(key) && typeof value === 'number') return `<${key}>`;
  if (typeof value !== 'string') return value;
  if (varying.has(key) || key.endsWith('Id')) return `<${key}>`;
  if (uuid.test(value)) return '<uuid>';
  if (isoTime.test(value)) return '<time>';
  return value;
}

function expectBody(name: string, res: { status: number; type: string; body: unknown }) {
  const answer = { status: res.status, type: res.type, body: stable(res.body) };
  expectSnapshot(`api-${name}.json`, `${JSON.stringify(answer, null, 2)}\n`);
}

const as = (key: string, lang = 'en') => ({
  Authorization: `Bearer ${key}`,
  'Accept-Language': lang,
});

describe('API response bodies', () => {
  it('a query result: columns with their types, rows as the engine gave them', async () => {
    const res = await request(t.app).post('/api/workspaces/demo/queries').set(as(editorKey)).send({
      source: 'demo',
      sql: 'SELECT weather, count(*) AS days, round(avg(temp_max), 2) AS mean_high, min(date) AS first FROM seattle_weather GROUP BY weather ORDER BY weather',
    });
    expectBody('query-result', res);
  });

  it("the workspace's data sources, settings without secrets", async () => {
    expectBody(
      'data-sources',
      await request(t.app).get('/api/workspaces/demo/data-sources').set(as(viewerKey)),
    );
  });

  it("the workspace's dashboards, as a reader lists them", async () => {
    expectBody(
      'dashboards',
      await request(t.app).get('/api/workspaces/demo/dashboards').set(as(viewerKey)),
    );
  });

  it('a validation problem, translated, with a message per field', async () => {
    const res = await request(t.app)
      .post('/api/workspaces/demo/queries')
      .set(as(editorKey, 'pt-BR'))
      .send({ source: 'demo', sql: '', extra: true });
    expectBody('problem-validation-pt-BR', res);
  });

  it('a refusal for a role that may not act', async () => {
    const res = await request(t.app)
      .post('/api/workspaces/demo/queries')
      .set(as(viewerKey))
      .send({ source: 'demo', sql: 'SELECT 1' });
    expectBody('problem-forbidden', res);
  });

  it('an unknown API path', async () => {
    expectBody('problem-not-found', await request(t.app).get('/api/nothing-here'));
  });
});
