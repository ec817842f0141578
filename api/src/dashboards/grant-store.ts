import type { Knex } from 'knex';
import { dashboardRules } from '../access/policy.js';
import { roleAtLeast } from '../auth/context.js';
import { joinUsers } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';
import type { Permission, Reader, SharingRow } from './access.js';

/**
 * Where the sharing of dashboards is kept: each dashboard's restricted flag and its grants to
 * named members. The rules themselves are in access.ts; here they are only read and written.
 */

export interface Grant {
  userId: string;
  name: string;
  email: string;
  permission: Permission;
}

/**
 * Narrows a query over `dashboards as <alias>` to the rows `reader` may see (`need: 'view'`)
 * or change (`'edit'`): the same rules as canView and canEdit (access.ts), in SQL, for lists.
 */
export function whereAllowed(
  q: Knex.QueryBuilder,
  alias: string,
  reader: Reader,
  need: Permission = 'view',
): void {
  // canOnDashboard (access/policy.ts) in SQL: the same rule, read from the same data.
  const rule = dashboardRules[need];
  if (!roleAtLeast(reader.role, rule.role)) {
    q.whereRaw('1 = 0');
    return;
  }
  if (roleAtLeast(reader.role, rule.alwaysRole)) return;
  q.where((w) => {
    if (rule.openUnlessRestricted) w.orWhere(`${alias}.restricted`, false);
    if (rule.creator) w.orWhere(`${alias}.created_by`, reader.userId);
    w.orWhereExists((g) => {
      g.select('g.user_id')
        .from('dashboard_grants as g')
        .whereRaw('?? = ??', ['g.dashboard_id', `${alias}.id`])
        .where('g.user_id', reader.userId)
        .whereIn('g.permission', rule.grants);
    });
  });
}

export function createGrantStore(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** What the rules read of one dashboard for `userId`; undefined when there is none. */
    async sharingState(
      workspaceId: string,
      slug: string,
      userId: string,
    ): Promise<SharingRow | undefined> {
      const row:
        | {
            id: string;
            slug: string;
            restricted: boolean | number;
            created_by: string | null;
            permission: Permission | null;
          }
        | undefined = await db('dashboards as d')
        .leftJoin('dashboard_grants as g', (j) =>
          j.on('g.dashboard_id', 'd.id').andOnVal('g.user_id', userId),
        )
        .where({ 'd.workspace_id': workspaceId, 'd.slug': slug })
        .first('d.id', 'd.slug', 'd.restricted', 'd.created_by', 'g.permission');
      return (
        row && {
          id: row.id,
          slug: row.slug,
          restricted: Boolean(row.restricted),
          createdBy: row.created_by,
          grant: row.permission,
        }
      );
    },

    /**
     * The ids of the workspace's dashboards `reader` may `need`, as a subquery: for a
     * `whereIn` over a table that refers to dashboards (public links).
     */
    allowedIds(workspaceId: string, reader: Reader, need: Permission): Knex.QueryBuilder {
      const q = db('dashboards as d').where('d.workspace_id', workspaceId).select('d.id');
      whereAllowed(q, 'd', reader, need);
      return q;
    },

    async restricted(dashboardId: string): Promise<boolean> {
      const row = await db('dashboards').where({ id: dashboardId }).first('restricted');
      return Boolean(row?.restricted);
    },

    /** The members a dashboard is granted to, by name. */
    grants(dashboardId: string): Promise<Grant[]> {
      return joinUsers(db('dashboard_grants as g'), 'g.user_id')
        .where('g.dashboard_id', dashboardId)
        .orderBy('u.name')
        .select('g.user_id as userId', 'u.name', 'u.email', 'g.permission') as Promise<Grant[]>;
    },

    /** Sets the restricted flag and replaces the grants, at once. */
    async replace(
      dashboardId: string,
      input: { restricted: boolean; grants: { userId: string; permission: Permission }[] },
      by: { userId: string; at: Date },
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('dashboards').where({ id: dashboardId }).update({ restricted: input.restricted });
        await trx('dashboard_grants').where({ dashboard_id: dashboardId }).delete();
        if (input.grants.length)
          await trx('dashboard_grants').insert(
            input.grants.map((g) => ({
              dashboard_id: dashboardId,
              user_id: g.userId,
              permission: g.permission,
              created_by: by.userId,
              created_at: by.at,
            })),
          );
      });
    },
  };
}

export type GrantStore = ReturnType<typeof createGrantStore>;
