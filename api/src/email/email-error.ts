import { createT } from '@painel/i18n';
import { HttpError } from '../errors.js';

/** What can go wrong with an email; each is `errors.email.<problem>` in the catalogs. */
export type EmailProblem =
  | 'unknownTemplate'
  | 'invalidExpiry'
  | 'invalidLink'
  | 'linkProtocol'
  | 'invalidSender'
  | 'invalidRecipient'
  | 'invalidMessageId'
  | 'smtpUrlUnreadable'
  | 'smtpUrlScheme'
  | 'notSent'
  | 'outboxFailed';

/** A server that could not be reached or written to may work again; the rest is a bug or bad config. */
const unavailable: ReadonlySet<EmailProblem> = new Set(['notSent', 'outboxFailed']);
const english = createT('en');

/**
 * A failure to render or deliver an email: a bad link or expiry, a bad SMTP URL at start-up,
 * an SMTP server that refused or could not be reached, an outbox that could not be written.
 * An HttpError like every other (503 when delivery may work later, else 500), whose message is
 * the English detail for the log. Params never carry the link itself, which holds a secret token.
 */
export class EmailError extends HttpError {
  override name = 'EmailError';

  constructor(
    problem: EmailProblem,
    params: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    const key = `errors.email.${problem}`;
    super(unavailable.has(problem) ? 503 : 500, { key, params, cause: options?.cause });
    this.message = english(`${key}.detail`, params);
  }
}

export function isEmailError(error: unknown): error is EmailError {
  return error instanceof EmailError;
}
