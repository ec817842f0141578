import type { Role } from '../auth/context.js';
import { HttpError } from '../errors.js';

/** The errors of workspaces, members, invites and API keys; each names its i18n key. */
export const workspaceErrors = {
  authRequired: () =>
    new HttpError(401, {
      key: 'errors.workspace.authRequired',
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),
  // Also for workspaces that exist but are not the caller's: 404 does not reveal them.
  notFound: () => new HttpError(404, { key: 'errors.workspace.notFound' }),
  forbidden: (required: Role, role: Role) =>
    new HttpError(403, { key: 'errors.workspace.forbidden', params: { required, role } }),
  sessionRequired: () => new HttpError(403, { key: 'errors.workspace.sessionRequired' }),
  roleAboveYours: (role: Role, yours: Role) =>
    new HttpError(403, { key: 'errors.workspace.roleAboveYours', params: { role, yours } }),
  confirmMismatch: (slug: string) =>
    new HttpError(400, {
      key: 'errors.workspace.confirmMismatch',
      params: { slug },
      errors: [{ path: 'confirm', key: 'validation.invalid' }],
    }),
  memberNotFound: () => new HttpError(404, { key: 'errors.workspace.memberNotFound' }),
  ownerProtected: () => new HttpError(403, { key: 'errors.workspace.ownerProtected' }),
  soleOwner: () => new HttpError(409, { key: 'errors.workspace.soleOwner' }),
  transferToSelf: () => new HttpError(400, { key: 'errors.workspace.transferToSelf' }),
  alreadyMember: () => new HttpError(409, { key: 'errors.workspace.alreadyMember' }),
  inviteNotFound: () => new HttpError(404, { key: 'errors.workspace.inviteNotFound' }),
  inviteInvalid: () => new HttpError(410, { key: 'errors.workspace.inviteInvalid' }),
  inviteEmailMismatch: () => new HttpError(403, { key: 'errors.workspace.inviteEmailMismatch' }),
  inviteNotSent: (cause: unknown) =>
    new HttpError(503, { key: 'errors.workspace.inviteNotSent', cause }),
  apiKeyNotFound: () => new HttpError(404, { key: 'errors.apiKey.notFound' }),
};
