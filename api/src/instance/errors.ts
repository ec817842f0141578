import { HttpError } from '../errors.js';

/** The errors of sign-up rules and the instance's settings; each names its i18n key. */
export const instanceErrors = {
  instanceAdminOnly: () => new HttpError(403, { key: 'errors.instance.adminOnly' }),
  // Names no rule's details: the refused caller learns only that sign-up is not open to them.
  signupByInvitation: () => new HttpError(403, { key: 'errors.signup.inviteOnly' }),
  signupDomainRefused: () => new HttpError(403, { key: 'errors.signup.domainRefused' }),
  signupFromEnvironment: () =>
    new HttpError(409, {
      key: 'errors.instance.signupFromEnvironment',
      errors: [{ path: 'signup', key: 'validation.invalid' }],
    }),
  workspaceCreationAdminsOnly: () =>
    new HttpError(403, { key: 'errors.instance.workspaceCreationAdminsOnly' }),
};
