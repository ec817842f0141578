import { canOnDashboard, type Permission } from '../access/policy.js';
import type { Role, WorkspaceContext } from '../auth/context.js';
import { HttpError } from '../errors.js';

/**
 * Who may see and change a workspace dashboard. Unrestricted (the default), every member reads
 * it and editors and above change it. Restricted, the workspace's owners and admins and the
 * dashboard's creator keep access; anyone else needs a grant, and an `edit` grant counts only
 * for an editor or above: a grant never exceeds the member's role. The rules are data in the
 * access policy (`dashboardRules`); this module applies them to one dashboard.
 */

export type { Permission };
export const permissions = ['view', 'edit'] as const satisfies readonly Permission[];

/** A member asking, with their role in the dashboard's workspace. */
export interface Reader {
  userId: string;
  role: Role;
}

/** What the rules read of a dashboard: its flag, its creator, and the reader's grant on it. */
export interface SharingState {
  restricted: boolean;
  createdBy: string | null;
  grant: Permission | null;
}

/** The state of one dashboard as its store reads it (grant-store.ts). */
export interface SharingRow extends SharingState {
  id: string;
  slug: string;
}

export function canView(reader: Reader, d: SharingState): boolean {
  return canOnDashboard('view', { reader, ...d });
}

export function canEdit(reader: Reader, d: SharingState): boolean {
  return canOnDashboard('edit', { reader, ...d });
}

/** Restrict, grant and revoke: admins and owners, and the creator while they may still edit. */
export function canManage(reader: Reader, d: SharingState): boolean {
  return canOnDashboard('manage', { reader, ...d });
}

export const notFound = (slug: string) =>
  new HttpError(404, { key: 'errors.dashboardNotFound', params: { slug } });

/** A dashboard the reader may at least see, with what else they may do. */
export interface AllowedDashboard {
  id: string;
  slug: string;
  workspaceId: string;
  restricted: boolean;
  createdBy: string | null;
  can: { view: true; edit: boolean; manage: boolean };
}

export interface DashboardAccess {
  /**
   * The dashboard when the member may `need` it. One they may not see is a 404 exactly like a
   * missing one, so a restricted dashboard stays unrevealed; one they see but may not change
   * (or share, for `manage`) is a 403.
   */
  require(
    ws: WorkspaceContext,
    userId: string,
    slug: string,
    need: Permission | 'manage',
  ): Promise<AllowedDashboard>;
  /** The same as require, but null where require would answer 404. */
  find(ws: WorkspaceContext, userId: string, slug: string): Promise<AllowedDashboard | null>;
}

export const accessErrors = {
  editNotGranted: (slug: string) =>
    new HttpError(403, { key: 'errors.dashboard.editNotGranted', params: { slug } }),
  manageForbidden: (slug: string) =>
    new HttpError(403, { key: 'errors.dashboard.sharingForbidden', params: { slug } }),
};

export function createDashboardAccess(deps: {
  grants: {
    sharingState(
      workspaceId: string,
      slug: string,
      userId: string,
    ): Promise<SharingRow | undefined>;
  };
}): DashboardAccess {
  async function find(
    ws: WorkspaceContext,
    userId: string,
    slug: string,
  ): Promise<AllowedDashboard | null> {
    const state = await deps.grants.sharingState(ws.id, slug, userId);
    if (!state) return null;
    const reader = { userId, role: ws.role };
    if (!canView(reader, state)) return null;
    return {
      id: state.id,
      slug: state.slug,
      workspaceId: ws.id,
      restricted: state.restricted,
      createdBy: state.createdBy,
      can: { view: true, edit: canEdit(reader, state), manage: canManage(reader, state) },
    };
  }

  return {
    find,
    async require(ws, userId, slug, need) {
      const found = await find(ws, userId, slug);
      if (!found) throw notFound(slug);
      if (need === 'edit' && !found.can.edit) throw accessErrors.editNotGranted(slug);
      if (need === 'manage' && !found.can.manage) throw accessErrors.manageForbidden(slug);
      return found;
    },
  };
}
