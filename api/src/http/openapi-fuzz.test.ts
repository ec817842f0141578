import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, browser } from '../testing/browser.js';
import {
  type FuzzCase,
  fuzzCases,
  type JsonSchema,
  type Operation,
} from '../testing/fuzz-cases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { weatherDashboard } from '../testing/weather-dashboard.fixture.js';

// Every operation of the OpenAPI document, sent malformed requests by each kind of caller: none
// may answer a 500, and every error is problem+json. Fixed seed and few cases per operation, so
// a failure replays and the file stays well under a minute.
const seed = 20261206;
const casesPerOperation = 5;
const password = 'correct horse battery';

let t: TestApp;
const logLines: string[] = [];
/** The message the app logged with a 500, to say what went wrong. */
const loggedError = (requestId: string) =>
  logLines
    .find((line) => line.includes(requestId) && line.includes('"err"'))
    ?.match(/"message":"([^"]*)"/)?.[1];
let operations: Operation[];
/** Path parameter values that exist, by parameter name: half the cases use one. */
let realValues: Record<string, string[]>;
const callers: { name: string; email?: string; role?: 'viewer' | 'admin'; b: Browser }[] = [];

beforeAll(async () => {
  t = await createTestApp({
    demoTables: ['seattle_weather'],
    // The callers sign up after the first account: SIGNUP=open, said here, not assumed.
    signup: { mode: 'open' },
    logDestination: { write: (line) => void logLines.push(line) },
  });
  // The instance's first account owns Demo; the callers are the ones after it.
  const owner = (await person(t, 'owner@example.org')).b;
  realValues = await makeRealValues(owner);
  callers.push({ name: 'anonymous', b: browser(t.app) });
  for (const role of ['viewer', 'admin'] as const) {
    const email = `${role}@example.org`;
    callers.push({ name: role, email, role, b: (await person(t, email, role)).b });
  }
  const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
    >;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method as Operation['method'],
      path,
      ...(op.requestBody ? { body: op.requestBody.content['application/json']?.schema } : {}),
    })),
  );
});
afterAll(() => t?.close());

/** A dashboard, saved query, folder and public link in Demo, for cases to reach past the 404s. */
async function makeRealValues(owner: Browser): Promise<Record<string, string[]>> {
  const base = '/api/workspaces/demo';
  const made = async (path: string, body: object) => {
    const res = await owner.post(`${base}${path}`, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  await made('/dashboards', weatherDashboard('weather'));
  const query = await made('/saved-queries', {
    name: 'Days',
    sourceId: 'demo',
    sql: 'SELECT count(*) AS days FROM seattle_weather WHERE weather = {{kind}}',
    parameters: [{ name: 'kind', type: 'text', value: 'sun' }],
  });
  const folder = await made('/dashboard-folders', { name: 'Weather' });
  const link = await made('/dashboards/weather/public-links', {});
  return {
    workspace: ['demo'],
    slug: ['weather'],
    card: ['days'],
    id: ['demo', query.id, folder.id],
    token: [link.path.replace('/public/', '')],
  };
}

/** An operation's own seed offset: adding an operation leaves the others' cases as they were. */
function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return Math.abs(h) % 1_000_000;
}

/** Sends one case as `caller` would (its cookies and CSRF token unless the case replaces them). */
function send(operation: Operation, c: FuzzCase, session: Record<string, string>) {
  let req = request(t.app)[operation.method](c.url);
  for (const [name, value] of Object.entries({ ...session, ...c.headers }))
    req = req.set(name, value);
  // Serialised here: superagent sends no bare `true` or `7` as JSON, and those bodies are cases.
  if (c.body.kind === 'json')
    return req.set('Content-Type', 'application/json').send(JSON.stringify(c.body.value));
  if (c.body.kind === 'raw') {
    if (c.body.contentType) req = req.set('Content-Type', c.body.contentType);
    return req.send(c.body.text);
  }
  return req;
}

/** What a case may have undone that the next ones rely on: Demo's slug, the callers' roles and sessions. */
async function restore() {
  await t.db('workspaces').where({ id: t.services.workspaceId }).update({ slug: 'demo' });
  for (const caller of callers) {
    if (!caller.email || !caller.role) continue;
    const { id } = await t.db('users').where({ email: caller.email }).first('id');
    await t
      .db('workspace_members')
      .insert({
        workspace_id: t.services.workspaceId,
        user_id: id,
        role: caller.role,
        created_at: new Date(),
      })
      .onConflict(['workspace_id', 'user_id'])
      .merge(['role']);
    if ((await caller.b.get('/api/auth/me')).status !== 200)
      expect(
        (await caller.b.post('/api/auth/login', { email: caller.email, password })).status,
      ).toBe(200);
  }
}

describe('every operation, malformed', () => {
  // Found by the fuzzing below: the router's failure to decode a parameter was a 500.
  it('answers an address it cannot percent-decode with a 400 problem', async () => {
    for (const path of ['/api/workspaces/%E0%A4%A', '/api/workspaces/demo/members/%ZZ']) {
      const res = await request(t.app).get(path).set('Accept-Language', 'pt-BR');
      expect(res.status).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({
        type: '/docs/reference/errors/#malformedUrl',
        title: 'O endereço não é válido',
      });
    }
  });

  it('never answers a 500, and answers every error in problem+json', {
    timeout: 180_000,
  }, async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      for (const [j, caller] of callers.entries()) {
        const cases = fc.sample(fuzzCases(operation, realValues), {
          seed: seed + hash(`${operation.method} ${operation.path}`) + j,
          numRuns: casesPerOperation,
        });
        for (const c of cases) {
          sent++;
          const res = await send(operation, c, caller.b.session()).catch((e: Error) => e);
          const what = `${caller.name} ${operation.method.toUpperCase()} ${c.url.slice(0, 200)} ${JSON.stringify(c.body).slice(0, 200)} ${JSON.stringify(c.headers).slice(0, 100)}`;
          if (res instanceof Error) {
            failures.push(`${what} → ${res.message}`);
            continue;
          }
          const type = String(res.headers['content-type'] ?? '');
          if (res.status >= 500 && res.status !== 503 && res.status !== 504)
            failures.push(
              `${what} → ${res.status} ${loggedError(res.body?.requestId) ?? res.text.slice(0, 200)}`,
            );
          else if (res.status >= 400 && !type.startsWith('application/problem+json'))
            failures.push(`${what} → ${res.status} ${type} ${res.text.slice(0, 200)}`);
        }
        await restore();
      }
    }
    expect(sent).toBe(operations.length * callers.length * casesPerOperation);
    expect(failures).toEqual([]);
  });
});
