import { z } from 'zod';
import { created, noContent } from '../http/answers.js';
import { requireAuth } from '../workspaces/access.js';
import { denied } from './dashboard-schemas.js';
import type { DashboardAreaDeps } from './dashboards.js';
import { workspaceRoute } from './workspace-route.js';

const folderBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
const nameTaken = { description: 'A folder has that name' };

/** Dashboard folders: every member lists them; editors and above make, rename and delete. */
export function dashboardFolderRoutes(deps: DashboardAreaDeps) {
  const { dashboards } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/dashboard-folders';
  return [
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listDashboardFolders',
      summary: 'List the dashboard folders',
      description: 'Any member. By name, with how many dashboards each holds.',
      tag: 'Dashboards',
      action: 'folders.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Folders',
          schema: z.object({
            folders: z.array(
              z.object({ id: z.string(), name: z.string(), dashboards: z.number().int() }),
            ),
          }),
        },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json({ folders: await dashboards.foldersFor(requireAuth(req), ws) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createDashboardFolder',
      summary: 'Create a dashboard folder',
      tag: 'Dashboards',
      action: 'folders.edit',
      requires: requireAuth,
      body: folderBody,
      responses: {
        201: { description: 'Created' },
        409: nameTaken,
        ...denied,
      },
      handler: created((req, ws) => dashboards.createFolder(ws, req.body.name)),
    }),
    inWorkspace({
      method: 'patch',
      path: `${base}/:id`,
      operationId: 'renameDashboardFolder',
      summary: 'Rename a dashboard folder',
      tag: 'Dashboards',
      action: 'folders.edit',
      requires: requireAuth,
      body: folderBody,
      responses: {
        204: { description: 'Renamed' },
        409: nameTaken,
        ...denied,
      },
      handler: noContent((req, ws) =>
        dashboards.renameFolder(ws, String(req.params.id), req.body.name),
      ),
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/:id`,
      operationId: 'deleteDashboardFolder',
      summary: 'Delete a dashboard folder',
      description: 'Editors and above. Its dashboards stay, outside any folder.',
      tag: 'Dashboards',
      action: 'folders.edit',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: noContent((req, ws) => dashboards.removeFolder(ws, String(req.params.id))),
    }),
  ];
}
