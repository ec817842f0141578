import type { Locale } from '@painel/i18n';

/** The emails Painel sends; each has a template in both languages, HTML and text. */
export type EmailTemplate = 'verify-email' | 'reset-password' | 'invite';

export interface EmailParams {
  'verify-email': { name: string; link: string; hours: number };
  'reset-password': { name: string; link: string; minutes: number };
  invite: { inviter: string; workspace: string; role: string; link: string; days: number };
}

export interface OutgoingEmail<T extends EmailTemplate = EmailTemplate> {
  to: string;
  /** The recipient's language, not the sender's. */
  locale: Locale;
  template: T;
  params: EmailParams[T];
}

/** A file sent with a message; with a `cid`, an image the HTML shows (`<img src="cid:…">`). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
  cid?: string;
}

/**
 * A message composed by its caller (a subscription's report, an alert), rather than from a
 * template.
 * The subject and bodies are already in the recipient's language.
 */
export interface OutgoingMessage {
  /** What it is, for the X-Painel-Template header mail filters and tests sort by. */
  kind: 'report' | 'alert';
  to: string;
  locale: Locale;
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /**
   * `<unique@host>`, used verbatim: a delivery retried after a crash carries the same one, so
   * the only possible duplicate is one mail clients can recognise.
   */
  messageId: string;
  /** The one-click unsubscribe link (RFC 8058), an http(s) URL with its signed token. */
  unsubscribeUrl: string;
}

export interface Mailer {
  /** Renders and delivers one email; throws an EmailError (see email-error.ts) when it cannot. */
  send<T extends EmailTemplate>(email: OutgoingEmail<T>): Promise<void>;
  /** Delivers a composed message (a report); throws an EmailError when it cannot. */
  sendMessage(message: OutgoingMessage): Promise<void>;
}
