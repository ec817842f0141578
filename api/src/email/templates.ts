import { createT, formatNumber, hasKey, type Locale, type Translate } from '@painel/i18n';
import { EmailError } from './email-error.js';
import { type EmailParts, type RenderedEmail, renderLayout } from './layout.js';
import type { EmailParams, EmailTemplate } from './mailer.js';

export type { RenderedEmail } from './layout.js';

type Unit = 'minutes' | 'hours' | 'days';

/** The parts that differ from one template to the next; the rest is shared. */
interface TemplateParts {
  subject: string;
  /** Absent when the recipient's name is unknown (an invitee may have no account yet). */
  name?: string;
  intro: string;
  action: string;
  link: string;
  expiry: [Unit, number];
  ignore: string;
}

type Definition<T extends EmailTemplate> = (t: Translate, params: EmailParams[T]) => TemplateParts;

const definitions: { [T in EmailTemplate]: Definition<T> } = {
  'verify-email': (t, p) => ({
    subject: t('email.verify.subject'),
    name: p.name,
    intro: t('email.verify.intro'),
    action: t('email.verify.action'),
    link: p.link,
    expiry: ['hours', p.hours],
    ignore: t('email.verify.ignore'),
  }),
  'reset-password': (t, p) => ({
    subject: t('email.reset.subject'),
    name: p.name,
    intro: t('email.reset.intro'),
    action: t('email.reset.action'),
    link: p.link,
    expiry: ['minutes', p.minutes],
    ignore: t('email.reset.ignore'),
  }),
  invite: (t, p) => {
    const names = { inviter: oneLine(p.inviter), workspace: oneLine(p.workspace) };
    const role = hasKey(`email.role.${p.role}`) ? t(`email.role.${p.role}`) : oneLine(p.role);
    return {
      subject: t('email.invite.subject', names),
      intro: t('email.invite.intro', { ...names, role }),
      action: t('email.invite.action'),
      link: p.link,
      expiry: ['days', p.days],
      ignore: t('email.invite.ignore'),
    };
  },
};

/**
 * The subject, plain-text and HTML bodies of one email in the recipient's language.
 * Throws an EmailError when the link is not an http(s) URL or the expiry is not a positive number.
 */
export function renderEmail<T extends EmailTemplate>(
  template: T,
  locale: Locale,
  params: EmailParams[T],
): RenderedEmail {
  const define = definitions[template] as Definition<T> | undefined;
  if (!define) throw new EmailError('unknownTemplate', { template: String(template) });
  const t = createT(locale);
  const parts = define(t, params);
  const [unit, amount] = parts.expiry;
  if (!Number.isFinite(amount) || amount <= 0) {
    throw new EmailError('invalidExpiry', { template, amount, unit });
  }
  const name = parts.name === undefined ? '' : oneLine(parts.name);
  const full: EmailParts = {
    subject: oneLine(parts.subject),
    greeting: name ? t('email.greeting', { name }) : t('email.greetingNoName'),
    intro: parts.intro,
    action: parts.action,
    link: checkLink(template, parts.link),
    linkFallback: t('email.linkFallback'),
    expiry: t(`email.expiry.${unit}`, { count: amount, n: formatNumber(locale, amount) }),
    ignore: parts.ignore,
    footer: t('email.footer'),
  };
  return renderLayout(locale, full);
}

/**
 * Only absolute http(s) links: a `javascript:` or relative link in an email is a bug or an attack.
 * Returns the URL normalised (`<`, `>` and spaces percent-encoded).
 */
export function checkLink(template: string, link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new EmailError('invalidLink', { template });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EmailError('linkProtocol', { template, protocol: url.protocol });
  }
  return url.href;
}

/**
 * User input (names, workspace titles) on one line: control characters and line breaks could
 * otherwise forge lines in the text body or headers.
 */
export function oneLine(value: string): string {
  // Cc: C0 and C1 controls with DEL; Zl/Zp: Unicode line and paragraph separators.
  return String(value)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
}
