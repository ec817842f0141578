import { z } from 'zod';
import { dashboardNeed } from '../access/policy.js';
import { type DashboardAccess, permissions } from '../dashboards/access.js';
import { defineRoute } from '../http/route.js';
import type { Grants } from '../sharing/grants.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';

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

const denied = {
  401: { description: 'Not logged in and no API key' },
  404: { description: 'No such workspace or dashboard, or not one you may see' },
};

/**
 * Who sees a dashboard: restricted or not, and the members granted view or edit. Changes are
 * for the workspace's admins and owner and the dashboard's creator.
 */
export function sharingRoutes(deps: {
  access: WorkspaceAccess;
  dashboardAccess: DashboardAccess;
  grants: Grants;
}) {
  const { access, dashboardAccess, grants } = deps;
  const path = '/api/workspaces/:workspace/dashboards/:slug/sharing';
  return [
    defineRoute({
      method: 'get',
      path,
      operationId: 'getDashboardSharing',
      summary: 'Read who a dashboard is shared with',
      description: 'Any member who may see the dashboard.',
      tag: 'Sharing',
      action: 'sharing.read',
      requires: requireAuth,
      responses: { 200: { description: 'Sharing', schema: sharing }, ...denied },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'sharing.read');
        const slug = String(req.params.slug);
        const dashboard = await dashboardAccess.require(
          ws,
          requireAuth(req).userId,
          slug,
          dashboardNeed('sharing.read'),
        );
        res.json(await grants.get(dashboard));
      },
    }),
    defineRoute({
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
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'sharing.manage');
        const slug = String(req.params.slug);
        const dashboard = await dashboardAccess.require(
          ws,
          requireAuth(req).userId,
          slug,
          dashboardNeed('sharing.manage'),
        );
        res.json(await grants.replace(actorOf(req), ws, dashboard, req.body));
      },
    }),
  ];
}
