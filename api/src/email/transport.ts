import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Logger } from '../logger.js';
import { EmailError } from './email-error.js';
import type { EmailTemplate, Mailer, OutgoingEmail, OutgoingMessage } from './mailer.js';
import { checkLink, renderEmail } from './templates.js';

export interface MailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. Absent: outbox. */
  smtpUrl?: string | undefined;
  /** Where emails are written as `.eml` files when there is no SMTP server. */
  outboxDir: string;
  /** The From header: `Painel <no-reply@example.org>` or a bare address. */
  from: string;
  logger: Logger;
}

// Sending happens while a person waits for a page, so a dead server must fail in seconds, not
// in nodemailer's default minutes. Query parameters of the SMTP URL still override these.
const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// One plain address: a comma or angle bracket would let a single `to` reach several people.
const singleAddress = /^[^\s@,;:<>()"\\[\]]+@[^\s@,;:<>()"\\[\]]+$/;
// RFC 5322 msg-id, printable ASCII only: it is written into a header verbatim.
const messageIdPattern = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/**
 * A Mailer that sends through SMTP when `smtpUrl` is set, and otherwise writes each email to
 * `outboxDir` as an `.eml` file (handy in development: open it in any mail client).
 * Bad options throw an EmailError at once, so a misconfigured server fails at boot.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { smtpUrl, outboxDir, from, logger } = options;
  if (!from.includes('@')) {
    throw new EmailError('invalidSender', { from });
  }
  const deliver = smtpUrl
    ? smtpDelivery(smtpUrl, from, logger)
    : outboxDelivery(outboxDir, from, logger);

  const checkRecipient = (to: string, template: string) => {
    if (!singleAddress.test(to)) throw new EmailError('invalidRecipient', { template, to });
  };
  const headers = (locale: string, template: string) => ({
    // RFC 3834: tells vacation responders not to answer a robot.
    'Auto-Submitted': 'auto-generated',
    'Content-Language': locale,
    'X-Painel-Template': template,
  });

  return {
    async send<T extends EmailTemplate>(email: OutgoingEmail<T>): Promise<void> {
      checkRecipient(email.to, email.template);
      const { subject, text, html } = renderEmail(email.template, email.locale, email.params);
      await deliver(email, {
        to: email.to,
        subject,
        text,
        html,
        headers: headers(email.locale, email.template),
      });
    },

    async sendMessage(message: OutgoingMessage): Promise<void> {
      const template = message.kind;
      checkRecipient(message.to, template);
      if (!messageIdPattern.test(message.messageId)) {
        throw new EmailError('invalidMessageId', { template });
      }
      const unsubscribe = checkLink(template, message.unsubscribeUrl);
      await deliver(
        { to: message.to, template },
        {
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          attachments: message.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
            // Images the HTML shows by cid travel inline, beside the HTML, not as files.
            ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
          })),
          headers: {
            ...headers(message.locale, template),
            // RFC 2369 and 8058: mail clients offer an unsubscribe button that POSTs to the link.
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        },
      );
    },
  };
}

/** Who an email is for and what kind it is: what the log and errors name (never its links). */
interface Envelope {
  to: string;
  template: string;
}

type Delivery = (email: Envelope, message: SendMailOptions) => Promise<void>;

function smtpDelivery(smtpUrl: string, from: string, logger: Logger): Delivery {
  const where = describeSmtpUrl(smtpUrl);
  const transporter = nodemailer.createTransport({ ...timeouts, url: smtpUrl }, { from });
  return async function sendSmtp(email, message) {
    try {
      const info = await transporter.sendMail(message);
      logger.info(
        { to: email.to, template: email.template, messageId: info.messageId },
        `email sent through ${where}`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EmailError(
        'notSent',
        { template: email.template, to: email.to, server: where, reason },
        { cause: error },
      );
    }
  };
}

/** `smtp://host:port`, without the credentials, for messages; throws on a URL we cannot use. */
function describeSmtpUrl(smtpUrl: string): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new EmailError('smtpUrlUnreadable', {});
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new EmailError('smtpUrlScheme', { url: `${url.protocol}//${url.host}` });
  }
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `${url.protocol}//${url.hostname}:${port}`;
}

function outboxDelivery(outboxDir: string, from: string, logger: Logger): Delivery {
  const dir = path.resolve(outboxDir);
  // CRLF line ends: an .eml file is an RFC 5322 message as it would travel over SMTP.
  const composer = nodemailer.createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from },
  );
  logger.info({ outboxDir: dir }, `no SMTP server configured: emails are written to ${dir}`);
  return async function writeToOutbox(email, message) {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.template}-${randomBytes(4).toString('hex')}.eml`;
    const file = path.join(dir, name);
    // A dot-file first, renamed when complete, so a reader never sees half a message.
    const temp = path.join(dir, `.${name}.tmp`);
    try {
      const info = await composer.sendMail(message);
      await mkdir(dir, { recursive: true });
      await writeFile(temp, info.message as Buffer);
      await rename(temp, file);
    } catch (error) {
      // Best effort: the folder may be the very thing that is missing.
      await rm(temp, { force: true }).catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new EmailError(
        'outboxFailed',
        { template: email.template, dir, reason },
        { cause: error },
      );
    }
    logger.info(
      { to: email.to, template: email.template, file },
      `email written to outbox ${file}`,
    );
  };
}

/**
 * Deletes the outbox's messages (and any half-written one) last written before `before`;
 * returns how many. The outbox is a development aid: it must not fill the disk of an install
 * that runs without SMTP for months.
 */
export async function pruneOutbox(outboxDir: string, before: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(outboxDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => /\.eml(\.tmp)?$/.test(n))) {
    const file = path.join(outboxDir, name);
    const written = await stat(file).catch(() => null);
    if (!written || written.mtimeMs >= before.getTime()) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}
