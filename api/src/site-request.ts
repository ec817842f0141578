import type { Request, Response } from 'express';
import { can, grantableRoles, grantOptions, mayLeave, minimumRole } from './access/policy.js';
import type { Profile } from './auth/accounts.js';
import type { WorkspaceContext } from './auth/context.js';
import { presentsCredentials } from './auth/cookies.js';
import { createPageSession, type SessionAuth } from './auth/page-session.js';
import { previewRequest, type RenderedDashboard } from './dashboards/spec.js';
import { HttpError } from './errors.js';
import { readJsonBody } from './http/json-body.js';
import { problemBody } from './http/problem.js';
import { parseInput } from './http/route.js';
import { instanceErrors } from './instance/errors.js';
import { type JobControl, noJobs } from './jobs/control.js';
import { jobErrors } from './jobs/errors.js';
import { pageFreshForMs } from './pages/freshness.js';
import { listWorkspaceAudit } from './routes/audit.js';
import { listJobRuns } from './routes/job-runs.js';
import type { Services } from './services.js';
import type { SiteDashboards, SiteServices, SiteViewer, SiteWorkspace } from './site-services.js';
import { workspaceErrors } from './workspaces/errors.js';

/**
 * Builds `Astro.locals.painel` for one page request: the reader's session (refreshed on this
 * navigation when its access token expired) and reads scoped to them. Anonymous readers cost
 * one cookie lookup.
 */
export function createSiteRequest(
  services: Services,
  options: {
    jobs: JobControl;
    isInstanceAdmin: (userId: string) => Promise<boolean>;
  } = {
    jobs: noJobs,
    isInstanceAdmin: async () => false,
  },
) {
  const { jobs, isInstanceAdmin } = options;
  const pageSession = createPageSession(services.auth);
  const { workspaces, invites, apiKeys, access } = services.workspaceArea;
  const { dashboardAccess, sharing } = services;

  /** The dashboards use cases for one reader; a 404 (missing, or not theirs to see) is null. */
  function siteDashboards(
    ws: WorkspaceContext,
    auth: SessionAuth,
    profile: Profile,
  ): SiteDashboards {
    const { dashboards } = services;
    return {
      list: (options) => dashboards.listFor(auth, ws, options),
      folders: () => dashboards.foldersFor(auth, ws),
      render: (slug, locale, query, options) =>
        dashboards
          .readFor(auth, ws, slug, locale, { ...options, query, timeZone: profile.timeZone })
          .catch(missing),
      spec: (slug) => dashboards.specFor(auth, ws, slug).catch(missing),
      access: (slug) => dashboards.accessFor(auth, ws, slug),
      versions: (slug) => dashboards.versionsFor(auth, ws, slug),
      async preview(request, locale, context) {
        try {
          if (!can(ws.role, 'dashboards.create'))
            throw workspaceErrors.forbidden(minimumRole('dashboards.create'), ws.role);
          const body = await readJsonBody(request);
          const { spec, cards, query } = parseInput(previewRequest, body);
          const dashboard = await dashboards.preview(ws, spec, locale, {
            ...(query ? { query } : {}),
            ...(cards ? { cards } : {}),
            timeZone: profile.timeZone,
          });
          return { ok: true, dashboard };
        } catch (error) {
          if (error instanceof HttpError)
            return { ok: false, problem: problemBody(error, locale, context) };
          throw error;
        }
      },
    };
  }

  async function viewerFor(auth: SessionAuth): Promise<SiteViewer> {
    const [profile, mine, instanceAdmin] = await Promise.all([
      services.auth.accounts.profile(auth.userId),
      workspaces.listFor(auth.userId),
      isInstanceAdmin(auth.userId),
    ]);
    return {
      profile,
      instanceAdmin,
      async jobRuns(query) {
        if (!instanceAdmin) throw jobErrors.instanceAdminOnly();
        return { ...(await listJobRuns(jobs, query)), names: jobs.names() };
      },
      async instanceSettings() {
        if (!instanceAdmin) throw instanceErrors.instanceAdminOnly();
        return services.auth.instance.read();
      },
      sessionId: auth.sessionId,
      workspaces: mine,
      sessions: () => services.auth.sessions.list(auth.userId, auth.sessionId),
      async workspace(slug) {
        const ws = await access.resolveFor(auth, slug, 'workspace.read').catch((error: unknown) => {
          if (error instanceof HttpError && error.status === 404) return null;
          throw error;
        });
        if (!ws) return null;
        // The pages' flags are the API's rules: a page offers what its API calls would allow.
        const allows = (action: Parameters<typeof can>[1]) => can(ws.role, action);
        const page: SiteWorkspace = {
          summary: await workspaces.get(ws),
          can: {
            manageMembers: allows('members.manage'),
            inviteMembers: allows('invites.manage'),
            readAudit: allows('audit.read'),
            rename: allows('workspace.rename'),
            own: allows('workspace.transfer'),
            leave: mayLeave(ws.role),
            grantableRoles: grantableRoles(ws.role),
            editDashboards: allows('dashboards.edit'),
            manageEmbedding: allows('embedding.manage'),
            manageDataSources: allows('dataSources.manage'),
            runQueries: allows('queries.run'),
            editSavedQueries: allows('savedQueries.edit'),
            readPublicLinks: allows('publicLinks.read'),
            readJobs: allows('jobs.read'),
            manageSubscriptionSettings: allows('subscriptions.settings'),
            manageAlerts: allows('alerts.manage'),
          },
          members: () => workspaces.members(ws),
          invites: async () => (allows('invites.manage') ? invites.listPending(ws) : []),
          apiKeys: () => apiKeys.list(ws, auth.userId),
          dataSources: () => services.dataSources.list(ws.id),
          savedQueries: (search) => services.savedQueries.list(ws, search),
          dashboards: siteDashboards(ws, auth, profile),
          grantOptions,
          async sharing(slug) {
            const dashboard = await dashboardAccess.find(ws, auth.userId, slug);
            return dashboard ? sharing.grants.get(dashboard) : null;
          },
          async publicLinks(slug) {
            const reader = { userId: auth.userId, role: ws.role };
            if (slug === undefined) return sharing.publicLinks.list(ws, reader);
            const dashboard = await dashboardAccess.find(ws, auth.userId, slug);
            return dashboard?.can.edit ? sharing.publicLinks.list(ws, reader, dashboard.id) : [];
          },
          embedSettings: async () =>
            allows('embedding.manage') ? sharing.embedSettings.get(ws.id) : null,
          subscriptions: {
            list: () => services.subscriptions.list(auth, ws),
            get: (id) => services.subscriptions.get(auth, ws, id).catch(missing),
            deliveries: (id) =>
              services.subscriptions.deliveries(auth, ws, id).catch((e) => missing(e) ?? []),
            settings: () => services.subscriptions.settings(ws),
          },
          alerts: {
            list: () => services.alerts.list(auth, ws),
            get: (id) => services.alerts.get(auth, ws, id).catch(missing),
            events: (id) => services.alerts.events(ws, id).catch((e) => missing(e) ?? []),
          },
          jobRuns: async (query) => {
            if (!allows('jobs.read'))
              throw workspaceErrors.forbidden(minimumRole('jobs.read'), ws.role);
            return { ...(await listJobRuns(jobs, query, ws.id)), names: jobs.names() };
          },
          audit: async (query) => {
            if (!allows('audit.read'))
              throw workspaceErrors.forbidden(minimumRole('audit.read'), ws.role);
            return listWorkspaceAudit(services.auth.audit, ws.id, query);
          },
        };
        return page;
      },
    };
  }

  return async function siteRequest(req: Request, res: Response): Promise<SiteServices> {
    const auth = await pageSession(req, res);
    // How long the page cache may keep this page (http/shared-pages.ts): its shortest-lived part.
    let resultsMs = Number.POSITIVE_INFINITY;
    const onResult = (freshForMs: number) => {
      resultsMs = Math.min(resultsMs, freshForMs);
    };
    const drawn = (dashboard: RenderedDashboard, expiresAt?: number) => {
      const fresh = pageFreshForMs(dashboard, { resultsMs, expiresAt, now: Date.now() });
      res.locals.pageFreshForMs = Math.min(res.locals.pageFreshForMs ?? fresh, fresh);
    };
    return {
      requestId: req.id,
      dashboards: {
        async renderPublic(slug, locale, renderOptions) {
          const dashboard = await services.dashboards.readPublic(slug, locale, {
            ...renderOptions,
            onResult,
          });
          if (dashboard) drawn(dashboard);
          return dashboard;
        },
        publicSlugs: () => services.dashboards.publicSlugs(),
      },
      embeds: {
        async render(token, renderOptions) {
          const view = await sharing.embeds.render(token, { ...renderOptions, onResult });
          if (view.ok) drawn(view.dashboard, view.expiresAt);
          return view;
        },
      },
      publicLinks: {
        async render(token, locale, renderOptions) {
          const view = await sharing.publicLinks.render(token, locale, {
            ...renderOptions,
            onResult,
          });
          if (view.ok) drawn(view.dashboard, view.expiresAt);
          return view;
        },
      },
      unsubscribe: { view: services.subscriptions.unsubscribeView },
      viewer: auth ? await viewerFor(auth) : null,
      signupRule: services.auth.instance.signupRule,
      anonymous: !auth && !presentsCredentials(req),
    };
  };
}

/** A 404 (missing, or not the reader's to see) as null; anything else goes on. */
function missing(error: unknown): null {
  if (error instanceof HttpError && error.status === 404) return null;
  throw error;
}
