import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from './testing/browser.js';
import { sqlCard } from './testing/cards.fixture.js';
import { person } from './testing/members.fixture.js';
import { sitePage } from './testing/site-page.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

/**
 * The editor's preview page (`/w/<ws>/card-preview`) renders through the same use case as the
 * JSON API's POST …/dashboards/preview and refuses what it refuses, with the same problem.
 */

const apiPath = '/api/workspaces/demo/dashboards/preview';
const body = {
  spec: {
    slug: 'draft',
    title: { en: 'Draft' },
    source: 'Demo',
    cards: [
      sqlCard('days', 'SELECT weather, count(*) AS days FROM seattle_weather GROUP BY 1', {
        type: 'bar',
        title: { en: 'Days by weather', 'pt-BR': 'Dias por tempo' },
        encoding: { x: { field: 'weather' }, y: { field: 'days' } },
      }),
    ],
  },
};

let t: TestApp;
let editor: Browser;
let viewer: Browser;
beforeAll(async () => {
  t = await createTestApp({ demoTables: ['seattle_weather'] });
  ({ b: editor } = await person(t, 'editor@example.org'));
  ({ b: viewer } = await person(t, 'viewer@example.org', 'viewer'));
});
afterAll(() => t.close());

const context = {
  requestId: 'test-page',
  path: '/w/demo/card-preview',
  instance: '/w/demo/card-preview',
};

/** The page's answer for `who`, posting `payload` as `type`. */
async function pagePreview(
  who: Browser,
  payload: string,
  type = 'application/json',
  locale: 'en' | 'pt-BR' = 'en',
) {
  const ws = await (await sitePage(t, who)).viewer?.workspace('demo');
  if (!ws) throw new Error('not a member of Demo');
  const posted = new Request('http://painel.test/w/demo/card-preview', {
    method: 'POST',
    headers: { 'Content-Type': type },
    body: payload,
  });
  return ws.dashboards.preview(posted, locale, context);
}

/** The JSON API's answer to the same post, in Portuguese. */
function apiPreview(b: Browser, payload: string, type = 'application/json') {
  return request(t.app)
    .post(apiPath)
    .set('Cookie', [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '))
    .set('X-CSRF-Token', b.jar.get('painel_csrf') ?? '')
    .set('Accept-Language', 'pt-BR')
    .set('Content-Type', type)
    .send(payload);
}

/** The API's problem for the same request, without what names the request itself. */
const sameProblem = ({ instance: _i, requestId: _r, ...problem }: Record<string, unknown>) =>
  problem;

describe('the preview page', () => {
  it('renders what the JSON API renders, in the page language', async () => {
    const page = await pagePreview(editor, JSON.stringify(body), 'application/json', 'pt-BR');
    const api = await apiPreview(editor, JSON.stringify(body));
    expect(api.status).toBe(200);
    expect(page).toEqual({ ok: true, dashboard: api.body });
    if (!page.ok) return;
    expect(page.dashboard.cards[0]?.title).toBe('Dias por tempo');
    expect(page.dashboard.cards[0]?.chart?.svg).toContain('<svg');
  });

  it.each([
    ['a viewer', 'viewer', JSON.stringify(body), 'application/json', 403],
    ['a body that is not JSON', 'editor', 'spec=1', 'application/x-www-form-urlencoded', 415],
    ['malformed JSON', 'editor', '{"spec":', 'application/json', 400],
    [
      'a spec that is not valid',
      'editor',
      JSON.stringify({ spec: { slug: 'Bad Slug' } }),
      'application/json',
      400,
    ],
    [
      'a body over the limit',
      'editor',
      JSON.stringify({ ...body, pad: 'x'.repeat(300_000) }),
      'application/json',
      413,
    ],
  ])('refuses %s with the API’s problem, translated', async (_what, who, payload, type, status) => {
    const b = who === 'viewer' ? viewer : editor;
    const page = await pagePreview(b, payload, type, 'pt-BR');
    const api = await apiPreview(b, payload, type);
    expect(api.status).toBe(status);
    expect(page.ok).toBe(false);
    if (page.ok) return;
    expect(page.problem.status).toBe(status);
    expect(sameProblem(page.problem)).toEqual(sameProblem(api.body));
    expect(page.problem.title).not.toMatch(/^errors\./);
  });
});
