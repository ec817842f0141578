import type { Request, RequestHandler } from 'express';
import { type Action, isAction, keyRole, minimumRole, refusal } from '../access/policy.js';
import { type AuthCache, uncachedAuth } from '../auth/auth-cache.js';
import type { AuthContext, WorkspaceContext } from '../auth/context.js';
import type { Db } from '../db/knex.js';
import type { Actor } from './audit-recorder.js';
import { workspaceErrors } from './errors.js';
import { slugPattern } from './slug.js';
import { createWorkspaceStore } from './store.js';

export interface WorkspaceAccess {
  /**
   * Middleware for routes under `/…/:workspace/…`: resolves the slug and the caller's role in it,
   * sets `req.workspace`, and refuses `action` (access/policy.ts) with 401 (no caller), 403 (an
   * API key where a session is needed), 404 (not the caller's workspace) or 403 (role too low).
   */
  requireWorkspace(action: Action): RequestHandler;
  /** The same check, awaited inside a handler; returns what it sets on `req.workspace`. */
  resolve(req: Request, action: Action): Promise<WorkspaceContext>;
  /** The same check for a caller known otherwise (a server-rendered page's session). */
  resolveFor(auth: AuthContext, slug: unknown, action: Action): Promise<WorkspaceContext>;
}

/** The caller, or 401. */
export function requireAuth(req: Request): AuthContext {
  if (!req.auth) throw workspaceErrors.authRequired();
  return req.auth;
}

/** Actions a leaked API key must not be able to take (minting keys, deleting, leaving…). */
export function requireSession(req: Request): AuthContext & { kind: 'session' } {
  const auth = requireAuth(req);
  if (auth.kind !== 'session') throw workspaceErrors.sessionRequired();
  return auth;
}

export function actorOf(req: Request): Actor {
  const auth = requireAuth(req);
  const userAgent = req.get('user-agent');
  return {
    userId: auth.userId,
    ...(req.ip ? { ip: req.ip } : {}),
    ...(userAgent ? { userAgent: userAgent.slice(0, 500) } : {}),
  };
}

export function createWorkspaceAccess(deps: { db: Db; authCache?: AuthCache }): WorkspaceAccess {
  const store = createWorkspaceStore(deps);
  const cache = deps.authCache ?? uncachedAuth;
  async function resolveFor(
    auth: AuthContext,
    slug: unknown,
    action: Action,
  ): Promise<WorkspaceContext> {
    // Before the workspace is looked up, as the routes' `requires` does: a key hears "use a
    // session" whichever workspace it names.
    if (refusal(action, 'owner', auth.kind) === 'sessionRequired')
      throw workspaceErrors.sessionRequired();
    if (typeof slug !== 'string' || !slugPattern.test(slug)) throw workspaceErrors.notFound();
    // Kept as verified sessions are: every change through the API empties the cache in every
    // replica before it answers, so a removed member or a lowered role applies at once.
    const row = await cache.remember(`membership:${slug}:${auth.userId}`, () =>
      store.membership(slug, auth.userId).then((found) => found ?? null),
    );
    if (!row) throw workspaceErrors.notFound();
    let role = row.role;
    if (auth.kind === 'apiKey') {
      // A key acts in its own workspace only, and never above its member's current role.
      if (auth.workspaceId !== row.id) throw workspaceErrors.notFound();
      role = keyRole(auth.role, row.role);
    }
    if (refusal(action, role, auth.kind))
      throw workspaceErrors.forbidden(minimumRole(action), role);
    return { id: row.id, slug: row.slug, role };
  }

  async function resolve(req: Request, action: Action): Promise<WorkspaceContext> {
    // A handler asking for another action than its route declares would make the declaration,
    // which the access tests and the API description read, say something the code does not do.
    if (req.action && req.action !== action)
      throw new Error(`${req.method} ${req.path} declares ${req.action} but asks for ${action}`);
    const workspace = await resolveFor(requireAuth(req), req.params.workspace, action);
    req.workspace = workspace;
    return workspace;
  }

  return {
    resolve,
    resolveFor,
    requireWorkspace(action) {
      if (!isAction(action)) throw new Error(`requireWorkspace: unknown action ${action}`);
      return function requireWorkspace(req, _res, next) {
        resolve(req, action).then(() => next(), next);
      };
    },
  };
}
