import { z } from 'zod';
import type { DashboardUseCases } from '../dashboards/use-cases.js';
import { defineRoute } from '../http/route.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { denied } from './dashboard-schemas.js';

const folderBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();

/** Dashboard folders: every member lists them; editors and above make, rename and delete. */
export function dashboardFolderRoutes(deps: {
  dashboards: DashboardUseCases;
  access: WorkspaceAccess;
}) {
  const { dashboards, access } = deps;
  const base = '/api/workspaces/:workspace/dashboard-folders';
  return [
    defineRoute({
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
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'folders.read');
        res.json({ folders: await dashboards.foldersFor(requireAuth(req), ws) });
      },
    }),
    defineRoute({
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
        409: { description: 'A folder has that name' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'folders.edit');
        res.status(201).json(await dashboards.createFolder(ws, req.body.name));
      },
    }),
    defineRoute({
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
        409: { description: 'A folder has that name' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'folders.edit');
        await dashboards.renameFolder(ws, String(req.params.id), req.body.name);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:id`,
      operationId: 'deleteDashboardFolder',
      summary: 'Delete a dashboard folder',
      description: 'Editors and above. Its dashboards stay, outside any folder.',
      tag: 'Dashboards',
      action: 'folders.edit',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'folders.edit');
        await dashboards.removeFolder(ws, String(req.params.id));
        res.status(204).end();
      },
    }),
  ];
}
