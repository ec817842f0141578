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

export interface Mailer {
  /** Renders and delivers one email; throws an EmailError (see email-error.ts) when it cannot. */
  send<T extends EmailTemplate>(email: OutgoingEmail<T>): Promise<void>;
}
