import { type Role, roleAtLeast, roles } from '../auth/context.js';

/**
 * Who may do what, as data: the one place a role, a dashboard grant or an API key's role is
 * compared with an action. Routes name their action (`action: 'dashboards.edit'`, resolved for
 * them by routes/workspace-route.ts), server-rendered pages and the site's middleware read the
 * `can` flags built from it, and the API-key and sharing rules read it too. `expected-access.md`
 * is what it answers over HTTP.
 */

/** What an action is done to: the resource column of the expected table. */
export type Resource =
  | 'workspace'
  | 'member'
  | 'invite'
  | 'audit log'
  | 'API key'
  | 'data source'
  | 'query'
  | 'saved query'
  | 'dashboard'
  | 'folder'
  | 'public link'
  | 'embedding'
  | 'job run'
  | 'subscription'
  | 'alert';

/** What a member needs on one dashboard besides their role; see `dashboardRules`. */
export type DashboardNeed = 'view' | 'edit' | 'manage';

export interface Rule {
  resource: Resource;
  /** The lowest workspace role that passes the gate (an API key: the lower of its and its member's). */
  role: Role;
  /**
   * Whether an API key may do it at all. Not for what a leaked key could use to entrench itself
   * or do lasting harm: minting or revoking keys, deleting, leaving, handing over ownership.
   */
  apiKey: boolean;
  /** For one dashboard: the rule of `dashboardRules` the caller must meet as well. */
  dashboard?: DashboardNeed;
}

const rule = (
  resource: Resource,
  role: Role,
  apiKey: 'key' | 'session only',
  dashboard?: DashboardNeed,
): Rule => ({ resource, role, apiKey: apiKey === 'key', ...(dashboard ? { dashboard } : {}) });

export const actions = {
  'workspace.read': rule('workspace', 'viewer', 'key'),
  'workspace.rename': rule('workspace', 'admin', 'key'),
  'workspace.delete': rule('workspace', 'owner', 'session only'),
  'workspace.transfer': rule('workspace', 'owner', 'session only'),
  // The owner passes the gate too, and hears 409: they transfer ownership or delete instead.
  'workspace.leave': rule('workspace', 'viewer', 'session only'),
  'members.read': rule('member', 'viewer', 'key'),
  /** Change roles, remove members. */
  'members.manage': rule('member', 'admin', 'key'),
  /** List, send and revoke invites. */
  'invites.manage': rule('invite', 'admin', 'key'),
  'audit.read': rule('audit log', 'admin', 'key'),
  /** A member's own keys; `apiKeys.manageOthers` widens list and revoke to everyone's. */
  'apiKeys.read': rule('API key', 'viewer', 'session only'),
  'apiKeys.create': rule('API key', 'viewer', 'session only'),
  'apiKeys.revoke': rule('API key', 'viewer', 'session only'),
  'apiKeys.manageOthers': rule('API key', 'admin', 'session only'),
  'dataSources.read': rule('data source', 'viewer', 'key'),
  /** Create, change, test, delete; upload files. */
  'dataSources.manage': rule('data source', 'admin', 'key'),
  'dataSources.schema': rule('data source', 'editor', 'key'),
  /** Ad-hoc SQL and the query builder. */
  'queries.run': rule('query', 'editor', 'key'),
  'queries.history': rule('query', 'editor', 'key'),
  'savedQueries.read': rule('saved query', 'viewer', 'key'),
  // Viewers use saved queries and their filters: only writing SQL is for editors.
  'savedQueries.run': rule('saved query', 'viewer', 'key'),
  /** Create, change, duplicate, delete. */
  'savedQueries.edit': rule('saved query', 'editor', 'key'),
  /** List, read, render, export, download cards, versions, favourites. */
  'dashboards.read': rule('dashboard', 'viewer', 'key', 'view'),
  /** Create, import, duplicate (seeing the original is enough), preview an unsaved one. */
  'dashboards.create': rule('dashboard', 'editor', 'key'),
  /** Save, move, delete, restore a version. */
  'dashboards.edit': rule('dashboard', 'editor', 'key', 'edit'),
  'folders.read': rule('folder', 'viewer', 'key'),
  'folders.edit': rule('folder', 'editor', 'key'),
  'sharing.read': rule('dashboard', 'viewer', 'key', 'view'),
  // The gate lets every member through so that a dashboard they may not see answers 404 (as if
  // missing) rather than 403; the dashboard rule decides.
  'sharing.manage': rule('dashboard', 'viewer', 'key', 'manage'),
  /** The workspace's links, only those of dashboards the caller may edit. */
  'publicLinks.read': rule('public link', 'editor', 'key'),
  /** One dashboard's links: list, create, revoke. */
  'publicLinks.manage': rule('public link', 'editor', 'key', 'edit'),
  /** Read the embed settings, set the allowed origins. */
  'embedding.manage': rule('embedding', 'admin', 'key'),
  'embedding.rotateSecret': rule('embedding', 'admin', 'session only'),
  /** The runs of jobs sent for the workspace (its data names it). */
  'jobs.read': rule('job run', 'admin', 'key'),
  'jobs.retry': rule('job run', 'admin', 'key'),
  /** Admins: every subscription; others those they made or receive (the service narrows). */
  'subscriptions.read': rule('subscription', 'viewer', 'key'),
  // Every member passes the gate: the dashboard's rule decides who subscribes, and only a
  // subscription's creator or an admin changes, sends or deletes it (subscriptions/service.ts).
  'subscriptions.manage': rule('subscription', 'viewer', 'key'),
  /** Whether subscriptions may go to outside addresses. */
  'subscriptions.settings': rule('subscription', 'admin', 'key'),
  'alerts.read': rule('alert', 'viewer', 'key'),
  // Create, change, test, delete: editors; only its creator or an admin changes one (alerts/service.ts).
  'alerts.manage': rule('alert', 'editor', 'key'),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof actions;

export function isAction(name: unknown): name is Action {
  return typeof name === 'string' && Object.hasOwn(actions, name);
}

/** The lowest workspace role that may take `action`. */
export function minimumRole(action: Action): Role {
  return actions[action].role;
}

/** How a caller acts: a browser session, or an API key (already capped by `keyRole`). */
export type Via = 'session' | 'apiKey';

/** Why `action` is refused to a caller of `role`, or null when it is allowed. */
export function refusal(action: Action, role: Role, via: Via): 'sessionRequired' | 'role' | null {
  const r: Rule = actions[action];
  if (via === 'apiKey' && !r.apiKey) return 'sessionRequired';
  return roleAtLeast(role, r.role) ? null : 'role';
}

/** Whether a member of `role` may take `action` (in a browser session unless `via` says). */
export function can(role: Role, action: Action, via: Via = 'session'): boolean {
  return refusal(action, role, via) === null;
}

/** What `action` needs on its dashboard (for the actions done to one dashboard). */
export function dashboardNeed(action: Action): DashboardNeed {
  const need = (actions[action] as Rule).dashboard;
  if (!need) throw new Error(`${action} is not done to one dashboard`);
  return need;
}

/**
 * Whether a member of `role` may leave the workspace: everyone but the owner, since a workspace
 * always has one (they transfer ownership or delete it first).
 */
export function mayLeave(role: Role): boolean {
  return role !== 'owner';
}

/** The role an API key acts with: its own, never above its member's current role. */
export function keyRole(key: Role, member: Role): Role {
  return roles.indexOf(key) <= roles.indexOf(member) ? key : member;
}

/**
 * The roles a member may hand out, to an invitee, a member or an API key: up to their own and
 * never owner (ownership moves only by `workspace.transfer`).
 */
export function grantableRoles(role: Role): Role[] {
  return roles.filter((r) => r !== 'owner' && roleAtLeast(role, r));
}

/** A dashboard grant: what a member named on a restricted dashboard may do with it. */
export type Permission = 'view' | 'edit';

/**
 * Who may view, edit and manage the sharing of one dashboard. Below `role`, never; at
 * `alwaysRole` or above, always. In between: the dashboard's creator, anyone while the
 * dashboard is unrestricted (when `openUnlessRestricted`), and a member holding one of `grants`.
 * A grant never lifts a member above their role: an `edit` grant to a viewer edits nothing.
 */
export interface DashboardRule {
  role: Role;
  alwaysRole: Role;
  creator: boolean;
  openUnlessRestricted: boolean;
  grants: readonly Permission[];
}

export const dashboardRules = {
  view: {
    role: 'viewer',
    alwaysRole: 'admin',
    creator: true,
    openUnlessRestricted: true,
    grants: ['view', 'edit'],
  },
  edit: {
    role: 'editor',
    alwaysRole: 'admin',
    creator: true,
    openUnlessRestricted: true,
    grants: ['edit'],
  },
  // Restrict, grant and revoke: never by a grant, and the creator only while they may edit.
  manage: {
    role: 'editor',
    alwaysRole: 'admin',
    creator: true,
    openUnlessRestricted: false,
    grants: [],
  },
} as const satisfies Record<DashboardNeed, DashboardRule>;

/** What the dashboard rules read: the reader, and the dashboard's flag, creator and their grant. */
export interface DashboardFacts {
  reader: { userId: string; role: Role };
  restricted: boolean;
  createdBy: string | null;
  grant: Permission | null;
}

export function canOnDashboard(need: DashboardNeed, f: DashboardFacts): boolean {
  const r: DashboardRule = dashboardRules[need];
  if (!roleAtLeast(f.reader.role, r.role)) return false;
  if (roleAtLeast(f.reader.role, r.alwaysRole)) return true;
  if (r.creator && f.createdBy !== null && f.createdBy === f.reader.userId) return true;
  if (r.openUnlessRestricted && !f.restricted) return true;
  return f.grant !== null && r.grants.includes(f.grant);
}

/** Whether a grant of `permission` may be given to a member of `role` at all. */
export function grantFits(permission: Permission, role: Role): boolean {
  return roleAtLeast(role, dashboardRules[permission].role);
}

/**
 * What sharing a dashboard can change for a member of `role`: nothing when their role always
 * sees every dashboard, else which grants they may be given.
 */
export function grantOptions(role: Role): { always: boolean; permissions: Permission[] } {
  const always = roleAtLeast(role, dashboardRules.view.alwaysRole);
  const permissions = (['view', 'edit'] as const).filter((p) => grantFits(p, role));
  return { always, permissions };
}
