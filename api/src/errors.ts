/**
 * The one errors module. Every failure a client can cause is an HttpError that names an
 * i18n key; the HTTP layer turns it into application/problem+json in the request's language.
 */
export interface FieldError {
  path: string;
  /** i18n key of the message, e.g. `validation.required`. */
  key: string;
  params?: Record<string, unknown>;
  /** A message from a third party (a database engine) shown as is. */
  message?: string;
}

/**
 * What a custom zod issue carries in `params` so its field error is translated and says what
 * was given and what is allowed: `ctx.addIssue({ code: 'custom', params: { key, params } })`.
 */
export interface TranslatedIssue {
  key: string;
  params: Record<string, unknown>;
}

export interface HttpErrorOptions {
  /** i18n key prefix: `${key}.title` and, if present, `${key}.detail`. */
  key: string;
  params?: Record<string, unknown>;
  /** Extra detail that is not ours to translate (an engine's message). */
  engineMessage?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members added to the problem body (e.g. `position`). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly key: string;
  readonly params: Record<string, unknown>;
  readonly engineMessage: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, options: HttpErrorOptions) {
    super(options.engineMessage ?? options.key, { cause: options.cause });
    this.status = status;
    this.key = options.key;
    this.params = options.params ?? {};
    this.engineMessage = options.engineMessage;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  /** The stable problem `type`: a path under /docs/ that explains the error. */
  get type(): string {
    return `/docs/reference/errors/#${this.key.replace(/^errors\./, '').replaceAll('.', '-')}`;
  }
}

/** Node's errno errors (`ENOENT`, `EADDRINUSE`, …). */
export function isErrno(error: unknown, code: string): error is NodeJS.ErrnoException {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** How long (`Retry-After`, in seconds) a client waits before retrying while a service is down. */
export const unavailableRetrySeconds = 5;

// Errno codes of a connection that could not be made or was cut (a stopped PostgreSQL, its
// host gone from DNS while its container restarts).
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// PostgreSQL's SQLSTATEs of a server going away or not yet up: class 08 (connection exception),
// admin_shutdown, crash_shutdown and cannot_connect_now (starting up or recovering).
const unavailableSqlStates = /^(?:08...|57P0[123])$/;

/**
 * Whether `error` means a service Painel depends on (the metadata PostgreSQL) cannot be reached
 * right now, rather than a bug: refused, reset or ended connections, a server shutting down or
 * starting, or no pooled connection within knex's acquire timeout. Those answer 503 and are
 * retried; anything else stays a 500. Causes and AggregateErrors (one per address tried) count.
 */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (connectionCodes.has(code) || unavailableSqlStates.test(code)))
    return true;
  if (error.name === 'KnexTimeoutError' && error.message.includes('acquiring a connection'))
    return true;
  // pg's words for a socket that closed under a query (no code).
  if (/Connection terminated/.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isUnavailable(e, depth + 1)))
    return true;
  return isUnavailable(error.cause, depth + 1);
}

/** The 503 for an `isUnavailable` error: try again in a moment. */
export function serviceUnavailable(cause: unknown): HttpError {
  return new HttpError(503, {
    key: 'errors.unavailable',
    headers: { 'Retry-After': String(unavailableRetrySeconds) },
    cause,
  });
}
