import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { detailedWeatherDashboard as weather } from '../testing/weather-dashboard.fixture.js';

/**
 * A dashboard spec refused over HTTP says what to fix: the field, what was given and what is
 * allowed, in the language the request asks for.
 */

const base = '/api/workspaces/demo/dashboards';

let t: TestApp;
let editorKey: string;

beforeAll(async () => {
  t = await createTestApp({ demoTables: ['seattle_weather'] });
  const owner = (await person(t, 'owner@example.org')).b; // the first account owns Demo
  editorKey = await apiKeyOf(owner, 'editor');
  const created = await send('post', base, 'en', weather);
  expect(created.status).toBe(201);
});
afterAll(() => t?.close());

function send(method: 'post' | 'put', path: string, language: string, body: object) {
  return request(t.app)
    [method](path)
    .set('Authorization', `Bearer ${editorKey}`)
    .set('Accept-Language', language)
    .send(body);
}

/** The weather dashboard with its first card cross-filtering by `crossFilter`. */
function crossFiltering(crossFilter: string, filters = weather.filters) {
  return { ...weather, slug: 'bad', filters, cards: [{ ...weather.cards[0], crossFilter }] };
}

/** The problem's message for one field, after checking it is a validation problem. */
function messageAt(res: request.Response, path: string): string | undefined {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return (res.body.errors as { path: string; message: string }[]).find((e) => e.path === path)
    ?.message;
}

describe('dashboard spec validation', () => {
  it('names the cross-filter given and the filters that exist, in the reader’s language', async () => {
    const ids = weather.filters.map((f) => `"${f.id}"`).join(', ');
    expect(ids).toBe('"period", "kind", "temp"');
    const en = await send('post', base, 'en', crossFiltering('nope'));
    expect(messageAt(en, 'cards.0.crossFilter')).toBe(
      `No filter "nope": a cross-filter must name one of this dashboard's filters (${ids})`,
    );
    const pt = await send('post', base, 'pt-BR', crossFiltering('nope'));
    expect(messageAt(pt, 'cards.0.crossFilter')).toBe(
      `Não há o filtro "nope": o filtro cruzado deve nomear um dos filtros deste painel (${ids})`,
    );
  });

  it('says so when saving a version whose cross-filter names no filter', async () => {
    const res = await send('put', `${base}/weather/spec`, 'pt-BR', {
      spec: { ...crossFiltering('nope', []), slug: 'weather' },
      version: 1,
    });
    expect(messageAt(res, 'spec.cards.0.crossFilter')).toBe(
      'Não há o filtro "nope": este painel não tem filtros; adicione um em filters ou remova crossFilter',
    );
  });

  it('names the chart types an option applies to', async () => {
    const card = weather.cards[0]!;
    const line = { ...card.chart, type: 'line', options: { orientation: 'horizontal' } };
    const res = await send('post', base, 'pt-BR', {
      ...weather,
      slug: 'line',
      cards: [{ ...card, chart: line }],
    });
    expect(messageAt(res, 'cards.0.chart.options.orientation')).toBe(
      'options.orientation não se aplica a um gráfico line, só a bar: remova a opção ou mude o tipo',
    );
  });

  it('names an id used twice', async () => {
    const twice = { ...weather, slug: 'twice', cards: [weather.cards[0], weather.cards[0]] };
    const res = await send('post', base, 'en', twice);
    expect(messageAt(res, 'cards.1.id')).toBe(
      `The id "${weather.cards[0]?.id}" is used more than once; give each one its own id`,
    );
  });
});
