import { z } from 'zod';
import { csrfHeader, readCookie, refreshCookie } from '../auth/cookies.js';
import { sessionOf } from '../auth/middleware.js';
import { maxPasswordLength, minPasswordLength } from '../auth/password.js';
import { requestMeta } from '../auth/request-meta.js';
import type { Auth } from '../auth/service.js';
import { HttpError } from '../errors.js';
import { accepted, acceptedBody, noContent } from '../http/answers.js';
import { notLoggedIn } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';
import { isTimeZone } from '../http/time-zone.js';

const email = z.email().max(320);
const password = z.string().min(minPasswordLength).max(maxPasswordLength);
const locale = z.enum(['en', 'pt-BR']);
const timeZone = z.string().max(64).refine(isTimeZone, 'unknown time zone');
const token = z.string().min(1).max(200);

const profile = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale,
  timeZone: z.string(),
  theme: z.enum(['light', 'dark', 'system']),
  emailVerified: z.boolean(),
});
const sessionStarted = z.object({
  csrfToken: z.string().describe('Echo it in X-CSRF-Token on POST, PUT, PATCH and DELETE'),
});
const problems = {
  400: { description: 'Invalid body (field errors listed)' },
  429: { description: 'Too many attempts; Retry-After says when to try again' },
};
/** How the routes that take an emailed link's token refuse it. */
const linkProblems = {
  400: { description: 'Invalid, used or expired link' },
  429: problems[429],
};

export function accountRoutes(deps: { auth: Auth }) {
  const { accounts, sessions, cookies } = deps.auth;
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/signup',
      operationId: 'signUp',
      summary: 'Create an account',
      description:
        'Always answers 202 with the same body, whether or not the address already has an account, so the endpoint cannot be used to find accounts. A new address gets a verification email (valid 24 h); a taken one gets a password-reset email instead.',
      tag: 'Accounts',
      body: z
        .object({
          email,
          name: z.string().trim().min(1).max(200),
          password,
          locale: locale.default('en'),
        })
        .strict(),
      responses: { 202: { description: 'Check your inbox', schema: acceptedBody }, ...problems },
      handler: accepted((req) => accounts.signUp(req.body, requestMeta(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/verify-email',
      operationId: 'verifyEmail',
      summary: 'Confirm an email address with the emailed token',
      tag: 'Accounts',
      body: z.object({ token }).strict(),
      responses: { 204: { description: 'Verified' }, ...linkProblems },
      handler: noContent((req) => accounts.verifyEmail(req.body.token, requestMeta(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/verify-email/resend',
      operationId: 'resendVerification',
      summary: 'Send the verification email again',
      tag: 'Accounts',
      responses: {
        202: { description: 'Sent unless already verified', schema: acceptedBody },
        401: notLoggedIn,
      },
      handler: accepted((req) => accounts.resendVerification(sessionOf(req).userId)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      operationId: 'logIn',
      summary: 'Log in with email and password',
      description:
        'Sets httpOnly cookies: a short-lived access JWT, a rotating refresh token (also read by server-rendered pages, which refresh on navigation) and the CSRF token. Unknown address and wrong password answer alike.',
      tag: 'Sessions',
      body: z.object({ email, password: z.string().min(1).max(maxPasswordLength) }).strict(),
      responses: {
        200: { description: 'Logged in', schema: sessionStarted.extend({ user: profile }) },
        401: { description: 'Wrong email or password' },
        ...problems,
      },
      handler: async (req, res) => {
        const issued = await accounts.logIn(req.body, requestMeta(req));
        cookies.set(res, issued);
        res.json({ csrfToken: issued.csrfToken, user: await accounts.profile(issued.userId) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/refresh',
      operationId: 'refreshSession',
      summary: 'Rotate the refresh token and get a new access token',
      description:
        'Reads the refresh cookie and requires X-CSRF-Token. Presenting an already used refresh token again revokes the whole session, unless it was rotated less than 30 seconds ago (two tabs refreshing at once).',
      tag: 'Sessions',
      responses: {
        200: { description: 'New cookies set', schema: sessionStarted },
        401: { description: 'Log in again' },
        403: { description: 'Missing CSRF token' },
      },
      handler: async (req, res) => {
        const presented = readCookie(req, refreshCookie);
        if (!presented) throw new HttpError(401, { key: 'errors.auth.sessionEnded' });
        const result = await sessions.refresh(
          presented,
          { csrf: req.get(csrfHeader) },
          requestMeta(req),
        );
        if (!result.ok) {
          if (result.reason === 'csrf') throw new HttpError(403, { key: 'errors.auth.csrf' });
          cookies.clear(res);
          throw new HttpError(401, { key: 'errors.auth.sessionEnded' });
        }
        cookies.set(res, result.issued);
        res.json({ csrfToken: result.issued.csrfToken });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'logOut',
      summary: 'Log out: revoke this session',
      tag: 'Sessions',
      responses: { 204: { description: 'Logged out' }, 401: notLoggedIn },
      handler: async (req, res) => {
        const auth = sessionOf(req);
        await accounts.logOut(auth.userId, auth.sessionId, requestMeta(req));
        cookies.clear(res);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password/forgot',
      operationId: 'requestPasswordReset',
      summary: 'Email a password-reset link (valid 30 minutes)',
      description: 'Always answers 202, whether or not the address has an account.',
      tag: 'Accounts',
      body: z.object({ email }).strict(),
      responses: { 202: { description: 'Check your inbox', schema: acceptedBody }, ...problems },
      handler: accepted((req) => accounts.requestReset(req.body.email, requestMeta(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password/reset',
      operationId: 'resetPassword',
      summary: 'Set a new password with the emailed token; ends every session',
      tag: 'Accounts',
      body: z.object({ token, password }).strict(),
      responses: { 204: { description: 'Password set; log in again' }, ...linkProblems },
      handler: noContent((req) => accounts.resetPassword(req.body, requestMeta(req))),
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      operationId: 'getProfile',
      summary: 'My profile',
      tag: 'Accounts',
      responses: { 200: { description: 'The profile', schema: profile }, 401: notLoggedIn },
      handler: async (req, res) => {
        res.json(await accounts.profile(sessionOf(req).userId));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/auth/me',
      operationId: 'updateProfile',
      summary: 'Change my name, language, time zone or theme',
      tag: 'Accounts',
      requires: sessionOf,
      body: z
        .object({
          name: z.string().trim().min(1).max(200).optional(),
          locale: locale.optional(),
          timeZone: timeZone.optional(),
          theme: z.enum(['light', 'dark', 'system']).optional(),
        })
        .strict(),
      responses: {
        200: { description: 'The updated profile', schema: profile },
        400: problems[400],
        401: notLoggedIn,
      },
      handler: async (req, res) => {
        res.json(await accounts.updateProfile(sessionOf(req).userId, req.body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/me/password',
      operationId: 'changePassword',
      summary: 'Change my password; my other sessions end',
      tag: 'Accounts',
      requires: sessionOf,
      body: z
        .object({
          currentPassword: z.string().min(1).max(maxPasswordLength),
          newPassword: password,
        })
        .strict(),
      responses: {
        204: { description: 'Changed' },
        400: problems[400],
        401: notLoggedIn,
        403: { description: 'The current password is wrong' },
      },
      handler: noContent((req) => {
        const auth = sessionOf(req);
        return accounts.changePassword(auth.userId, auth.sessionId, req.body, requestMeta(req));
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/me',
      operationId: 'deleteAccount',
      summary: 'Delete my account',
      description:
        'Requires the password. Refused with 409 while I am the only owner of a workspace that has other members: transfer or delete it first. My solo workspaces are deleted; my audit events stay under a pseudonym.',
      tag: 'Accounts',
      requires: sessionOf,
      body: z.object({ password: z.string().min(1).max(maxPasswordLength) }).strict(),
      responses: {
        204: { description: 'Deleted' },
        401: notLoggedIn,
        403: { description: 'Wrong password' },
        409: { description: 'Sole owner of a shared workspace' },
      },
      handler: async (req, res) => {
        const auth = sessionOf(req);
        await accounts.deleteAccount(auth.userId, req.body.password, requestMeta(req));
        cookies.clear(res);
        res.status(204).end();
      },
    }),
  ];
}
