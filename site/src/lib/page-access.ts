import type { WorkspacePermissions } from '@painel/api/site';

type Flag = {
  [K in keyof WorkspacePermissions]: WorkspacePermissions[K] extends boolean ? K : never;
}[keyof WorkspacePermissions];

/**
 * What each workspace page (`/w/<slug>/<page>`) needs, as one of the `can` flags the API builds
 * from its access policy (api/src/access/policy.ts); `member` is any member. Every page under
 * pages/w/[workspace]/ is listed (page-access.test.ts), so a new page cannot skip the question.
 */
export const workspacePages: Record<string, Flag | 'member'> = {
  '': 'member',
  dashboards: 'member',
  'dashboards/[slug]': 'member',
  'dashboards/new': 'editDashboards',
  'dashboards/[slug]/edit': 'editDashboards',
  'card-preview': 'editDashboards',
  members: 'member',
  'api-keys': 'member',
  'data-sources': 'member',
  queries: 'member',
  settings: 'member',
  audit: 'readAudit',
  embedding: 'manageEmbedding',
  'public-links': 'readPublicLinks',
  sql: 'runQueries',
  builder: 'runQueries',
  jobs: 'readJobs',
  // Any member may subscribe to what they can read; the API decides who may change which one.
  subscriptions: 'member',
  'subscriptions/new': 'member',
  'subscriptions/[id]': 'member',
  // Every member reads alerts; editors create them, and the API decides who changes which one.
  alerts: 'member',
  'alerts/new': 'manageAlerts',
  'alerts/[id]': 'member',
};

/** The page of a path below `/w/<slug>/`, in the names of its page files. */
export function workspacePage(rest: string): string {
  const parts = rest.split('/').filter(Boolean);
  // `alerts/new` and `alerts/<id>`: a list's new page and its items, where the table has them.
  if (parts[0] !== 'dashboards' && parts.length === 2) {
    const page = parts[1] === 'new' ? `${parts[0]}/new` : `${parts[0]}/[id]`;
    if (page in workspacePages) return page;
  }
  if (parts[0] !== 'dashboards' || parts.length < 2) return parts[0] ?? '';
  if (parts.length === 2) return parts[1] === 'new' ? 'dashboards/new' : 'dashboards/[slug]';
  return parts[2] === 'edit' && parts.length === 3 ? 'dashboards/[slug]/edit' : rest;
}

/** Whether the reader may open the page; a page not in the table is left to answer 404 itself. */
export function mayOpen(can: WorkspacePermissions, rest: string): boolean {
  const need = workspacePages[workspacePage(rest)];
  return need === undefined || need === 'member' || can[need];
}
