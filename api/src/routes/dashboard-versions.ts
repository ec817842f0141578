import type { Request } from 'express';
import { z } from 'zod';
import { localizedText } from '../charts/spec.js';
import type { DashboardUseCases } from '../dashboards/use-cases.js';
import { defineRoute } from '../http/route.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { denied, stored } from './dashboard-schemas.js';

/** A dashboard's saved versions: every member lists them; editors restore one. */
export function dashboardVersionRoutes(deps: {
  dashboards: DashboardUseCases;
  access: WorkspaceAccess;
}) {
  const { dashboards, access } = deps;
  const base = '/api/workspaces/:workspace/dashboards';
  const slugOf = (req: Request) => String(req.params.slug);
  return [
    defineRoute({
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
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'dashboards.read');
        res.json({ versions: await dashboards.versionsFor(requireAuth(req), ws, slugOf(req)) });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:slug/versions/:version/restore`,
      operationId: 'restoreDashboardVersion',
      summary: 'Restore a saved version',
      description: 'Editors and above. The old version becomes the newest one; nothing is deleted.',
      tag: 'Dashboards',
      action: 'dashboards.edit',
      requires: requireAuth,
      responses: { 200: { description: 'Restored', schema: stored }, ...denied },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'dashboards.edit');
        const version = String(req.params.version);
        res.json(await dashboards.restore(requireAuth(req), ws, slugOf(req), version));
      },
    }),
  ];
}
