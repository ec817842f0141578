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
