import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale } from '@painel/i18n';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { expected, sampleParams, templates } from '../testing/emails.fixture.js';
import { closedPort } from '../testing/ports.js';
import { EmailError } from './email-error.js';
import type { OutgoingMessage } from './mailer.js';
import { findLink, sentTo, startTestSmtpServer, type TestSmtpServer } from './smtp-test-server.js';
import { createMailer } from './transport.js';

const from = 'Painel <no-reply@painel.example>';

/** A composed message, as a subscription's report hands it to the mailer. */
const sampleMessage: OutgoingMessage = {
  kind: 'report',
  to: 'ana@example.org',
  locale: 'pt-BR',
  subject: 'Relatório: Vendas, 7 de dez. de 2026',
  html: '<!doctype html><html lang="pt-BR"><body><p>Vendas</p><img src="cid:chart@painel" alt="Um gráfico"></body></html>',
  text: 'Vendas\n\nUm gráfico\n',
  attachments: [
    {
      filename: 'chart.png',
      contentType: 'image/png',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      cid: 'chart@painel',
    },
    {
      filename: 'dados.csv',
      contentType: 'text/csv; charset=utf-8',
      content: '\uFEFFa,b\r\n1,2\r\n',
    },
  ],
  messageId: '<report-1.delivery-2@painel.test>',
  unsubscribeUrl: 'https://painel.example/unsubscribe?token=s1gn3d',
};

/** A real pino logger whose JSON lines land in an array. */
function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createMailer with SMTP', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp.close());

  for (const locale of ['en', 'pt-BR'] as Locale[]) {
    for (const template of templates) {
      it(`delivers ${template} in ${locale}`, async () => {
        const { logger, lines } = captureLogger();
        const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from, logger });
        const to = `ana+${template}-${locale}@example.org`;
        await mailer.send({ to, locale, template, params: sampleParams[template] });

        const message = await smtp.waitFor(sentTo(to));
        const [subject, expiry] = expected[template][locale];
        const { link } = sampleParams[template];
        expect(message.subject).toBe(subject);
        expect(message.from?.value).toEqual([
          { name: 'Painel', address: 'no-reply@painel.example' },
        ]);
        expect(message.headers.get('content-language')).toBe(locale);
        expect(message.headers.get('auto-submitted')).toBe('auto-generated');
        expect(message.text).toContain(expiry);
        expect(findLink(message)).toBe(link);
        expect(message.html).toContain(`<html lang="${locale}"`);
        expect(message.html).toContain(`<a href="${link}"`);
        expect(message.html).toContain(`>${link}</a>`);

        expect(lines.at(-1)).toMatchObject({
          msg: expect.stringContaining('email sent'),
          to,
          template,
        });
        expect(JSON.stringify(lines)).not.toContain(link);
      });
    }
  }

  it('escapes a hostile name in the HTML the recipient gets', async () => {
    const { logger } = captureLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from, logger });
    const name = '<script>alert(1)</script>';
    await mailer.send({
      to: 'eve@example.org',
      locale: 'en',
      template: 'verify-email',
      params: { ...sampleParams['verify-email'], name },
    });
    const message = await smtp.waitFor(sentTo('eve@example.org'));
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(message.text).toContain(`Hi ${name},`);
  });

  it('delivers when the URL carries credentials (AUTH over the test server)', async () => {
    const { logger } = captureLogger();
    const smtpUrl = smtp.url.replace('smtp://', 'smtp://painel:s3cret@');
    const mailer = createMailer({ smtpUrl, outboxDir: '/nonexistent', from, logger });
    const to = 'auth@example.org';
    await mailer.send({ to, locale: 'en', template: 'invite', params: sampleParams.invite });
    expect((await smtp.waitFor(sentTo(to))).subject).toBe(expected.invite.en[0]);
  });

  it('refuses a recipient that is not a single address, before sending', async () => {
    const { logger } = captureLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from, logger });
    const count = smtp.messages.length;
    for (const to of [
      'ana@example.org, eve@example.org',
      'Eve <eve@example.org>',
      'nobody',
      'ana@example.org\nBcc: eve@example.org',
    ]) {
      await expect(
        mailer.send({ to, locale: 'en', template: 'invite', params: sampleParams.invite }),
      ).rejects.toThrow(/invalid recipient for the invite email/i);
    }
    expect(smtp.messages.length).toBe(count);
  });

  it('throws an EmailError naming the server, without the password, when it cannot deliver', async () => {
    const port = await closedPort();
    const { logger } = captureLogger();
    const mailer = createMailer({
      smtpUrl: `smtp://painel:s3cret@127.0.0.1:${port}`,
      outboxDir: '/nonexistent',
      from,
      logger,
    });
    const error = await mailer
      .send({
        to: 'ana@example.org',
        locale: 'en',
        template: 'invite',
        params: sampleParams.invite,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailError);
    // One error type: a key and params for any language, a status, an English message for the log.
    expect(error).toMatchObject({ key: 'errors.email.notSent', status: 503 });
    expect((error as Error).message).toMatch(
      new RegExp(
        `could not send the invite email to ana@example.org through smtp://127.0.0.1:${port}`,
        'i',
      ),
    );
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain(sampleParams.invite.link);
  });

  it('rejects a bad SMTP URL or sender at creation, without echoing credentials', () => {
    const { logger } = captureLogger();
    const make = (smtpUrl: string, sender = from) =>
      createMailer({ smtpUrl, outboxDir: '/nonexistent', from: sender, logger });
    expect(() => make('http://user:s3cret@mail.example')).toThrow(
      /invalid SMTP URL \(http:\/\/mail\.example\)/i,
    );
    expect(() => make('mail.example:587')).toThrow(EmailError);
    expect(() => make('not a url')).toThrow(/use smtp:\/\/user:pass@host:587/);
    expect(() => make(smtp.url, 'Painel')).toThrow(/invalid email sender/i);
  });

  it('delivers a composed message with its Message-ID, unsubscribe headers and attachments', async () => {
    const { logger, lines } = captureLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from, logger });
    const to = 'report@example.org';
    await mailer.sendMessage({ ...sampleMessage, to });

    const message = await smtp.waitFor(sentTo(to));
    expect(message.subject).toBe(sampleMessage.subject);
    expect(message.messageId).toBe(sampleMessage.messageId);
    const header = (key: string) => message.headerLines.find((h) => h.key === key)?.line;
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${sampleMessage.unsubscribeUrl}>`);
    expect(header('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(message.headers.get('content-language')).toBe('pt-BR');
    expect(message.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.headers.get('x-painel-template')).toBe('report');
    expect(message.text).toBe(sampleMessage.text);
    expect(message.html).toContain('<img src="cid:chart@painel" alt="Um gráfico">');
    const [image, csv] = message.attachments;
    expect(image).toMatchObject({
      cid: 'chart@painel',
      related: true,
      contentDisposition: 'inline',
      contentType: 'image/png',
    });
    expect(csv).toMatchObject({ filename: 'dados.csv', contentDisposition: 'attachment' });
    expect(csv?.content.toString('utf8')).toBe('\uFEFFa,b\r\n1,2\r\n');

    expect(lines.at(-1)).toMatchObject({
      to,
      template: 'report',
      messageId: sampleMessage.messageId,
    });
    expect(JSON.stringify(lines)).not.toContain('s1gn3d');
  });

  it('refuses a Message-ID, unsubscribe link or recipient it cannot send as given, before sending', async () => {
    const { logger } = captureLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from, logger });
    const count = smtp.messages.length;
    for (const messageId of [
      'report-1@painel.test',
      '<report 1@painel.test>',
      '<a@b>\r\nBcc: eve@example.org',
      '<no-at>',
    ])
      await expect(mailer.sendMessage({ ...sampleMessage, messageId })).rejects.toMatchObject({
        key: 'errors.email.invalidMessageId',
      });
    await expect(
      mailer.sendMessage({ ...sampleMessage, unsubscribeUrl: 'javascript:alert(1)' }),
    ).rejects.toThrow(/protocol javascript: is not allowed/);
    await expect(
      mailer.sendMessage({ ...sampleMessage, to: 'ana@example.org, eve@example.org' }),
    ).rejects.toThrow(/invalid recipient for the report email/i);
    expect(smtp.messages.length).toBe(count);
  });
});

describe('createMailer without SMTP (outbox)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'painel-outbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes one complete .eml per email and logs where, not the link', async () => {
    const outboxDir = join(dir, 'outbox');
    const { logger, lines } = captureLogger();
    const mailer = createMailer({ outboxDir, from, logger });
    expect(lines[0]?.msg).toBe(`no SMTP server configured: emails are written to ${outboxDir}`);

    await mailer.send({
      to: 'ana@example.org',
      locale: 'pt-BR',
      template: 'reset-password',
      params: sampleParams['reset-password'],
    });
    await mailer.send({
      to: 'bruno@example.org',
      locale: 'en',
      template: 'invite',
      params: sampleParams.invite,
    });

    // Temp files are renamed away: only finished messages remain.
    const files = (await readdir(outboxDir)).sort();
    expect(files).toHaveLength(2);
    for (const file of files)
      expect(file).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-[a-z-]+-[0-9a-f]{8}\.eml$/);

    const written = lines.filter((l) => String(l.msg).startsWith('email written to outbox'));
    expect(written).toHaveLength(2);
    const reset = written.find((l) => l.template === 'reset-password');
    expect(reset).toMatchObject({ to: 'ana@example.org', level: 30 });
    const file = String(reset?.file);
    expect(file.startsWith(outboxDir)).toBe(true);
    expect(reset?.msg).toBe(`email written to outbox ${file}`);
    expect(JSON.stringify(lines)).not.toContain('token=');

    const raw = await readFile(file, 'utf8');
    expect(raw).toContain('\r\n');
    const message = await simpleParser(raw);
    expect(message.from?.value).toEqual([{ name: 'Painel', address: 'no-reply@painel.example' }]);
    expect(message.to && !Array.isArray(message.to) ? message.to.text : '').toBe('ana@example.org');
    expect(message.subject).toBe('Redefina sua senha do Painel');
    expect(message.messageId).toMatch(/^<.+@.+>$/);
    expect(message.date).toBeInstanceOf(Date);
    expect(message.headers.get('content-language')).toBe('pt-BR');
    expect(message.text).toContain('Este link expira em 30 minutos.');
    expect(findLink(message)).toBe(sampleParams['reset-password'].link);
    expect(message.html).toContain(`<a href="${sampleParams['reset-password'].link}"`);
  });

  it('throws an EmailError when the outbox cannot be written', async () => {
    const { logger } = captureLogger();
    // A file where the folder should be.
    const outboxDir = join(dir, 'outbox', (await readdir(join(dir, 'outbox')))[0] ?? 'x');
    const mailer = createMailer({ outboxDir, from, logger });
    await expect(
      mailer.send({
        to: 'ana@example.org',
        locale: 'en',
        template: 'invite',
        params: sampleParams.invite,
      }),
    ).rejects.toThrow(/could not write the invite email to the outbox/i);
  });

  it('writes a composed message to the outbox with its own Message-ID', async () => {
    const outboxDir = join(dir, 'reports');
    const { logger, lines } = captureLogger();
    const mailer = createMailer({ outboxDir, from, logger });
    await mailer.sendMessage(sampleMessage);
    const [file = ''] = await readdir(outboxDir);
    expect(file).toMatch(/-report-[0-9a-f]{8}\.eml$/);
    const message = await simpleParser(await readFile(join(outboxDir, file), 'utf8'));
    expect(message.messageId).toBe(sampleMessage.messageId);
    expect(message.attachments.map((a) => a.filename)).toEqual(['chart.png', 'dados.csv']);
    expect(lines.at(-1)).toMatchObject({ to: sampleMessage.to, template: 'report' });
  });
});
