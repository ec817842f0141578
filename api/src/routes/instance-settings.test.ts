import { afterEach, describe, expect, it } from 'vitest';
import type { SignupRule } from '../instance/signup-rule.js';
import { type Browser, browser, tokenOf } from '../testing/browser.js';
import { metadataDatabases } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const password = 'correct horse battery';

describe.each(metadataDatabases())(
  'sign-up modes and instance settings on $kind',
  ({ kind, skip }) => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });
    /** An app whose SIGNUP is `signup` (null: unset). */
    async function app(signup: SignupRule | null): Promise<TestApp> {
      t = await createTestApp({ database: kind, demoTables: [], signup });
      return t;
    }
    const signUp = (a: TestApp, email: string, lang = 'en') =>
      browser(a.app, lang).post('/api/auth/signup', { email, name: 'Someone', password });
    async function logIn(a: TestApp, email: string): Promise<Browser> {
      const b = browser(a.app);
      expect((await b.post('/api/auth/login', { email, password })).status).toBe(200);
      return b;
    }
    const isAdmin = async (a: TestApp, email: string) =>
      Boolean((await a.db('users').where({ email }).first('instance_admin')).instance_admin);

    it.skipIf(skip)(
      'SIGNUP unset: the first account signs up and administers the instance; then only the invited',
      async () => {
        const a = await app(null);
        expect((await signUp(a, 'ana@example.org')).status).toBe(202);
        expect(await isAdmin(a, 'ana@example.org')).toBe(true);

        const refused = await signUp(a, 'bia@example.org', 'pt-BR');
        expect(refused.status).toBe(403);
        expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(refused.body.title).toBe('O cadastro é só por convite');
        expect(await a.db('users').where({ email: 'bia@example.org' }).first()).toBeUndefined();
        // An address that has an account is refused alike: the answer tells no accounts apart.
        expect((await signUp(a, 'ana@example.org')).status).toBe(403);

        const ana = await logIn(a, 'ana@example.org');
        const invite = await ana.post('/api/workspaces/demo/invites', {
          email: 'Bia@Example.org',
          role: 'viewer',
        });
        expect(invite.status).toBe(201);
        expect((await signUp(a, 'BIA@example.org')).status).toBe(202);
        expect(await isAdmin(a, 'bia@example.org')).toBe(false);
        const bia = await logIn(a, 'bia@example.org');
        const invited = a.mail.find((m) => m.template === 'invite');
        const link = (invited?.params as { link: string } | undefined)?.link ?? '';
        const accepted = await bia.post('/api/invites/accept', { token: tokenOf(link) });
        expect(accepted.status).toBe(200);
        expect(accepted.body).toMatchObject({ slug: 'demo', role: 'viewer' });
      },
    );

    it.skipIf(skip)(
      'SIGNUP=invite refuses even the first account without an invitation',
      async () => {
        const a = await app({ mode: 'invite' });
        const res = await signUp(a, 'ana@example.org');
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          type: '/docs/reference/errors/#signup-inviteOnly',
          title: 'Sign-up is by invitation',
        });
        expect(Number((await a.db('users').count({ n: '*' }).first())?.n)).toBe(0);
      },
    );

    it.skipIf(skip)('SIGNUP=domains admits whole domains only, without case', async () => {
      const a = await app({ mode: 'domains', domains: ['example.org', 'example.com'] });
      expect((await signUp(a, 'ana@example.org')).status).toBe(202);
      expect((await signUp(a, 'Bia@EXAMPLE.COM')).status).toBe(202);
      for (const email of [
        'eve@evil-example.org',
        'eve@mail.example.org',
        'eve@example.org.evil.net',
        'eve@example.orgx',
        'example.org@evil.net',
      ]) {
        const res = await signUp(a, email);
        expect([email, res.status]).toEqual([email, 403]);
        expect(res.body.type).toBe('/docs/reference/errors/#signup-domainRefused');
        // Nothing about the rule: the allowed domains are not listed to a stranger.
        expect(JSON.stringify(res.body)).not.toMatch(/example\.(org|com)"|example\.com/);
      }
      expect(await a.db('users').orderBy('email').pluck('email')).toEqual([
        'ana@example.org',
        'bia@example.com',
      ]);
    });

    it.skipIf(skip)(
      'only instance administrators read and change the settings, and changes are audited',
      async () => {
        const a = await app(null);
        await signUp(a, 'ana@example.org');
        const ana = await logIn(a, 'ana@example.org');
        // Ana opens sign-up, so that Bia (no administrator) can have an account.
        const opened = await ana.patch('/api/admin/settings', { signup: { mode: 'open' } });
        expect(opened.status).toBe(200);
        expect(opened.body).toEqual({
          signup: { mode: 'open' },
          signupSource: 'settings',
          workspaceCreation: 'everyone',
        });
        expect((await signUp(a, 'bia@example.org')).status).toBe(202);
        const bia = await logIn(a, 'bia@example.org');

        for (const res of [
          await bia.get('/api/admin/settings'),
          await bia.patch('/api/admin/settings', { signup: { mode: 'open' } }),
          await bia.get('/api/jobs/runs'),
        ]) {
          expect(res.status).toBe(403);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
        expect((await browser(a.app).get('/api/admin/settings')).status).toBe(401);

        const domains = await ana.patch('/api/admin/settings', {
          signup: { mode: 'domains', domains: ' Example.org, example.net ' },
        });
        expect(domains.body.signup).toEqual({
          mode: 'domains',
          domains: ['example.org', 'example.net'],
        });
        const bad = await ana.patch('/api/admin/settings', {
          signup: { mode: 'domains', domains: ['not a domain'] },
        });
        expect(bad.status).toBe(400);
        expect((await ana.get('/api/admin/settings')).body.signup.mode).toBe('domains');
        const back = await ana.patch('/api/admin/settings', { signup: null });
        expect(back.body).toMatchObject({ signup: { mode: 'invite' }, signupSource: 'default' });

        const events = a.audit.filter((e) => e.type === 'instance.settings.update');
        expect(events).toHaveLength(3);
        expect(events[1]).toMatchObject({
          actorId: expect.any(String),
          details: {
            changes: { signup: { mode: 'domains', domains: ['example.org', 'example.net'] } },
          },
        });
      },
    );

    it.skipIf(skip)(
      'SIGNUP set in the environment wins: the admin page cannot change it',
      async () => {
        const a = await app({ mode: 'open' });
        await signUp(a, 'ana@example.org');
        const ana = await logIn(a, 'ana@example.org');
        expect((await ana.get('/api/admin/settings')).body).toEqual({
          signup: { mode: 'open' },
          signupSource: 'environment',
          workspaceCreation: 'everyone',
        });
        const res = await ana.patch('/api/admin/settings', { signup: { mode: 'invite' } });
        expect(res.status).toBe(409);
        expect(res.body.type).toBe('/docs/reference/errors/#instance-signupFromEnvironment');
      },
    );

    it.skipIf(skip)(
      'workspaceCreation=admins: only administrators create workspaces, new accounts get none',
      async () => {
        const a = await app({ mode: 'open' });
        await signUp(a, 'ana@example.org');
        const ana = await logIn(a, 'ana@example.org');
        await signUp(a, 'bia@example.org');
        const bia = await logIn(a, 'bia@example.org');
        expect((await bia.post('/api/workspaces', { name: 'Mine' })).status).toBe(201);

        const set = await ana.patch('/api/admin/settings', { workspaceCreation: 'admins' });
        expect(set.body.workspaceCreation).toBe('admins');
        const refused = await bia.post('/api/workspaces', { name: 'Another' });
        expect(refused.status).toBe(403);
        expect(refused.body.type).toBe(
          '/docs/reference/errors/#instance-workspaceCreationAdminsOnly',
        );
        expect((await ana.post('/api/workspaces', { name: 'Sales' })).status).toBe(201);

        await signUp(a, 'caio@example.org');
        const caio = await a.db('users').where({ email: 'caio@example.org' }).first('id');
        expect(await a.db('workspace_members').where({ user_id: caio.id })).toEqual([]);
      },
    );
  },
);
