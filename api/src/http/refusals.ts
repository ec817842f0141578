import type { ResponseDef } from './route.js';

/*
 * The problem responses routes describe in the API document, written once. A route under
 * `/api/workspaces/:workspace` is refused by `access.resolve` before its handler runs (401
 * without a caller, 403 when the policy says no, 404 for a workspace the caller is not in), so
 * its area says only what it forbids and what may be missing.
 */

/** 401 where a session or an API key will do. */
export const noCaller: ResponseDef = { description: 'Not logged in and no API key' };
/** 401 where only a browser session will do: the account's own routes. */
export const notLoggedIn: ResponseDef = { description: 'Not logged in' };
/** 401 as the workspace and API-key areas word it. */
export const notSignedIn: ResponseDef = { description: 'Not signed in' };

/** 401 and 403 of the instance administrators' routes (a browser session; an API key acts in one workspace). */
export const notInstanceAdmin = {
  401: notLoggedIn,
  403: { description: 'Not an administrator of this Painel, or an API key' },
} satisfies Record<number, ResponseDef>;

/** 404 in a workspace: no such workspace, or no such `thing` in it, or the caller is not a member. */
export function notAMember(thing?: string): ResponseDef {
  return { description: `No such workspace${thing ? ` or ${thing}` : ''}, or not a member` };
}

interface Refusal {
  /** The 404: a description, or `notAMember(…)`. */
  missing: string | ResponseDef;
  /** The 403, when the route has one. */
  forbidden?: string;
  /** The 401; default `noCaller`. */
  unauthenticated?: ResponseDef;
}
type Refusals = { 401: ResponseDef; 404: ResponseDef };

/** A route's 401, 403 and 404, to spread after its own responses. */
export function refusals(refusal: Refusal & { forbidden: string }): Refusals & { 403: ResponseDef };
export function refusals(refusal: Refusal & { forbidden?: undefined }): Refusals;
export function refusals(refusal: Refusal): Refusals & { 403?: ResponseDef } {
  const { missing, forbidden, unauthenticated = noCaller } = refusal;
  return {
    401: unauthenticated,
    ...(forbidden ? { 403: { description: forbidden } } : {}),
    404: typeof missing === 'string' ? { description: missing } : missing,
  };
}
