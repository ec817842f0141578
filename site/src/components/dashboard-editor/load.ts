import type { AstroGlobal } from 'astro';

export type LoadedDashboard = NonNullable<
  Awaited<ReturnType<NonNullable<App.Locals['workspace']>['dashboards']['spec']>>
>;

/**
 * The dashboard the edit page opens, by the route's `slug`, for a reader who may edit it.
 * Sets the response status to 404 when there is none and to 403 when it is shared with the
 * reader to view only, so the page says so. Must run in the page's frontmatter: the status
 * cannot change once the body streams.
 */
export async function loadForEditor(
  astro: Pick<AstroGlobal, 'params' | 'locals' | 'response'>,
): Promise<LoadedDashboard | null> {
  const ws = astro.locals.workspace;
  // No workspace (404) or a viewer (403): the middleware has answered already.
  if (!ws?.can.editDashboards) return null;
  const slug = astro.params.slug ?? '';
  const allowed = /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await ws.dashboards.access(slug) : null;
  if (allowed && !allowed.edit) {
    astro.response.status = 403;
    return null;
  }
  const found = allowed ? await ws.dashboards.spec(slug) : null;
  if (!found) astro.response.status = 404;
  return found;
}
