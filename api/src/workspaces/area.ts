import { type ApiKeys, createApiKeys } from '../api-keys/service.js';
import type { AuthCache } from '../auth/auth-cache.js';
import type { Db } from '../db/knex.js';
import type { Mailer } from '../email/mailer.js';
import type { Route } from '../http/route.js';
import { apiKeyRoutes } from '../routes/api-keys.js';
import { workspaceRoutes } from '../routes/workspaces.js';
import { createWorkspaceAccess, type WorkspaceAccess } from './access.js';
import type { AuditRecorder } from './audit-recorder.js';
import { createInvites, type Invites } from './invites.js';
import { createWorkspaces, type Workspaces } from './service.js';

/** Workspaces, members, invites and API keys: the services of the area, built together. */
export interface WorkspaceArea {
  access: WorkspaceAccess;
  workspaces: Workspaces;
  invites: Invites;
  apiKeys: ApiKeys;
}

export function createWorkspaceArea(deps: {
  db: Db;
  mailer: Mailer;
  audit: AuditRecorder;
  publicUrl: string;
  /** Refuses a user the instance's settings do not let create a workspace. */
  mayCreateWorkspace?: (userId: string) => Promise<void>;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Verified API keys and memberships, kept for a few seconds (auth/auth-cache.ts). */
  authCache?: AuthCache;
}): WorkspaceArea {
  const { db, audit } = deps;
  const clock = deps.now ? { now: deps.now } : {};
  return {
    access: createWorkspaceAccess({ db, ...(deps.authCache ? { authCache: deps.authCache } : {}) }),
    workspaces: createWorkspaces({
      db,
      audit,
      ...clock,
      ...(deps.mayCreateWorkspace ? { mayCreate: deps.mayCreateWorkspace } : {}),
      ...(deps.authCache ? { authCache: deps.authCache } : {}),
    }),
    invites: createInvites({ db, audit, mailer: deps.mailer, publicUrl: deps.publicUrl, ...clock }),
    apiKeys: createApiKeys({
      db,
      audit,
      ...clock,
      ...(deps.onError ? { onError: deps.onError } : {}),
      ...(deps.authCache ? { cache: deps.authCache } : {}),
    }),
  };
}

/** The area's routes, for the app's route table (and so for OpenAPI). */
export function workspaceAreaRoutes(area: WorkspaceArea): Route[] {
  return [...workspaceRoutes(area), ...apiKeyRoutes(area)] as Route[];
}
