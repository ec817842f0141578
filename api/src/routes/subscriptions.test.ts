import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../email/smtp-test-server.js';
import { createMailer } from '../email/transport.js';
import { createLogger } from '../logger.js';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases, tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { weatherDashboard } from '../testing/weather-dashboard.fixture.js';

/**
 * Subscriptions over HTTP, sent through a real SMTP server and read back with mailparser: each
 * member in their language, each slot once per recipient with a stable Message-ID, access and
 * unsubscribing checked again at every run, and slots claimed once however many workers ask.
 */

const base = '/api/workspaces/demo/subscriptions';
const weekly = { kind: 'weekly', days: ['mon', 'thu'], time: '08:00' };

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`subscriptions on ${kind}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let clock = Date.parse('2026-12-06T12:00:00Z');
    let owner: Browser;
    let editor: { b: Browser; id: string };
    let viewer: { b: Browser; id: string };
    let ownerId: string;

    const inbox = (to: string) => smtp.messages.filter((m) => isReport(m) && to === addressOf(m));
    const body = (recipients: object, more: object = {}) => ({
      dashboard: 'weather',
      schedule: weekly,
      timeZone: 'America/Sao_Paulo',
      recipients,
      ...more,
    });

    beforeAll(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp({
        database: kind,
        demoTables: ['seattle_weather'],
        now: () => clock,
        mailer: createMailer({
          smtpUrl: smtp.url,
          outboxDir: tempDir(),
          from: 'Painel <reports@painel.test>',
          logger: createLogger('silent'),
        }),
      });
      const o = await person(t, 'owner@example.org');
      owner = o.b;
      ownerId = o.id;
      editor = await person(t, 'editor@example.org', 'editor', { locale: 'pt-BR', lang: 'pt-BR' });
      viewer = await person(t, 'viewer@example.org', 'viewer');
      expect(
        (await owner.post('/api/workspaces/demo/dashboards', weatherDashboard('weather'))).status,
      ).toBe(201);
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('refuses bad input in the reader’s language and saves nothing', async () => {
      const cases = [
        [
          body({ members: [ownerId] }, { schedule: { kind: 'cron', cron: '61 * * * *' } }),
          'Expressão cron inválida',
        ],
        [
          body({ members: [ownerId] }, { timeZone: 'Mars/Olympus' }),
          'Fuso horário desconhecido "Mars/Olympus"',
        ],
        [body({ emails: ['someone@elsewhere.example'] }), 'someone@elsewhere.example não é membro'],
      ] as const;
      for (const [input, title] of cases) {
        // The editor's account speaks Portuguese: the API answers in it.
        const res = await editor.b.post(base, input);
        expect(res.status).toBe(422);
        expect(res.type).toBe('application/problem+json');
        expect(res.body.title).toContain(title);
      }
      const unknown = await owner.post(base, body({ members: ['nobody'] }));
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([
        { path: 'recipients.members.0', message: 'Not a member of this workspace' },
      ]);
      expect((await owner.get(base)).body.subscriptions).toEqual([]);
      expect(Number((await t.db('subscriptions').count({ n: '*' }).first())?.n)).toBe(0);
    });

    it('sends now to each member in their own language, with charts, data and an unsubscribe link', async () => {
      const made = await owner.post(
        base,
        body({ members: [ownerId, editor.id] }, { filters: { kind: ['sun', 'fog'] } }),
      );
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        dashboardSlug: 'weather',
        recipientCount: 2,
        canEdit: true,
        nextRunAt: '2026-12-07T11:00:00.000Z',
      });
      const sent = await owner.post(`${base}/${made.body.id}/send`, {});
      expect(sent.status).toBe(200);
      expect(sent.body.deliveries.map((d: { state: string }) => d.state)).toEqual(['sent', 'sent']);

      const en = await smtp.waitFor((m) => isReport(m) && addressOf(m) === 'owner@example.org');
      const pt = await smtp.waitFor((m) => isReport(m) && addressOf(m) === 'editor@example.org');
      expect(en.subject).toContain('Seattle weather');
      expect(pt.subject).toContain('Clima em Seattle');
      for (const m of [en, pt]) {
        const cids = [...String(m.html).matchAll(/src="cid:([^"]+)"/g)].map((x) => x[1]);
        expect(cids.length).toBeGreaterThan(0);
        for (const cid of cids)
          expect(m.attachments.find((a) => a.cid === cid)?.contentType).toBe('image/png');
        expect(m.text).toBeTruthy();
        expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      }
      // The CSV is the card's data with the subscription's filters, as the page downloads it.
      const csv = en.attachments.find((a) => a.contentType.startsWith('text/csv'));
      expect(csv).toBeDefined();
      const cardId = String(csv?.filename).replace(/^weather-|\.csv$/g, '');
      const page = await owner.get(
        `/api/workspaces/demo/dashboards/weather/cards/${cardId}.csv?kind=sun&kind=fog`,
      );
      expect(page.status).toBe(200);
      expect(csv?.content.toString('utf8')).toBe(page.text);
    });

    it('sends to outside addresses once an admin allows them, in the creator’s language', async () => {
      const settings = '/api/workspaces/demo/subscription-settings';
      expect((await editor.b.put(settings, { allowOutsideRecipients: true })).status).toBe(403);
      const allowed = await owner.put(settings, { allowOutsideRecipients: true });
      expect(allowed.body).toEqual({ allowOutsideRecipients: true });
      const made = await editor.b.post(base, body({ emails: ['Guest@Elsewhere.example'] }));
      expect(made.status).toBe(201);
      expect(made.body.recipients.emails).toEqual([
        { email: 'guest@elsewhere.example', unsubscribedAt: null },
      ]);
      // Only its creator or an admin may send it.
      expect((await viewer.b.post(`${base}/${made.body.id}/send`, {})).status).toBe(404);
      expect((await editor.b.post(`${base}/${made.body.id}/send`, {})).status).toBe(200);
      const got = await smtp.waitFor(
        (m) => isReport(m) && addressOf(m) === 'guest@elsewhere.example',
      );
      expect(got.subject).toContain('Clima em Seattle');
      await owner.put(settings, { allowOutsideRecipients: false });
    });

    it('delivers a slot once per recipient, the only duplicate with the same Message-ID', async () => {
      const made = await owner.post(base, body({ members: [ownerId, viewer.id] }));
      const id = made.body.id as string;
      const { subscriptionDelivery } = t.services;
      const slot = '2026-12-07T11:00:00.000Z';
      const before = smtp.messages.length;
      // A crash after the first email left SMTP, before it was recorded.
      await expect(
        subscriptionDelivery.deliver(
          { subscriptionId: id, slot },
          {
            fault: async (step) => {
              if (step === 'after-send') throw new Error('crash');
            },
          },
        ),
      ).rejects.toThrow('crash');
      expect(await subscriptionDelivery.deliver({ subscriptionId: id, slot })).toBe('done');
      expect(await subscriptionDelivery.deliver({ subscriptionId: id, slot })).toBe('done');
      await smtp.waitFor(() => smtp.messages.length >= before + 3);
      const got = smtp.messages.slice(before);
      expect(got).toHaveLength(3);
      const ids = (to: string) => got.filter((m) => addressOf(m) === to).map((m) => m.messageId);
      // The first recipient twice (the crash), with one Message-ID; the other once.
      const first =
        ids('owner@example.org').length === 2 ? 'owner@example.org' : 'viewer@example.org';
      expect(new Set(ids(first)).size).toBe(1);
      expect(ids(first)[0]).toMatch(/^<sub\..+@painel\.test>$/);
      const log = await owner.get(`${base}/${id}/deliveries`);
      expect(log.body.deliveries.map((d: { state: string }) => d.state)).toEqual(['sent', 'sent']);
    });

    it('stops sending to a member removed from the workspace, and to one who unsubscribed', async () => {
      const made = await owner.post(base, body({ members: [viewer.id, editor.id] }));
      const id = made.body.id as string;
      const { subscriptionDelivery } = t.services;
      await subscriptionDelivery.deliver({ subscriptionId: id, slot: 'manual-a' });
      const editorMail = inbox('editor@example.org').at(-1);
      const link = String(editorMail && header(editorMail, 'list-unsubscribe')).replace(
        /^<|>$/g,
        '',
      );
      const path = new URL(link).pathname;
      const view = await request(t.app).get(path);
      expect(view.body).toMatchObject({ email: 'editor@example.org', unsubscribed: false });
      const done = await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click');
      expect(done.status).toBe(200);
      expect(done.body.unsubscribed).toBe(true);
      expect((await request(t.app).post(`${path}x`)).status).toBe(404);

      await t.db('workspace_members').where({ user_id: viewer.id }).delete();
      const before = smtp.messages.length;
      expect(await subscriptionDelivery.deliver({ subscriptionId: id, slot: 'manual-b' })).toBe(
        'skipped',
      );
      const log = (await owner.get(`${base}/${id}/deliveries`)).body.deliveries as {
        slot: string;
        email: string;
        state: string;
      }[];
      expect(
        log
          .filter((d) => d.slot === 'manual-b')
          .map((d) => [d.email, d.state])
          .sort(),
      ).toEqual([
        ['editor@example.org', 'unsubscribed'],
        ['viewer@example.org', 'no-access'],
      ]);
      expect(smtp.messages.length).toBe(before);
    });

    it('claims each due slot once, the latest only after downtime, across workers', async () => {
      await t.db('subscriptions').delete();
      const made = await owner.post(
        base,
        body(
          { members: [ownerId] },
          { schedule: { kind: 'daily', time: '08:00' }, timeZone: 'America/New_York' },
        ),
      );
      const id = made.body.id as string;
      const { subscriptionDelivery } = t.services;
      // Down from 6 December until 9 March, past New York's change to summer time.
      const at = new Date('2027-03-15T12:30:00Z');
      const [a, b] = await Promise.all([
        subscriptionDelivery.claimDue(at),
        subscriptionDelivery.claimDue(at),
      ]);
      const claimed = [...a, ...b];
      expect(claimed).toEqual([
        {
          subscriptionId: id,
          slot: '2027-03-15T12:00:00.000Z',
          workspaceId: t.services.workspaceId,
        },
      ]);
      expect(await subscriptionDelivery.claimDue(at)).toEqual([]);
      // Not finished ten minutes on: claimed again, once.
      const later = new Date(at.getTime() + 11 * 60_000);
      const again = await Promise.all([
        subscriptionDelivery.claimDue(later),
        subscriptionDelivery.claimDue(later),
      ]);
      expect(again.flat().map((r) => r.slot)).toEqual(['2027-03-15T12:00:00.000Z']);
      clock = at.getTime();
    });
  });
}

const isReport = (m: ParsedMail) => header(m, 'x-painel-template') === 'report';

/** A header as sent (mailparser reads List-* headers into objects). */
function header(m: ParsedMail, name: string): string | undefined {
  const line = m.headerLines.find((h) => h.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

function addressOf(m: ParsedMail): string | undefined {
  const to = Array.isArray(m.to) ? m.to[0] : m.to;
  return to?.value[0]?.address;
}
