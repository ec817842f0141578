import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlCard } from '../testing/cards.fixture.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * A chart whose spec names a column its query lacks: those who may edit the dashboard see what
 * to fix, in their language; readers (members who only view, the public) the neutral message.
 * It is the author's mistake, so it is logged as a warning without a stack, not as a crash.
 */

const base = '/api/workspaces/demo/dashboards';
const spec = {
  slug: 'misnamed',
  title: { en: 'Misnamed column' },
  source: 'Demo',
  public: true,
  cards: [
    sqlCard('days', 'SELECT weather, count(*) AS days FROM seattle_weather GROUP BY 1', {
      type: 'bar',
      title: { en: 'Days by weather' },
      encoding: { x: { field: 'weather' }, y: { field: 'day_count' } },
    }),
  ],
};

const fixPt = {
  title: 'Coluna ausente do resultado',
  detail:
    'O gráfico desenha a coluna "day_count", mas a consulta retorna apenas "weather", "days". Troque o campo no encoding do gráfico por uma delas ou dê esse nome à coluna no SQL (… AS day_count).',
};
const neutralPt = {
  title: 'Algo deu errado do nosso lado',
  detail: 'Não foi possível desenhar este cartão. O erro foi registrado.',
};

let t: TestApp;
const lines: string[] = [];
let editorKey: string;
let viewerKey: string;

/** The one card's error, as `key` reads the dashboard in Portuguese. */
async function cardError(
  path: string,
  key?: string,
  method: 'get' | 'post' = 'get',
  body?: object,
) {
  let req = request(t.app)[method](path).set('Accept-Language', 'pt-BR');
  if (key) req = req.set('Authorization', `Bearer ${key}`);
  const res = await (body ? req.send(body) : req);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.cards[0].error;
}

beforeAll(async () => {
  t = await createTestApp({
    demoTables: ['seattle_weather'],
    logDestination: { write: (line) => void lines.push(line) },
  });
  const { b: owner } = await person(t, 'o@example.org');
  editorKey = await apiKeyOf(owner, 'editor');
  viewerKey = await apiKeyOf(owner, 'viewer');
  expect((await owner.post(base, spec)).status).toBe(201);
});
afterAll(() => t.close());

describe('a chart that names a column its query lacks', () => {
  it('tells an editor what to fix, in their language, in the preview and on the dashboard', async () => {
    expect(await cardError(`${base}/preview`, editorKey, 'post', { spec })).toEqual(fixPt);
    expect(await cardError(`${base}/misnamed`, editorKey)).toEqual(fixPt);
  });

  it('shows readers only that the card could not be drawn', async () => {
    expect(await cardError(`${base}/misnamed`, viewerKey)).toEqual(neutralPt);
    expect(await cardError('/api/public/dashboards/misnamed')).toEqual(neutralPt);
  });

  it('is logged as the author’s mistake, not as a crash', () => {
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const warnings = logged.filter((l) => l.msg === 'card does not fit its result');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({ level: 40, error: 'errors.chart.missingColumn' });
    expect(warnings[0]).not.toHaveProperty('err');
    expect(logged.filter((l) => l.msg === 'card failed to render')).toEqual([]);
  });
});
