import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteHandler } from '../app.js';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases, tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { sitePage } from '../testing/site-page.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { kindsShown, weatherDashboard } from '../testing/weather-dashboard.fixture.js';

/**
 * Signed embedding over HTTP: the secret shown once (never in settings, logs or the audit log),
 * allowed origins, embed tokens verified and refused as specified, a rotated secret honoured
 * for its grace period only, and what a token reaches: one dashboard or card, nothing else.
 */

const settingsPath = '/api/workspaces/demo/embed-settings';
const day = 24 * 60 * 60;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Independently of jose: any header, HMAC with any hash over the secret's text. */
function handSigned(header: object, payload: object, key: string, hash = 'sha256') {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`embeds on ${kind}`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-06-01T12:00:00Z');
    const lines: string[] = [];
    let owner: Browser;
    let editor: Browser;
    let secret = '';
    const seconds = () => Math.floor(clock / 1000);
    const claims = (extra: Record<string, unknown> = {}) => ({
      workspace: 'demo',
      resource: { dashboard: 'weather' },
      iat: seconds(),
      exp: seconds() + 600,
      ...extra,
    });
    const sign = (payload: Record<string, unknown>, key = secret) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));
    const embed = (token: string, query = '') => request(t.app).get(`/api/embed/${token}${query}`);

    beforeAll(async () => {
      t = await createTestApp({
        database: kind,
        demoTables: ['seattle_weather'],
        now: () => clock,
        logDestination: { write: (line) => void lines.push(line) },
      });
      owner = (await person(t, 'owner@example.org')).b;
      editor = (await person(t, 'editor@example.org', 'editor')).b;
      const base = '/api/workspaces/demo/dashboards';
      expect((await owner.post(base, weatherDashboard('weather'))).status).toBe(201);
      expect((await owner.post(base, weatherDashboard('payroll'))).status).toBe(201);
    });
    afterAll(() => t?.close());

    it('shows the secret once, and never in settings, logs or the audit log', async () => {
      expect((await owner.get(settingsPath)).body).toEqual({
        hasSecret: false,
        rotatedAt: null,
        previousValidUntil: null,
        allowedOrigins: [],
      });
      const made = await owner.post(`${settingsPath}/secret`, {});
      expect(made.status).toBe(201);
      expect(made.headers['cache-control']).toBe('no-store');
      expect(made.body).toEqual({ secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      secret = made.body.secret;

      const settings = await owner.get(settingsPath);
      expect(settings.body).toEqual({
        hasSecret: true,
        rotatedAt: new Date(clock).toISOString(),
        previousValidUntil: null,
        allowedOrigins: [],
      });
      expect(JSON.stringify(settings.body)).not.toContain(secret);
      const row = await t.db('embed_settings').first();
      expect(row.secret_enc).not.toContain(secret);
      const audit = await t.db('audit_events').where('type', 'like', 'embed.%');
      expect(audit.map((e) => e.type)).toEqual(['embed.secret.rotate']);
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(secret);

      expect((await editor.get(settingsPath)).status).toBe(403);
      expect((await editor.post(`${settingsPath}/secret`, {})).status).toBe(403);
      const key = await owner.post('/api/workspaces/demo/api-keys', { name: 'k', role: 'admin' });
      const byKey = await request(t.app)
        .post(`${settingsPath}/secret`)
        .set('Authorization', `Bearer ${key.body.secret}`)
        .send({});
      expect(byKey.status).toBe(403);
      expect((await owner.post(`${settingsPath}/secret`, { graceSeconds: 8 * day })).status).toBe(
        400,
      );
    });

    it('keeps the allowed origins as a browser writes them, and refuses what is not one', async () => {
      const set = await owner.put(`${settingsPath}/origins`, {
        origins: [' HTTPS://Host.Example:443/ ', 'http://localhost:8080', 'https://host.example'],
      });
      expect(set.status).toBe(200);
      expect(set.body.allowedOrigins).toEqual(['https://host.example', 'http://localhost:8080']);
      const bad = await owner.put(`${settingsPath}/origins`, {
        origins: [
          'https://host.example/path',
          'ftp://host.example',
          '*.example.com',
          'https://user:pw@host.example',
          'https://host.example?x=1',
          'https://*.example.com',
        ],
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
        'origins.0',
        'origins.1',
        'origins.2',
        'origins.3',
        'origins.4',
        'origins.5',
      ]);
      const many = Array.from({ length: 21 }, (_, i) => `https://h${i}.example`);
      expect((await owner.put(`${settingsPath}/origins`, { origins: many })).status).toBe(400);
      expect((await editor.put(`${settingsPath}/origins`, { origins: [] })).status).toBe(403);
      expect((await owner.get(settingsPath)).body.allowedOrigins).toEqual([
        'https://host.example',
        'http://localhost:8080',
      ]);
    });

    it('renders what a valid token names, in its language, its params locked', async () => {
      const token = await sign(
        claims({ params: { kind: ['sun'] }, locale: 'pt-BR', theme: 'dark' }),
      );
      const res = await embed(token, '?kind=rain&kind=snow').set('Accept-Language', 'en');
      expect(res.status).toBe(200);
      expect(res.headers['content-language']).toBe('pt-BR');
      expect(res.headers['x-robots-tag']).toBe('noindex');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body.title).toBe('Clima em Seattle');
      expect(res.body.filters.map((f: { id: string }) => f.id)).toEqual(['period']);
      expect(kindsShown(res.body)).toEqual(['sun']);
      expect(JSON.stringify(res.body)).not.toMatch(/seattle_weather|SELECT|"source"|Demo/);
      // The access log keeps the path, not the token (it works like a password).
      const logged = lines.join('\n');
      expect(logged).toContain('/api/embed/[token]?kind=rain');
      expect(logged).not.toContain(token);

      const page = await (await sitePage(t)).embeds.render(token, { query: { kind: 'rain' } });
      expect(page).toMatchObject({
        ok: true,
        locale: 'pt-BR',
        theme: 'dark',
        frameAncestors: ['https://host.example', 'http://localhost:8080'],
        locked: { kind: ['sun'] },
      });
      expect(page.ok && kindsShown(page.dashboard)).toEqual(['sun']);
      // Signed by hand, without jose, it verifies the same.
      const manual = handSigned({ alg: 'HS256', typ: 'JWT' }, claims(), secret);
      expect((await embed(manual)).body.title).toBe('Seattle weather');
    });

    it('renders a single card when the token names one', async () => {
      const card = await embed(
        await sign(claims({ resource: { dashboard: 'weather', card: 'days' } })),
      );
      expect(card.status).toBe(200);
      expect(card.body.cards.map((c: { id: string }) => c.id)).toEqual(['days']);
      const gone = await embed(
        await sign(claims({ resource: { dashboard: 'weather', card: 'nope' } })),
      );
      expect(gone.status).toBe(404);
      expect(gone.body.type).toBe('/docs/reference/errors/#share-notFound');
    });

    it('refuses tokens as specified, in the token’s language', async () => {
      const good = await sign(claims({ locale: 'pt-BR' }));
      const [header, , signature] = good.split('.');
      const refused: [string, string, number, string][] = [
        [
          'a tampered payload',
          `${header}.${b64(claims({ resource: { dashboard: 'payroll' } }))}.${signature}`,
          401,
          'badSignature',
        ],
        [
          'a wrong secret',
          await sign(claims(), 'not-the-secret-0123456789abcdefghijk'),
          401,
          'badSignature',
        ],
        ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 401, 'malformed'],
        ['alg HS512', handSigned({ alg: 'HS512' }, claims(), secret, 'sha512'), 401, 'malformed'],
        [
          'an expired one',
          await sign(claims({ iat: seconds() - 900, exp: seconds() - 60 })),
          410,
          'expired',
        ],
        [
          'one without exp',
          handSigned({ alg: 'HS256' }, { ...claims(), exp: undefined }, secret),
          401,
          'malformed',
        ],
        ['one living 31 days', await sign(claims({ exp: seconds() + 31 * day })), 401, 'malformed'],
        [
          'a locked filter the dashboard lacks',
          await sign(claims({ params: { nope: 1 } })),
          401,
          'malformed',
        ],
        [
          'an unknown dashboard',
          await sign(claims({ resource: { dashboard: 'nope' } })),
          404,
          'notFound',
        ],
        ['an unknown workspace', await sign(claims({ workspace: 'elsewhere' })), 404, 'notFound'],
        ['not a token', 'not-a-token', 401, 'malformed'],
      ];
      for (const [name, token, status, reason] of refused) {
        const res = await embed(token).set('Accept-Language', 'en');
        expect(res.status, name).toBe(status);
        expect(res.headers['content-type'], name).toMatch(/^application\/problem\+json/);
        expect(res.body.type, name).toBe(`/docs/reference/errors/#share-${reason}`);
        expect(res.headers['x-robots-tag'], name).toBe('noindex');
      }
      const expired = await embed(
        await sign(claims({ locale: 'pt-BR', iat: seconds() - 900, exp: seconds() - 60 })),
      ).set('Accept-Language', 'en');
      expect(expired.body.title).toBe('Este link expirou');
      const unreadable = await embed('x.y.z').set('Accept-Language', 'pt-BR');
      expect(unreadable.body.title).toBe('Este link não é válido');
      expect(await (await sitePage(t)).embeds.render('x.y.z', {})).toEqual({
        ok: false,
        reason: 'malformed',
        locale: 'en',
      });
    });

    it('reaches only what it names: no other dashboard, no workspace API', async () => {
      const token = await sign(claims());
      expect((await embed(token, '?cards=payroll')).body.slug).toBe('weather');
      for (const path of [
        '/api/workspaces/demo/dashboards/payroll',
        '/api/workspaces/demo/dashboards/weather',
        '/api/workspaces/demo/data-sources',
        '/api/workspaces/demo/embed-settings',
        '/api/workspaces',
      ]) {
        const res = await request(t.app).get(path).set('Authorization', `Bearer ${token}`);
        expect(res.status, path).toBe(401);
      }
    });

    it('honours the previous secret for its grace period only', async () => {
      const before = await sign(claims({ exp: seconds() + 2 * day }));
      const rotated = await owner.post(`${settingsPath}/secret`, { graceSeconds: 600 });
      expect(rotated.status).toBe(201);
      const after = await sign(claims({ exp: seconds() + 2 * day }), rotated.body.secret);
      expect((await owner.get(settingsPath)).body.previousValidUntil).toBe(
        new Date(clock + 600_000).toISOString(),
      );
      expect((await embed(before)).status).toBe(200);
      clock += 601_000;
      const revoked = await embed(before);
      expect(revoked.status).toBe(410);
      expect(revoked.body.type).toBe('/docs/reference/errors/#share-revoked');
      expect((await embed(after)).status).toBe(200);

      // The default grace is a day; 0 refuses the old secret's tokens at once.
      secret = rotated.body.secret;
      await owner.post(`${settingsPath}/secret`, {});
      expect((await owner.get(settingsPath)).body.previousValidUntil).toBe(
        new Date(clock + day * 1000).toISOString(),
      );
      expect((await embed(after)).status).toBe(200);
      await owner.post(`${settingsPath}/secret`, { graceSeconds: 0 });
      expect((await owner.get(settingsPath)).body.previousValidUntil).toBeNull();
      expect((await embed(after)).status).toBe(401);
    });
  });
}

describe('framing of embed pages', () => {
  let t: TestApp;
  let app: TestApp['app'];
  let token = '';

  beforeAll(async () => {
    const clientDir = tempDir();
    fs.mkdirSync(path.join(clientDir, 'pt-br'));
    for (const dir of ['', 'pt-br']) fs.writeFileSync(path.join(clientDir, dir, '404.html'), '404');
    // Like Astro's Node adapter: the page's headers go out through writeHead.
    const handler: SiteHandler = async (req, res, next, locals) => {
      const embedPage = /^\/embed\/(.+)$/.exec(req.path);
      if (embedPage?.[1] === 'without-csp') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>embed</p>');
        return;
      }
      if (embedPage) {
        const shown = await locals.painel.embeds.render(embedPage[1] ?? '', {});
        const ancestors =
          shown.ok && shown.frameAncestors.length ? shown.frameAncestors : ["'none'"];
        res
          .writeHead(shown.ok ? 200 : 401, {
            'content-type': 'text/html',
            'content-security-policy': `default-src 'self'; frame-ancestors ${ancestors.join(' ')}`,
          })
          .end('<p>embed</p>');
        return;
      }
      if (/^\/(public|dashboards)\//.test(req.path)) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>page</p>');
        return;
      }
      next();
    };
    t = await createTestApp({ demoTables: [], site: { clientDir, handler } });
    app = t.app;
    const ws = { id: t.services.workspaceId, slug: 'demo', role: 'owner' as const };
    const actor = { userId: 'test' };
    const { embedSettings } = t.services.sharing;
    const { secret } = await embedSettings.rotate(actor, ws, 0);
    await embedSettings.setOrigins(actor, ws, ['https://host.example']);
    token = await new SignJWT({ workspace: 'demo', resource: { dashboard: 'flights' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
  });
  afterAll(() => t?.close());

  it('lets only the allowed origins frame an embed, with the page’s own policy', async () => {
    const res = await request(app).get(`/embed/${token}`).expect(200);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; frame-ancestors https://host.example",
    );
    expect(res.headers['x-robots-tag']).toBe('noindex');
    expect(res.headers['cache-control']).toBe('private, no-store');
    // Another origin is not listed, so browsers refuse to frame the page there.
    expect(res.headers['content-security-policy']).not.toContain('evil.example');
    const refused = await request(app).get('/embed/tampered.token.here').expect(401);
    expect(refused.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('falls back to framing by nobody when a page sets no policy', async () => {
    const res = await request(app).get('/embed/without-csp').expect(200);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('keeps every other page unframeable and public links unindexed', async () => {
    const pageRes = await request(app).get('/dashboards/flights').expect(200);
    expect(pageRes.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(pageRes.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(pageRes.headers['x-robots-tag']).toBeUndefined();
    const link = await request(app).get('/public/some-token').expect(200);
    expect(link.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(link.headers['x-robots-tag']).toBe('noindex');
    const posted = await request(app).post('/embed/anything');
    expect(posted.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
