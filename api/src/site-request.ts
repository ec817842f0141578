import type { Request, Response } from 'express';
import { roleAtLeast, roles } from './auth/context.js';
import { createPageSession, type SessionAuth } from './auth/page-session.js';
import { HttpError } from './errors.js';
import { listWorkspaceAudit } from './routes/audit.js';
import type { Services } from './services.js';
import type { SiteServices, SiteViewer, SiteWorkspace } from './site-services.js';
import { workspaceErrors } from './workspaces/errors.js';

/**
 * Builds `Astro.locals.painel` for one page request: the reader's session (refreshed on this
 * navigation when its access token expired) and reads scoped to them. Anonymous readers cost
 * one cookie lookup.
 */
export function createSiteRequest(services: Services) {
  const pageSession = createPageSession(services.auth);
  const { workspaces, invites, apiKeys, access } = services.workspaceArea;

  async function viewerFor(auth: SessionAuth): Promise<SiteViewer> {
    const [profile, mine] = await Promise.all([
      services.auth.accounts.profile(auth.userId),
      workspaces.listFor(auth.userId),
    ]);
    return {
      profile,
      sessionId: auth.sessionId,
      workspaces: mine,
      sessions: () => services.auth.sessions.list(auth.userId, auth.sessionId),
      async workspace(slug) {
        const ws = await access.resolveFor(auth, slug, 'viewer').catch((error: unknown) => {
          if (error instanceof HttpError && error.status === 404) return null;
          throw error;
        });
        if (!ws) return null;
        const admin = roleAtLeast(ws.role, 'admin');
        const page: SiteWorkspace = {
          summary: await workspaces.get(ws),
          can: {
            manageMembers: admin,
            readAudit: admin,
            rename: admin,
            own: ws.role === 'owner',
            leave: ws.role !== 'owner',
            grantableRoles: roles.filter((r) => r !== 'owner' && roleAtLeast(ws.role, r)),
          },
          members: () => workspaces.members(ws),
          invites: async () => (admin ? invites.listPending(ws) : []),
          apiKeys: () => apiKeys.list(ws, auth.userId),
          dataSources: () => services.dataSources.list(ws.id),
          savedQueries: (search) => services.savedQueries.list(ws, search),
          audit: async (query) => {
            if (!admin) throw workspaceErrors.forbidden('admin', ws.role);
            return listWorkspaceAudit(services.auth.audit, ws.id, query);
          },
        };
        return page;
      },
    };
  }

  return async function siteRequest(req: Request, res: Response): Promise<SiteServices> {
    const auth = await pageSession(req, res);
    return {
      requestId: req.id,
      dashboards: services.dashboards,
      viewer: auth ? await viewerFor(auth) : null,
    };
  };
}
