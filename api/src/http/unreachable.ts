import type { ErrorRequestHandler } from 'express';
import { HttpError } from '../errors.js';

// Why a data source could not be reached: told apart, they map which hosts and ports answer
// (a closed port is "refused", a filtered one a "timeout", another service a TLS or protocol
// failure). Wrong credentials or database mean the database itself answered: those stay.
const unreachable = new Set(
  ['dns', 'refused', 'timeout', 'tls', 'failed'].map((k) => `errors.dataSource.${k}`),
);

/** Whether `error` says why a data source's host could not be reached. */
export const isUnreachable = (error: unknown): error is HttpError =>
  error instanceof HttpError && unreachable.has(error.key);

/**
 * Answers every "could not reach the data source" (testing a connection, saving a source,
 * running a query) with one message, so that a workspace admin cannot use Painel to scan the
 * network it runs in; instance administrators, who run that network, get the detail.
 */
export function maskUnreachable(deps: {
  isInstanceAdmin: (userId: string) => Promise<boolean>;
}): ErrorRequestHandler {
  return function maskUnreachable(error, req, _res, next) {
    if (!isUnreachable(error)) return next(error);
    const masked = () =>
      next(new HttpError(error.status, { key: 'errors.dataSource.unreachable', cause: error }));
    const userId = req.auth?.userId;
    if (!userId) return masked();
    deps.isInstanceAdmin(userId).then(
      (admin) => (admin ? next(error) : masked()),
      () => masked(),
    );
  };
}
