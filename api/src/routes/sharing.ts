import { z } from 'zod';
import { type DashboardAccess, permissions } from '../dashboards/access.js';
import { refusals } from '../http/refusals.js';
import type { Grants } from '../sharing/grants.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { hiddenDashboard } from './dashboard-schemas.js';
import { dashboardRoute } from './workspace-route.js';

const sharing = z.object({
  restricted: z.boolean().describe('Seen only by admins, the creator and the members granted'),
  grants: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      permission: z.enum(permissions),
    }),
  ),
  canManage: z.boolean().describe('Whether you may change this'),
});

const denied = refusals({ missing: hiddenDashboard });

/**
 * Who sees a dashboard: restricted or not, and the members granted view or edit. Changes are
 * for the workspace's admins and owner and the dashboard's creator.
 */
export function sharingRoutes(deps: {
  access: WorkspaceAccess;
  dashboardAccess: DashboardAccess;
  grants: Grants;
}) {
  const { grants } = deps;
  const onDashboard = dashboardRoute(deps.access, deps.dashboardAccess);
  const path = '/api/workspaces/:workspace/dashboards/:slug/sharing';
  return [
    onDashboard({
      method: 'get',
      path,
      operationId: 'getDashboardSharing',
      summary: 'Read who a dashboard is shared with',
      description: 'Any member who may see the dashboard.',
      tag: 'Sharing',
      action: 'sharing.read',
      requires: requireAuth,
      responses: { 200: { description: 'Sharing', schema: sharing }, ...denied },
      handler: async (_req, res, _ws, dashboard) => {
        res.json(await grants.get(dashboard));
      },
    }),
    onDashboard({
      method: 'put',
      path,
      operationId: 'setDashboardSharing',
      summary: 'Restrict a dashboard and replace its grants',
      description:
        'Admins, the owner and the dashboard’s creator. The grants sent replace the ones there; they count while the dashboard is restricted (unrestricted, every member sees it). An `edit` grant needs a member with the editor role or above.',
      tag: 'Sharing',
      action: 'sharing.manage',
      requires: requireAuth,
      body: z
        .object({
          restricted: z.boolean(),
          grants: z
            .array(
              z
                .object({ userId: z.string().min(1).max(36), permission: z.enum(permissions) })
                .strict(),
            )
            .max(500),
        })
        .strict(),
      responses: {
        200: { description: 'The sharing now', schema: sharing },
        400: { description: 'Invalid body' },
        403: { description: 'You may not change who sees this dashboard' },
        422: {
          description: 'A grantee is not a member, is listed twice, or is a viewer given edit',
        },
        ...denied,
      },
      handler: async (req, res, ws, dashboard) => {
        res.json(await grants.replace(actorOf(req), ws, dashboard, req.body));
      },
    }),
  ];
}
