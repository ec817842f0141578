import type { SiteServices } from '@painel/api/site-services';
import type { AstroGlobal } from 'astro';

// Types come from the one entry point the API exposes to the site; nothing of its runtime is imported.
export type RenderedDashboard = NonNullable<
  Awaited<ReturnType<SiteServices['dashboards']['renderPublic']>>
>;
export type RenderedCard = RenderedDashboard['cards'][number];
export type RenderedChart = NonNullable<RenderedCard['chart']>;

/**
 * Loads the public dashboard named by the route's `slug` for the page's locale.
 * Sets the response status to 404 when there is none, so the page renders the not-found view.
 * Must run in the page's frontmatter: the status cannot change once the body streams.
 */
export async function loadDashboard(
  astro: Pick<AstroGlobal, 'params' | 'locals' | 'response'>,
): Promise<RenderedDashboard | null> {
  const { painel, locale } = astro.locals;
  if (!painel?.dashboards) {
    throw new Error(
      'Astro.locals.painel is missing: dashboards render on demand, so serve them through the Express server, which calls handler(req, res, next, { painel }) from site/dist/server/entry.mjs.',
    );
  }
  const slug = astro.params.slug ?? '';
  const dashboard = /^[a-z0-9-]+$/.test(slug)
    ? await painel.dashboards.renderPublic(slug, locale)
    : null;
  if (!dashboard) astro.response.status = 404;
  return dashboard;
}
