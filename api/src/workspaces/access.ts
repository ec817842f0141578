import type { Request, RequestHandler } from 'express';
import {
  type AuthContext,
  type Role,
  roleAtLeast,
  roles,
  type WorkspaceContext,
} from '../auth/context.js';
import type { Db } from '../db/knex.js';
import type { Actor } from './audit-recorder.js';
import { workspaceErrors } from './errors.js';
import { slugPattern } from './slug.js';

export interface WorkspaceAccess {
  /**
   * Middleware for routes under `/…/:workspace/…`: resolves the slug and the caller's role in it,
   * sets `req.workspace`, and refuses with 401 (no caller), 404 (not the caller's workspace) or
   * 403 (role below `minRole`).
   */
  requireWorkspace(minRole: Role): RequestHandler;
  /** The same check, awaited inside a handler; returns what it sets on `req.workspace`. */
  resolve(req: Request, minRole: Role): Promise<WorkspaceContext>;
  /** The same check for a caller known otherwise (a server-rendered page's session). */
  resolveFor(auth: AuthContext, slug: unknown, minRole: Role): Promise<WorkspaceContext>;
}

export function lowerRole(a: Role, b: Role): Role {
  return roles.indexOf(a) <= roles.indexOf(b) ? a : b;
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

export function createWorkspaceAccess(deps: { db: Db }): WorkspaceAccess {
  async function resolveFor(
    auth: AuthContext,
    slug: unknown,
    minRole: Role,
  ): Promise<WorkspaceContext> {
    if (typeof slug !== 'string' || !slugPattern.test(slug)) throw workspaceErrors.notFound();
    // Membership is read on every request, so a removed member or a lowered role applies at once.
    const row: { id: string; slug: string; role: Role } | undefined = await deps
      .db('workspaces as w')
      .join('workspace_members as m', 'm.workspace_id', 'w.id')
      .where({ 'w.slug': slug, 'm.user_id': auth.userId })
      .first('w.id', 'w.slug', 'm.role');
    if (!row) throw workspaceErrors.notFound();
    let role = row.role;
    if (auth.kind === 'apiKey') {
      // A key acts in its own workspace only, and never above its member's current role.
      if (auth.workspaceId !== row.id) throw workspaceErrors.notFound();
      role = lowerRole(auth.role, row.role);
    }
    if (!roleAtLeast(role, minRole)) throw workspaceErrors.forbidden(minRole, role);
    return { id: row.id, slug: row.slug, role };
  }

  async function resolve(req: Request, minRole: Role): Promise<WorkspaceContext> {
    const workspace = await resolveFor(requireAuth(req), req.params.workspace, minRole);
    req.workspace = workspace;
    return workspace;
  }

  return {
    resolve,
    resolveFor,
    requireWorkspace(minRole) {
      if (!roles.includes(minRole)) throw new Error(`requireWorkspace: unknown role ${minRole}`);
      return function requireWorkspace(req, _res, next) {
        resolve(req, minRole).then(() => next(), next);
      };
    },
  };
}
