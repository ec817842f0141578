/**
 * A failure to render or deliver an email: a bad link or expiry, a bad SMTP URL at start-up,
 * an SMTP server that refused or could not be reached, an outbox that could not be written.
 * Messages never carry the link itself, which holds a secret token.
 */
export class EmailError extends Error {
  override name = 'EmailError';
}

export function isEmailError(error: unknown): error is EmailError {
  return error instanceof EmailError;
}
