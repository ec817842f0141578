import { createT, type Locale } from '@painel/i18n';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { HttpError, isUnavailable, serviceUnavailable } from '../errors.js';
import { requestLocale } from './locale.js';

/** Where a problem happened, as its body names it. */
export interface ProblemContext {
  requestId: string;
  /** The request's URL path, given to messages that name it. */
  path: string;
  /** The request's URL with its query string (`instance`). */
  instance: string;
}

/** An HttpError as an RFC 9457 problem+json body in `locale`. */
export function problemBody(error: HttpError, locale: Locale, context: ProblemContext) {
  const t = createT(locale);
  const params = { ...error.params, requestId: context.requestId, path: context.path };
  const detailKey = `${error.key}.detail`;
  const translatedDetail = t(detailKey, params);
  const detail =
    error.engineMessage ?? (translatedDetail === detailKey ? undefined : translatedDetail);
  return {
    type: error.type,
    title: t(`${error.key}.title`, params),
    status: error.status,
    ...(detail ? { detail } : {}),
    instance: context.instance,
    requestId: context.requestId,
    ...error.extensions,
    ...(error.errors
      ? {
          errors: error.errors.map((e) => ({
            path: e.path,
            message: e.message ?? t(e.key, e.params),
          })),
        }
      : {}),
  };
}
export type ProblemBody = ReturnType<typeof problemBody>;

/** Writes an HttpError as problem+json in the request's language. */
export function sendProblem(req: Request, res: Response, error: HttpError): void {
  const locale = requestLocale(req);
  const body = problemBody(error, locale, {
    requestId: req.id,
    path: req.path,
    instance: req.originalUrl,
  });
  res
    .status(error.status)
    .set(error.headers)
    .set('Content-Language', locale)
    .type('application/problem+json')
    .send(JSON.stringify(body));
}

/** Unknown /api paths answer in problem+json rather than falling through to the site's 404 page. */
export const apiNotFound: RequestHandler = function apiNotFound(_req, _res, next) {
  next(new HttpError(404, { key: 'errors.notFound' }));
};

/**
 * The last handler: HttpErrors are the client's; body-parser errors are mapped to theirs; a
 * service we depend on being down (errors.ts `isUnavailable`) is a 503 to retry; anything else
 * is our bug, logged in full and answered with a 500 that leaks nothing.
 */
export const errorHandler: ErrorRequestHandler = function errorHandler(error, req, res, _next) {
  if (res.headersSent) {
    req.log.error({ err: error }, 'error after the response started');
    res.destroy();
    return;
  }
  sendProblem(req, res, toHttpError(error, req));
};

function toHttpError(error: unknown, req: Request): HttpError {
  if (error instanceof HttpError) return error;
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new HttpError(400, { key: 'errors.malformedJson' });
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit ?? 0;
    return new HttpError(413, {
      key: 'errors.payloadTooLarge',
      params: { limit: `${Math.round(limit / 1024)} KB` },
    });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpError(415, { key: 'errors.unsupportedMediaType' });
  }
  // The router could not percent-decode a path parameter (`/api/workspaces/%ZZ`): the
  // client's address, not our bug.
  if (error instanceof URIError && (error as { status?: number }).status === 400) {
    return new HttpError(400, { key: 'errors.malformedUrl' });
  }
  if (isUnavailable(error)) {
    req.log.warn({ err: error }, 'service unavailable');
    return serviceUnavailable(error);
  }
  req.log.error({ err: error }, 'unhandled error');
  return new HttpError(500, { key: 'errors.internal' });
}
