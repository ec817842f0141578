import { HttpError } from '../errors.js';

/** The errors of the job runs API; each names its i18n key. */
export const jobErrors = {
  // Also for a run of another workspace than the one asked about: 404 does not reveal it.
  runNotFound: () => new HttpError(404, { key: 'errors.jobs.runNotFound' }),
  // The detail names the state in the reader's words (`errors.jobs.notFailed.state.<state>`).
  // A state of `jobStates` (control.ts, which imports this module).
  notFailed: (state: string) =>
    new HttpError(409, { key: 'errors.jobs.notFailed', params: { state } }),
  instanceAdminOnly: () => new HttpError(403, { key: 'errors.jobs.instanceAdminOnly' }),
};
