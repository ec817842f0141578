import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../email/smtp-test-server.js';
import { createMailer } from '../email/transport.js';
import { createLogger } from '../logger.js';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases, tempDir } from '../testing/databases.js';
import { apiKeyOf, person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Alerts over HTTP, notifying through a real SMTP server and a real webhook receiver that checks
 * each request's HMAC the way the docs tell users to: fire, cool-down and resolve each observed,
 * each slot notified once, a failing receiver retried, bad input refused in the reader's language.
 */

const base = '/api/workspaces/demo/alerts';
const hourly = { kind: 'hourly', minute: 0 };

interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
  valid: boolean;
}

for (const { kind, skip } of metadataDatabases())
  describe.skipIf(skip)(`alerts on ${kind}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let receiver: http.Server;
    let hookUrl = '';
    let clock = Date.parse('2026-12-06T12:30:00Z');
    const hooks: Hook[] = [];
    let failWith = 0;
    /** The owner through an API key: the test's clock moves by hours, past any session's token. */
    let owner: Pick<Browser, 'get' | 'post' | 'patch'>;
    let ownerId: string;
    let editor: { b: Browser; id: string };
    let queryId: string;

    const alertMails = () => smtp.messages.filter((m) => m.messageId?.startsWith('<alert.'));
    const setValue = (v: number) =>
      owner.patch(`/api/workspaces/demo/saved-queries/${queryId}`, { sql: `SELECT ${v} AS value` });
    /** The next hour's slot, claimed and checked as the jobs would. */
    async function nextHour() {
      clock += 3_600_000;
      const due = await t.services.alertChecker.claimDue(new Date(clock));
      for (const run of due) await t.services.alertChecker.check(run);
      return due;
    }

    beforeAll(async () => {
      smtp = await startTestSmtpServer();
      receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          const ts = String(req.headers['x-painel-timestamp']);
          const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
          hooks.push({
            headers: req.headers,
            body,
            valid: expected === req.headers['x-painel-signature'],
          });
          res.statusCode = failWith || 204;
          res.end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      t = await createTestApp({
        database: kind,
        demoTables: [],
        now: () => clock,
        // The receiver runs on loopback: allowed here explicitly, as an operator would.
        webhookAllowPrivate: true,
        mailer: createMailer({
          smtpUrl: smtp.url,
          outboxDir: tempDir(),
          from: 'Painel <alerts@painel.test>',
          logger: createLogger('silent'),
        }),
      });
      const o = await person(t, 'owner@example.org');
      const key = await apiKeyOf(o.b, 'admin');
      const send = (method: 'get' | 'post' | 'patch') => (path: string, body?: object) =>
        request(t.app)[method](path).set('Authorization', `Bearer ${key}`).send(body);
      owner = { get: send('get'), post: send('post'), patch: send('patch') };
      ownerId = o.id;
      editor = await person(t, 'editor@example.org', 'editor', { locale: 'pt-BR', lang: 'pt-BR' });
      const q = await owner.post('/api/workspaces/demo/saved-queries', {
        name: 'Revenue',
        sourceId: 'demo',
        sql: 'SELECT 50 AS value',
      });
      expect(q.status).toBe(201);
      queryId = q.body.id;
    });
    let secret = '';
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
      await new Promise((r) => receiver?.close(r));
    });

    const input = (more: object = {}) => ({
      name: 'Revenue high',
      source: { savedQuery: queryId },
      condition: { kind: 'above', threshold: 100 },
      schedule: hourly,
      timeZone: 'America/Sao_Paulo',
      cooldownMinutes: 120,
      recipients: { members: [ownerId, editor.id] },
      webhookUrl: hookUrl,
      ...more,
    });

    it('refuses bad input in the reader’s language and saves nothing', async () => {
      const cases = [
        [input({ webhookUrl: 'ftp://example.org/hook' }), 'A URL do webhook deve começar com http'],
        [input({ webhookUrl: 'http://painel.test/api/x' }), 'aponta para o próprio Painel'],
        [input({ condition: { kind: 'sideways' } }), ''],
      ] as const;
      for (const [body, title] of cases) {
        const res = await editor.b.post(base, body);
        expect([400, 422]).toContain(res.status);
        expect(res.type).toBe('application/problem+json');
        expect(res.body.title).toContain(title);
      }
      const strict = await createTestApp({ demoTables: [] });
      try {
        const o = await person(strict, 'o@example.org');
        const q = await o.b.post('/api/workspaces/demo/saved-queries', {
          name: 'Q',
          sourceId: 'demo',
          sql: 'SELECT 1',
        });
        // Without WEBHOOK_ALLOW_PRIVATE, loopback is internal.
        const res = await o.b.post(base, {
          ...input({ webhookUrl: 'http://127.0.0.1:9/hook', recipients: {} }),
          source: { savedQuery: q.body.id },
        });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([
          { path: 'webhookUrl', message: 'Must not point to an internal address' },
        ]);
      } finally {
        await strict.close();
      }
      expect(Number((await t.db('alerts').count({ n: '*' }).first())?.n)).toBe(0);
    });

    it('fires once per slot, keeps quiet within the cool-down, re-notifies after it, and resolves', async () => {
      const made = await owner.post(base, input());
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ state: 'ok', hasWebhook: true, recipientCount: 2 });
      secret = made.body.webhookSecret;
      expect(secret).toMatch(/^whsec_/);
      expect((await owner.get(`${base}/${made.body.id}`)).body.webhookSecret).toBeUndefined();

      // 50 is not above 100: checked, nothing sent.
      expect(await nextHour()).toHaveLength(1);
      expect(hooks).toHaveLength(0);

      await setValue(150);
      const [slot] = await nextHour();
      expect((await owner.get(`${base}/${made.body.id}`)).body).toMatchObject({
        state: 'firing',
        lastValue: 150,
      });
      await smtp.waitFor(() => alertMails().length === 2);
      const pt = alertMails().find((m) => addressOf(m) === 'editor@example.org') as ParsedMail;
      expect(pt.subject).toBe('Alerta: Revenue high');
      expect(pt.text).toContain('Valor: 150');
      expect(hooks).toHaveLength(1);
      const hook = hooks[0] as Hook;
      expect(hook.valid).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({
        alert: { id: made.body.id, name: 'Revenue high' },
        state: 'firing',
        value: 150,
        threshold: 100,
        workspace: { slug: 'demo' },
      });

      // The same slot again (a retried job): nobody hears of it twice.
      await t.services.alertChecker.check(slot as never);
      expect(hooks).toHaveLength(1);
      expect(alertMails()).toHaveLength(2);

      // Still firing an hour later, within the two-hour cool-down: quiet.
      await nextHour();
      expect(hooks).toHaveLength(1);
      // Two hours after the first notice: notified again.
      await nextHour();
      expect(hooks).toHaveLength(2);
      expect(JSON.parse((hooks[1] as Hook).body).state).toBe('firing');
      await smtp.waitFor(() => alertMails().length === 4);

      await setValue(20);
      await nextHour();
      expect(hooks).toHaveLength(3);
      const resolved = hooks[2] as Hook;
      expect(resolved.valid).toBe(true);
      expect(JSON.parse(resolved.body)).toMatchObject({ state: 'resolved', value: 20 });
      expect(resolved.headers['x-painel-event-id']).not.toBe(hook.headers['x-painel-event-id']);
      await smtp.waitFor((m) => m.subject === 'Resolved: Revenue high');
      expect((await owner.get(`${base}/${made.body.id}`)).body.state).toBe('ok');

      // One click from the email's List-Unsubscribe link, without signing in, takes them off.
      const line = pt.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
      const link = new URL(line.slice(line.indexOf('<') + 1, line.lastIndexOf('>')));
      const off = await request(t.app)
        .post(link.pathname)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      expect(off.status).toBe(204);
      expect((await owner.get(`${base}/${made.body.id}`)).body.recipientCount).toBe(1);
      expect((await request(t.app).post(`${link.pathname}x`)).status).toBe(404);

      const events = (await owner.get(`${base}/${made.body.id}/events`)).body.events as {
        kind: string;
        channel: string | null;
      }[];
      const kinds = events.filter((e) => e.channel === null).map((e) => e.kind);
      expect(kinds).toEqual(['resolved', 'fired']);
      expect(events.filter((e) => e.kind === 'notified')).toHaveLength(9);
    });

    it('retries a failing webhook, then records it failed', async () => {
      const made = await owner.post(
        base,
        input({ name: 'Any rows', condition: { kind: 'rows-appear' }, recipients: {} }),
      );
      secret = made.body.webhookSecret;
      failWith = 500;
      const before = hooks.length;
      await nextHour();
      failWith = 0;
      const tried = hooks.slice(before);
      expect(tried).toHaveLength(3);
      // Every attempt is the same notification: one event id.
      expect(new Set(tried.map((h) => h.headers['x-painel-event-id'])).size).toBe(1);
      const events = (await owner.get(`${base}/${made.body.id}/events`)).body.events;
      expect(events[0]).toMatchObject({
        kind: 'failed',
        channel: 'webhook',
        error: 'the receiver answered HTTP 500',
      });
      const test = await owner.post(`${base}/${made.body.id}/test`, {});
      expect(test.body.notifications).toEqual([
        { channel: 'webhook', target: hookUrl, state: 'sent', error: null },
      ]);
      expect(JSON.parse((hooks.at(-1) as Hook).body).state).toBe('test');
    });

    it('keeps alerts inside their workspace', async () => {
      const made = await owner.post(base, input({ name: 'Mine' }));
      const stranger = await person(t, 'stranger@example.org');
      const own = (await t.db('workspaces').where('slug', '!=', 'demo').first('slug')) as {
        slug: string;
      };
      expect(own).toBeTruthy();
      // The stranger admins their own workspace; Demo's alert is not theirs to see.
      expect((await stranger.b.get(`${base}/${made.body.id}`)).status).toBe(404);
      expect(
        (await stranger.b.get(`/api/workspaces/${own.slug}/alerts/${made.body.id}`)).status,
      ).toBe(404);
    });
  });

function addressOf(m: ParsedMail): string {
  const to = Array.isArray(m.to) ? m.to[0] : m.to;
  return to?.value[0]?.address ?? '';
}
