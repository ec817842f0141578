import type { Request, Response } from 'express';
import type { z } from 'zod';
import { type Action, dashboardNeed } from '../access/policy.js';
import type { WorkspaceContext } from '../auth/context.js';
import type { AllowedDashboard, DashboardAccess } from '../dashboards/access.js';
import { type BodyOf, defineRoute, type Route } from '../http/route.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';

type Handler<Body extends z.ZodType, Context extends unknown[]> = (
  req: Request & { body: BodyOf<Body> },
  res: Response,
  ...context: Context
) => unknown;

/** A route that acts in one workspace: it must name its action, and its handler is given more. */
interface ScopedRoute<Body extends z.ZodType, Context extends unknown[]>
  extends Omit<Route<Body>, 'action' | 'handler'> {
  action: Action;
  handler: Handler<Body, Context>;
}

/**
 * Routes under `/api/workspaces/:workspace`: each handler runs with the workspace resolved for
 * the action its route declares (`access.resolve`, which answers 401, 403 or 404 otherwise), so
 * the action is written once, where the access tests and the API description read it.
 */
export function workspaceRoute(access: WorkspaceAccess) {
  return function inWorkspace<Body extends z.ZodType>(
    route: ScopedRoute<Body, [WorkspaceContext]>,
  ): Route<Body> {
    const { action, handler } = route;
    return defineRoute<Body>({
      ...route,
      handler: async (req, res) => handler(req, res, await access.resolve(req, action)),
    });
  };
}

/**
 * Routes under `/api/workspaces/:workspace/dashboards/:slug`: the handler is given the dashboard
 * too, which the caller must be allowed what the route's action needs of it (access/policy.ts):
 * one they may not see is a 404 like a missing one, one they may not change a 403.
 */
export function dashboardRoute(access: WorkspaceAccess, dashboards: DashboardAccess) {
  const inWorkspace = workspaceRoute(access);
  return function onDashboard<Body extends z.ZodType>(
    route: ScopedRoute<Body, [WorkspaceContext, AllowedDashboard]>,
  ): Route<Body> {
    const { action, handler } = route;
    // Checked at start-up: an action not done to one dashboard has no need to ask.
    const need = dashboardNeed(action);
    return inWorkspace<Body>({
      ...route,
      handler: async (req, res, ws) => {
        const slug = String(req.params.slug);
        const dashboard = await dashboards.require(ws, requireAuth(req).userId, slug, need);
        return handler(req, res, ws, dashboard);
      },
    });
  };
}
