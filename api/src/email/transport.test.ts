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
import { findLink, sentTo, startTestSmtpServer, type TestSmtpServer } from './smtp-test-server.js';
import { createMailer } from './transport.js';

const from = 'Painel <no-reply@painel.example>';

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
});
