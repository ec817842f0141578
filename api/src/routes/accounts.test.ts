import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../email/mailer.js';
import { browser, tokenOf } from '../testing/browser.js';
import { metadataDatabases } from '../testing/databases.js';
import { createRecordingMailer } from '../testing/recording-mailer.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const start = Date.parse('2026-03-01T12:00:00Z');

describe.each(metadataDatabases())('accounts on $kind', ({ kind, skip }) => {
  let t: TestApp;
  let clock = start;
  const logLines: string[] = [];
  const mailer = createRecordingMailer();
  const linkFor = (to: string, template: OutgoingEmail['template']) =>
    (mailer.last(to, template)?.params as { link: string } | undefined)?.link ?? '';

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp({
      database: kind,
      demoTables: [],
      now: () => clock,
      mailer,
      logDestination: { write: (line) => void logLines.push(line) },
    });
  });
  afterAll(() => t?.close());

  const password = 'correct horse battery';
  async function signUpAndLogIn(email: string, name = 'Ana Souza', locale = 'en') {
    const b = browser(t.app);
    await b
      .post('/api/auth/signup', { email, name, password, locale })
      .then((r) => expect(r.status).toBe(202));
    const login = await b.post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    return b;
  }

  it.skipIf(skip)(
    'signs up, makes the first account owner of Demo, verifies the email once',
    async () => {
      const b = browser(t.app);
      const res = await b.post('/api/auth/signup', {
        email: 'Ana@Example.org',
        name: 'Ana Souza',
        password,
        locale: 'pt-BR',
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'accepted' });
      const user = await t.db('users').where({ email: 'ana@example.org' }).first();
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      const demo = await t.db('workspaces').where({ slug: 'demo' }).first();
      expect(await t.db('workspace_members').where({ user_id: user.id }).first()).toMatchObject({
        workspace_id: demo.id,
        role: 'owner',
      });

      const link = linkFor('ana@example.org', 'verify-email');
      expect(link).toMatch(/^http:\/\/painel\.test\/pt-br\/verify-email\?token=/);
      expect(mailer.last('ana@example.org')?.locale).toBe('pt-BR');
      await b
        .post('/api/auth/verify-email', { token: tokenOf(link) })
        .then((r) => expect(r.status).toBe(204));
      const again = await b.post('/api/auth/verify-email', { token: tokenOf(link) });
      expect(again.status).toBe(400);
      expect(again.body.title).toBe('This link is not valid');

      await b
        .post('/api/auth/login', { email: 'ana@example.org', password })
        .then((r) => expect(r.status).toBe(200));
      const me = await b.get('/api/auth/me');
      expect(me.body).toMatchObject({
        name: 'Ana Souza',
        email: 'ana@example.org',
        locale: 'pt-BR',
        timeZone: 'UTC',
        theme: 'system',
        emailVerified: true,
      });
      const types = (await t.db('audit_events').where({ actor_id: user.id }).select('type')).map(
        (r) => r.type,
      );
      expect(types).toEqual(expect.arrayContaining(['signup', 'email.verify', 'login']));
    },
  );

  it.skipIf(skip)('gives every later sign-up a workspace of its own', async () => {
    await signUpAndLogIn('bruno@example.org', 'Bruno Lima');
    await signUpAndLogIn('bruno2@example.org', 'Bruno Lima');
    const rows = await t
      .db('workspace_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .join('workspaces as w', 'w.id', 'm.workspace_id')
      .whereIn('u.email', ['bruno@example.org', 'bruno2@example.org'])
      .select('w.slug', 'w.name', 'm.role');
    expect(rows.map((r) => r.slug).sort()).toEqual(['bruno-lima', 'bruno-lima-2']);
    expect(rows.every((r) => r.role === 'owner' && r.name === 'Bruno Lima')).toBe(true);
  });

  it.skipIf(skip)(
    'sets httpOnly SameSite=Lax cookies; only the CSRF one is readable by scripts',
    async () => {
      await signUpAndLogIn('cookies@example.org');
      const res = await browser(t.app).post('/api/auth/login', {
        email: 'cookies@example.org',
        password,
      });
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      expect(cookies.find((c) => c.startsWith('painel_access='))).toMatch(
        /Path=\/;.*HttpOnly.*SameSite=Lax/,
      );
      // Pages refresh on navigation, so the refresh token travels to every path.
      expect(cookies.find((c) => c.startsWith('painel_refresh='))).toMatch(
        /Path=\/;.*HttpOnly.*SameSite=Lax/,
      );
      expect(cookies.find((c) => c.startsWith('painel_csrf='))).not.toMatch(/HttpOnly/);
      expect(cookies.join()).not.toMatch(/Secure/);
    },
  );

  it.skipIf(skip)(
    'rotates refresh tokens; replaying a used one revokes the whole session',
    async () => {
      const b = await signUpAndLogIn('rotate@example.org');
      const first = b.jar.get('painel_refresh');
      const csrf = b.jar.get('painel_csrf') ?? '';
      const refreshed = await b.post('/api/auth/refresh');
      expect(refreshed.status).toBe(200);
      const second = b.jar.get('painel_refresh');
      expect(second).not.toBe(first);
      expect((await b.get('/api/auth/me')).status).toBe(200);

      // A thief replays the first token, later than two racing tabs would.
      clock += 31_000;
      b.jar.set('painel_refresh', first ?? '');
      const replay = await b.post('/api/auth/refresh');
      expect(replay.status).toBe(401);
      // The rightful owner's current token is dead too: the whole family was revoked.
      b.jar.set('painel_refresh', second ?? '');
      b.jar.set('painel_csrf', csrf);
      expect((await b.post('/api/auth/refresh')).status).toBe(401);
      const user = await t.db('users').where({ email: 'rotate@example.org' }).first();
      const reuse = await t.db('audit_events').where({ actor_id: user.id, type: 'session.reuse' });
      expect(reuse).toHaveLength(1);
    },
  );

  it.skipIf(skip)(
    'lets two tabs refresh with the same token at once; the session lives on',
    async () => {
      const b = await signUpAndLogIn('two-tabs@example.org');
      const token = b.jar.get('painel_refresh') ?? '';
      const tab = browser(t.app);
      for (const name of ['painel_refresh', 'painel_csrf'])
        tab.jar.set(name, b.jar.get(name) ?? '');
      const [one, two] = await Promise.all([
        b.post('/api/auth/refresh'),
        tab.post('/api/auth/refresh'),
      ]);
      expect([one.status, two.status]).toEqual([200, 200]);
      expect(b.jar.get('painel_refresh')).not.toBe(token);
      expect(tab.jar.get('painel_refresh')).not.toBe(token);
      expect((await b.get('/api/auth/me')).status).toBe(200);
      expect((await tab.post('/api/auth/refresh')).status).toBe(200);
      expect((await b.post('/api/auth/refresh')).status).toBe(200);
      const user = await t.db('users').where({ email: 'two-tabs@example.org' }).first();
      expect(
        await t.db('audit_events').where({ actor_id: user.id, type: 'session.reuse' }),
      ).toEqual([]);
    },
  );

  it.skipIf(skip)(
    'refuses a refresh without the CSRF header and does not burn the token',
    async () => {
      const b = await signUpAndLogIn('refresh-csrf@example.org');
      expect((await b.post('/api/auth/refresh', undefined, false)).status).toBe(403);
      expect((await b.post('/api/auth/refresh')).status).toBe(200);
    },
  );

  it.skipIf(skip)(
    'logs out; a revoked session fails at once even with an unexpired access token',
    async () => {
      const b = await signUpAndLogIn('logout@example.org');
      const access = b.jar.get('painel_access') ?? '';
      expect((await b.post('/api/auth/logout')).status).toBe(204);
      b.jar.set('painel_access', access);
      const me = await b.get('/api/auth/me');
      expect(me.status).toBe(401);
      expect(me.headers['content-type']).toMatch(/application\/problem\+json/);
    },
  );

  it.skipIf(skip)('rejects an expired access token and an expired session', async () => {
    const b = await signUpAndLogIn('expiry@example.org');
    clock += 16 * 60_000;
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await b.post('/api/auth/refresh')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    clock += 31 * 24 * 60 * 60_000;
    expect((await b.post('/api/auth/refresh')).status).toBe(401);
  });

  it.skipIf(skip)('lists sessions and revokes one or all others', async () => {
    const a = await signUpAndLogIn('multi@example.org');
    const b = browser(t.app);
    await b.post('/api/auth/login', { email: 'multi@example.org', password });
    const c = browser(t.app);
    await c.post('/api/auth/login', { email: 'multi@example.org', password });
    const list = await a.get('/api/auth/sessions');
    expect(list.body.sessions).toHaveLength(3);
    const current = list.body.sessions.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ device: 'Firefox on Linux', ip: expect.any(String) });
    const other = list.body.sessions.find((s: { current: boolean }) => !s.current);
    expect((await a.delete(`/api/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await a.delete(`/api/auth/sessions/${other.id}`)).status).toBe(404);
    expect((await a.delete('/api/auth/sessions')).body).toEqual({ revoked: 1 });
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    expect((await a.get('/api/auth/me')).status).toBe(200);
  });

  it.skipIf(skip)('refuses cookie-authenticated writes without the CSRF token', async () => {
    const b = await signUpAndLogIn('csrf@example.org');
    const res = await b
      .patch('/api/auth/me', { name: 'X' })
      .then(() => b.post('/api/auth/logout', undefined, false));
    expect(res.status).toBe(403);
    expect(res.body.title).toBe('Missing or wrong CSRF token');
    b.jar.set('painel_csrf', 'forged');
    expect((await b.post('/api/auth/logout')).status).toBe(403);
  });

  it.skipIf(skip)('answers alike for known and unknown addresses', async () => {
    await signUpAndLogIn('known@example.org');
    const shape = (r: { status: number; body: Record<string, unknown> }) => ({
      status: r.status,
      keys: Object.keys(r.body).sort(),
      title: r.body.title,
    });
    const b = browser(t.app);
    const wrong = await b.post('/api/auth/login', {
      email: 'known@example.org',
      password: 'not the password',
    });
    const unknown = await b.post('/api/auth/login', {
      email: 'nobody@example.org',
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(shape(wrong)).toEqual(shape(unknown));
    const resetKnown = await b.post('/api/auth/password/forgot', { email: 'known@example.org' });
    const resetUnknown = await b.post('/api/auth/password/forgot', { email: 'nobody@example.org' });
    expect([resetKnown.status, resetKnown.body]).toEqual([resetUnknown.status, resetUnknown.body]);
    const sent = mailer.sent.length;
    const signupTaken = await b.post('/api/auth/signup', {
      email: 'known@example.org',
      name: 'Intruder',
      password,
      locale: 'en',
    });
    const signupNew = await b.post('/api/auth/signup', {
      email: 'fresh@example.org',
      name: 'Fresh',
      password,
      locale: 'en',
    });
    expect([signupTaken.status, signupTaken.body]).toEqual([signupNew.status, signupNew.body]);
    // The owner of the taken address hears about it (a reset link); the password is unchanged.
    expect(mailer.sent.slice(sent).map((e) => [e.to, e.template])).toEqual([
      ['known@example.org', 'reset-password'],
      ['fresh@example.org', 'verify-email'],
    ]);
    expect((await b.post('/api/auth/login', { email: 'known@example.org', password })).status).toBe(
      200,
    );
  });

  it.skipIf(skip)('resets a password once, within 30 minutes, and ends every session', async () => {
    const b = await signUpAndLogIn('reset@example.org');
    await b.post('/api/auth/password/forgot', { email: 'reset@example.org' });
    const link = linkFor('reset@example.org', 'reset-password');
    expect(link).toMatch(/^http:\/\/painel\.test\/reset-password\?token=/);
    const anon = browser(t.app);
    const newPassword = 'a brand new passphrase';
    expect(
      (await anon.post('/api/auth/password/reset', { token: tokenOf(link), password: newPassword }))
        .status,
    ).toBe(204);
    expect(
      (
        await anon.post('/api/auth/password/reset', {
          token: tokenOf(link),
          password: 'yet another one!',
        })
      ).status,
    ).toBe(400);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect(
      (await anon.post('/api/auth/login', { email: 'reset@example.org', password })).status,
    ).toBe(401);
    expect(
      (await anon.post('/api/auth/login', { email: 'reset@example.org', password: newPassword }))
        .status,
    ).toBe(200);

    await anon.post('/api/auth/password/forgot', { email: 'reset@example.org' });
    const late = linkFor('reset@example.org', 'reset-password');
    clock += 31 * 60_000;
    const expired = await anon.post('/api/auth/password/reset', {
      token: tokenOf(late),
      password: 'too late for this',
    });
    expect(expired.status).toBe(400);
  });

  it.skipIf(skip)(
    'changes the password with the current one and ends the other sessions',
    async () => {
      const a = await signUpAndLogIn('change@example.org');
      const b = browser(t.app);
      await b.post('/api/auth/login', { email: 'change@example.org', password });
      const wrong = await a.post('/api/auth/me/password', {
        currentPassword: 'nope nope nope',
        newPassword: 'another good password',
      });
      expect(wrong.status).toBe(403);
      expect(
        (
          await a.post('/api/auth/me/password', {
            currentPassword: password,
            newPassword: 'another good password',
          })
        ).status,
      ).toBe(204);
      expect((await a.get('/api/auth/me')).status).toBe(200);
      expect((await b.get('/api/auth/me')).status).toBe(401);
    },
  );

  it.skipIf(skip)('updates the profile', async () => {
    const b = await signUpAndLogIn('profile@example.org');
    const res = await b.patch('/api/auth/me', {
      name: 'Carla',
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      theme: 'dark',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Carla',
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      theme: 'dark',
    });
    expect((await b.patch('/api/auth/me', { timeZone: 'Mars/Olympus' })).status).toBe(400);
  });

  it.skipIf(skip)(
    'deletes an account, refusing while sole owner of a shared workspace; events keep a pseudonym',
    async () => {
      const owner = await signUpAndLogIn('owner@example.org', 'Olga Owner');
      await signUpAndLogIn('member@example.org', 'Mia Member');
      const o = await t.db('users').where({ email: 'owner@example.org' }).first();
      const m = await t.db('users').where({ email: 'member@example.org' }).first();
      const shared = await t.db('workspace_members').where({ user_id: o.id }).first();
      await t.db('workspace_members').insert({
        workspace_id: shared.workspace_id,
        user_id: m.id,
        role: 'editor',
        created_at: new Date(clock),
      });

      const refused = await owner.delete('/api/auth/me', { password });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('Olga Owner');
      expect((await owner.delete('/api/auth/me', { password: 'wrong password' })).status).toBe(403);

      await t
        .db('workspace_members')
        .where({ user_id: m.id, workspace_id: shared.workspace_id })
        .delete();
      expect((await owner.delete('/api/auth/me', { password })).status).toBe(204);
      expect(await t.db('users').where({ id: o.id }).first()).toBeUndefined();
      expect(await t.db('workspaces').where({ id: shared.workspace_id }).first()).toBeUndefined();
      const page = await t.services.auth.audit.list({ actorId: o.id, limit: 50 });
      expect(page.events.length).toBeGreaterThan(2);
      expect(new Set(page.events.map((e) => e.actor?.label)).size).toBe(1);
      expect(page.events[0]?.actor?.label).toMatch(/^deleted-user-[\w-]{12}$/);
      expect(JSON.stringify(page)).not.toContain('owner@example.org');
    },
  );

  it.skipIf(skip)('answers bad input with translated 4xx problems, never a 500', async () => {
    const b = browser(t.app, 'pt-BR');
    const cases: [string, object][] = [
      ['/api/auth/signup', {}],
      ['/api/auth/signup', { email: 'x', name: 'A', password: 'short', locale: 'fr' }],
      [
        '/api/auth/signup',
        { email: 'a@b.org', name: 'A', password: 'long enough pw', locale: 'en', admin: true },
      ],
      ['/api/auth/login', { email: 42, password: [] }],
      ['/api/auth/verify-email', { token: 'x'.repeat(500) }],
      ['/api/auth/password/forgot', { email: null }],
      ['/api/auth/password/reset', { token: 'abc', password: 'x' }],
    ];
    for (const [path, body] of cases) {
      const res = await b.post(path, body);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.title).toBe('Alguns campos não são válidos');
    }
    const unknown = await b.post('/api/auth/signup', {
      email: 'a@b.org',
      name: 'A',
      password: 'long enough pw',
      locale: 'en',
      admin: true,
    });
    expect(unknown.body.errors).toContainEqual({
      path: 'admin',
      message: expect.stringContaining('admin'),
    });
    const anon = await b.get('/api/auth/me');
    expect(anon.status).toBe(401);
    expect(anon.body.title).toBe('Você não está conectado');
    const badLink = await b.post('/api/auth/verify-email', { token: 'nope' });
    expect(badLink.body.title).toBe('Este link não é válido');
    const garbage = await browser(t.app).get('/api/auth/me/audit?limit=abc');
    expect(garbage.status).toBe(401);
    // Who may call is checked before the body: an anonymous bad body hears "log in".
    for (const [method, path] of [
      ['patch', '/api/auth/me'],
      ['post', '/api/auth/me/password'],
      ['post', '/api/workspaces'],
      ['post', '/api/workspaces/demo/queries'],
    ] as const) {
      const res = await b[method](path, { bogus: true });
      expect(res.status, path).toBe(401);
    }
  });

  it.skipIf(skip)('lists my own audit events with keyset pagination', async () => {
    const b = await signUpAndLogIn('audit@example.org');
    for (let i = 0; i < 3; i++)
      await b
        .post('/api/auth/login', { email: 'audit@example.org', password: 'bad password here' })
        .then(() => b.post('/api/auth/login', { email: 'audit@example.org', password }));
    const first = await b.get('/api/auth/me/audit?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await b.get(`/api/auth/me/audit?limit=3&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.events, ...second.body.events].map((e: { id: string }) =>
      Number(e.id),
    );
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(ids.length);
    const failed = await b.get('/api/auth/me/audit?type=login.failed');
    expect(failed.body.events).toHaveLength(3);
    expect(failed.body.events[0]).toMatchObject({
      type: 'login.failed',
      actor: { label: 'Ana Souza <audit@example.org>' },
      userAgent: expect.stringContaining('Firefox'),
    });
    expect((await b.get('/api/auth/me/audit?limit=0')).status).toBe(400);
  });

  it.skipIf(skip)('never writes a password to a response or a log line', async () => {
    const secret = 'unique-secret-passphrase-9431';
    const b = browser(t.app);
    const responses = [
      await b.post('/api/auth/signup', {
        email: 'logs@example.org',
        name: 'Logs',
        password: secret,
        locale: 'en',
      }),
      await b.post('/api/auth/login', { email: 'logs@example.org', password: secret }),
      await b.post('/api/auth/login', { email: 'logs@example.org', password: `${secret}x` }),
      await b.post('/api/auth/signup', {
        email: 'bad',
        name: 'Logs',
        password: secret,
        locale: 'xx',
      }),
      await b.get('/api/auth/me'),
      await b.post('/api/auth/me/password', {
        currentPassword: secret,
        newPassword: `${secret}-new`,
      }),
    ];
    for (const res of responses)
      expect(JSON.stringify([res.body, res.headers])).not.toContain(secret);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(secret);
    const audit = await t.db('audit_events').select('details');
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
