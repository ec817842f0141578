import { randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSpec } from '../dashboards/spec.js';
import { seedActor, seedDemoEmbedSecret } from '../demo/seed.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { weatherDashboard } from '../testing/weather-dashboard.fixture.js';

/**
 * The docs' live embeds: tokens for the Demo workspace's public dashboards, signed with its
 * seeded secret; anything else is not found.
 */

let t: TestApp;
const clock = Date.parse('2026-06-01T12:00:00Z');
const lines: string[] = [];
const token = (query: string, lang = 'en') =>
  request(t.app).get(`/api/demo/embed-token?${query}`).set('Accept-Language', lang);
const demoSecret = async () =>
  (await t.services.sharing.embedSettings.keys(t.services.workspaceId)).current;

beforeAll(async () => {
  t = await createTestApp({
    demoTables: [],
    now: () => clock,
    logDestination: { write: (line) => void lines.push(line) },
  });
  await seedDemoEmbedSecret(t.services.sharing.embedSettings, t.services.workspaceId);
  const store = t.services.dashboardStore;
  await store.create(t.services.workspaceId, null, dashboardSpec.parse(weatherDashboard('draft')));
  const elsewhere = randomUUID();
  await t.db('workspaces').insert({
    id: elsewhere,
    slug: 'elsewhere',
    name: 'Elsewhere',
    created_at: new Date(clock),
  });
  await store.create(
    elsewhere,
    null,
    dashboardSpec.parse({ ...weatherDashboard('shared-weather'), public: true }),
  );
});
afterAll(() => t?.close());

describe('seedDemoEmbedSecret', () => {
  it('gives Demo a secret once, never logged, and keeps it on the next start', async () => {
    const secret = await demoSecret();
    expect(secret).toMatch(/^[\w-]{43}$/);
    await seedDemoEmbedSecret(t.services.sharing.embedSettings, t.services.workspaceId);
    expect(await demoSecret()).toBe(secret);
    const audit = await t.db('audit_events').where({ type: 'embed.secret.rotate' });
    expect(audit.map((e) => e.actor_id)).toEqual([seedActor.userId]);
    expect(lines.join('\n')).not.toContain(secret);
  });
});

describe('GET /api/demo/embed-token', () => {
  it('signs a ten-minute token for a public Demo dashboard with the Demo secret', async () => {
    const res = await token('dashboard=flights&locale=pt-BR&theme=dark');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { payload, protectedHeader } = await jwtVerify(
      res.body.token,
      new TextEncoder().encode((await demoSecret()) ?? ''),
      { algorithms: ['HS256'], currentDate: new Date(clock) },
    );
    expect(protectedHeader.alg).toBe('HS256');
    const iat = clock / 1000;
    expect(payload).toEqual({
      workspace: 'demo',
      resource: { dashboard: 'flights' },
      locale: 'pt-BR',
      theme: 'dark',
      iat,
      exp: iat + 600,
    });
    expect(res.body.expiresAt).toBe(new Date(clock + 600_000).toISOString());
  });

  it('names a card, and defaults to English and the reader’s system theme', async () => {
    const res = await token('dashboard=flights&card=delay-by-hour');
    expect(res.status).toBe(200);
    const { payload } = await jwtVerify(
      res.body.token,
      new TextEncoder().encode((await demoSecret()) ?? ''),
      { currentDate: new Date(clock) },
    );
    expect(payload).toMatchObject({
      resource: { dashboard: 'flights', card: 'delay-by-hour' },
      locale: 'en',
      theme: 'system',
    });
  });

  it('answers 404 for what is not a public Demo dashboard or card', async () => {
    for (const [query, type] of [
      ['dashboard=draft', 'dashboardNotFound'],
      ['dashboard=shared-weather', 'dashboardNotFound'],
      ['dashboard=nowhere', 'dashboardNotFound'],
      ['dashboard=flights&card=nowhere', 'dashboard-cardNotFound'],
    ]) {
      const res = await token(query ?? '');
      expect(res.status, query).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`/docs/reference/errors/#${type}`);
      expect(res.body).not.toHaveProperty('token');
    }
  });

  it('answers 400, translated, for a bad query', async () => {
    const bad = await token('dashboard=flights&locale=fr', 'pt-BR');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.title).toBe('Alguns campos não são válidos');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['locale']);
    for (const query of [
      '',
      'dashboard=flights&theme=sepia',
      'dashboard=Flights!',
      'dashboard=flights&x=1',
    ])
      expect((await token(query)).status, query).toBe(400);
  });
});
