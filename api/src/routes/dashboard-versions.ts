import { z } from 'zod';
import { localizedText } from '../charts/spec.js';
import { requireAuth } from '../workspaces/access.js';
import { denied, stored } from './dashboard-schemas.js';
import { type DashboardAreaDeps, slugOf } from './dashboards.js';
import { workspaceRoute } from './workspace-route.js';

/** A dashboard's saved versions: every member lists them; editors restore one. */
export function dashboardVersionRoutes(deps: DashboardAreaDeps) {
  const { dashboards } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/dashboards';
  return [
    inWorkspace({
      method: 'get',
      path: `${base}/:slug/versions`,
      operationId: 'listDashboardVersions',
      summary: 'List the saved versions of a dashboard',
      description: 'Any member. Newest first, with who saved each.',
      tag: 'Dashboards',
      action: 'dashboards.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Versions',
          schema: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                createdAt: z.string(),
                createdBy: z.string().nullable(),
                cards: z.number().int(),
                title: localizedText,
              }),
            ),
          }),
        },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json({ versions: await dashboards.versionsFor(requireAuth(req), ws, slugOf(req)) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/:slug/versions/:version/restore`,
      operationId: 'restoreDashboardVersion',
      summary: 'Restore a saved version',
      description: 'Editors and above. The old version becomes the newest one; nothing is deleted.',
      tag: 'Dashboards',
      action: 'dashboards.edit',
      requires: requireAuth,
      responses: { 200: { description: 'Restored', schema: stored }, ...denied },
      handler: async (req, res, ws) => {
        const version = String(req.params.version);
        res.json(await dashboards.restore(requireAuth(req), ws, slugOf(req), version));
      },
    }),
  ];
}
