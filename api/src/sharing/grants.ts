import { grantFits } from '../access/policy.js';
import type { WorkspaceContext } from '../auth/context.js';
import type { AllowedDashboard, Permission } from '../dashboards/access.js';
import type { Grant, GrantStore } from '../dashboards/grant-store.js';
import type { Db } from '../db/knex.js';
import { type FieldError, HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { createWorkspaceStore } from '../workspaces/store.js';

/** Who a restricted dashboard is shared with, and whether the reader may change that. */
export interface DashboardSharing {
  restricted: boolean;
  grants: Grant[];
  canManage: boolean;
}

export interface Grants {
  get(dashboard: AllowedDashboard): Promise<DashboardSharing>;
  /**
   * Sets the restricted flag and replaces the grants (the caller checked the reader may manage
   * them). Every grantee must be a member, once; an `edit` grant to a viewer is a 422, since a
   * grant never exceeds the member's role.
   */
  replace(
    actor: Actor,
    ws: WorkspaceContext,
    dashboard: AllowedDashboard,
    input: { restricted: boolean; grants: { userId: string; permission: Permission }[] },
  ): Promise<DashboardSharing>;
}

export function createGrants(deps: {
  db: Db;
  store: GrantStore;
  audit: AuditRecorder;
  now?: () => number;
}): Grants {
  const { store, audit } = deps;
  const workspaces = createWorkspaceStore(deps);

  async function get(dashboard: AllowedDashboard): Promise<DashboardSharing> {
    const [restricted, grants] = await Promise.all([
      store.restricted(dashboard.id),
      store.grants(dashboard.id),
    ]);
    return {
      restricted,
      grants,
      canManage: dashboard.can.manage,
    };
  }

  return {
    get,
    async replace(actor, ws, dashboard, input) {
      const ids = input.grants.map((g) => g.userId);
      const members = await workspaces.rolesOf(ws.id, ids);
      const errors: FieldError[] = [];
      let aboveRole = false;
      input.grants.forEach((grant, i) => {
        const path = `grants.${i}`;
        const role = members.get(grant.userId);
        if (ids.indexOf(grant.userId) !== i)
          errors.push({ path: `${path}.userId`, key: 'validation.duplicate' });
        else if (!role) errors.push({ path: `${path}.userId`, key: 'validation.notMember' });
        else if (!grantFits(grant.permission, role)) {
          aboveRole = true;
          errors.push({
            path: `${path}.permission`,
            key: 'validation.grantAboveRole',
            params: { role },
          });
        }
      });
      if (errors.length)
        throw new HttpError(422, {
          key: aboveRole ? 'errors.sharing.grantAboveRole' : 'errors.validation',
          errors,
        });
      const at = new Date((deps.now ?? Date.now)());
      await store.replace(dashboard.id, input, { userId: actor.userId, at });
      await audit.record(
        auditEvent(actor, 'dashboard.sharing', ws.id, {
          dashboard: dashboard.slug,
          restricted: input.restricted,
          grants: input.grants,
        }),
      );
      return get(dashboard);
    },
  };
}
