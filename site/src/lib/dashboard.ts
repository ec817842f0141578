import type { SiteDashboards, SiteServices } from '@painel/api/site';
import type { Locale } from '@painel/i18n';
import type { AstroGlobal } from 'astro';
import { problemResponse, speakCallersLanguage } from './fragment';

// Types come from the one entry point the API exposes to the site; nothing of its runtime is imported.
export type RenderedDashboard = NonNullable<
  Awaited<ReturnType<SiteServices['dashboards']['renderPublic']>>
>;
export type RenderedCard = RenderedDashboard['cards'][number];
export type RenderedChart = NonNullable<RenderedCard['chart']>;
export type RenderedFilter = RenderedDashboard['filters'][number];
export type DashboardSummary = Awaited<ReturnType<SiteDashboards['list']>>[number];
export type FilterQuery = Parameters<SiteDashboards['render']>[2];

type PageContext = Pick<AstroGlobal, 'params' | 'locals' | 'response' | 'url'>;

const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Where a dashboard is read: at its public address, inside a workspace, through a public link
 * (`/public/<token>`) or embedded in another site's frame (`/embed/<token>`, which `origins`
 * may frame, in the token's theme). It decides the page's chrome and whether its cards
 * download, and from which API: a shared view's token is its only key, so it offers none.
 */
export type DashboardPlace =
  | { kind: 'public' }
  | { kind: 'workspace'; workspace: string }
  | { kind: 'link'; token: string }
  | { kind: 'embed'; token: string; origins: string[]; theme: 'light' | 'dark' | 'system' };

/** The places whose cards download their data from an API the reader may call. */
export type DownloadPlace = Extract<DashboardPlace, { kind: 'public' | 'workspace' }>;

/**
 * The page's query string as the API reads filters: a name given once is a string, a repeated
 * one a list (`origin=SEA&origin=PDX`), and an empty value stays, meaning "no value".
 */
export function filterQuery(search: URLSearchParams): FilterQuery {
  const query: FilterQuery = {};
  for (const [name, value] of search) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

/**
 * A page answers by then with the cards that are ready; a slower card shows it is loading and
 * the page's island asks for it again (its query goes on meanwhile, into the result cache).
 */
export const cardDeadlineMs = 2_500;

/** The public dashboard the route's `slug` names, with the filters of its query string. */
function renderPublic(astro: PageContext, deadlineMs?: number): Promise<RenderedDashboard | null> {
  const { painel, locale } = astro.locals;
  if (!painel?.dashboards) {
    throw new Error(
      'Astro.locals.painel is missing: dashboards render on demand, so serve them through the Express server, which calls handler(req, res, next, { painel }) from site/dist/server/entry.mjs.',
    );
  }
  const slug = astro.params.slug ?? '';
  if (!slugPattern.test(slug)) return Promise.resolve(null);
  return painel.dashboards.renderPublic(slug, locale, {
    query: filterQuery(astro.url.searchParams),
    ...(deadlineMs ? { deadlineMs } : {}),
  });
}

/**
 * Loads the public dashboard named by the route's `slug` for the page's locale, with the filters
 * of its query string. Sets the response status to 404 when there is none, so the page renders
 * the not-found view. Must run in the page's frontmatter: the status cannot change once the body
 * streams.
 */
export async function loadDashboard(astro: PageContext): Promise<RenderedDashboard | null> {
  const dashboard = await renderPublic(astro, cardDeadlineMs);
  if (!dashboard) astro.response.status = 404;
  return dashboard;
}

/**
 * `/dashboards/<slug>/cards`: a public dashboard's cards alone, each finished (no deadline), as
 * the page draws them, in the caller's language: the docs' live examples show this markup. A
 * problem+json 404 without one.
 */
export async function loadPublicCards(
  astro: PageContext & Pick<AstroGlobal, 'request'>,
): Promise<RenderedCard[] | Response> {
  const locale = speakCallersLanguage(astro);
  const dashboard = await renderPublic(astro);
  if (dashboard) return dashboard.cards;
  const { t } = astro.locals;
  return problemResponse(404, { title: t('errors.notFound.title'), status: 404 }, locale);
}

/**
 * A dashboard of the page's workspace (`/w/<ws>/dashboards/<slug>`), public or not, with relative
 * dates in the reader's time zone; remembered as viewed. Null, with status 404, when the
 * workspace or the dashboard is missing (the middleware has already answered for the workspace).
 */
export async function loadWorkspaceDashboard(
  astro: PageContext,
): Promise<RenderedDashboard | null> {
  const { workspace, locale } = astro.locals;
  if (!workspace) return null;
  const slug = astro.params.slug ?? '';
  const dashboard = slugPattern.test(slug)
    ? await workspace.dashboards.render(slug, locale, filterQuery(astro.url.searchParams), {
        deadlineMs: cardDeadlineMs,
      })
    : null;
  if (!dashboard) astro.response.status = 404;
  return dashboard;
}

/** The author's text in the reader's language, English when it was not translated. */
export function localized(text: { en: string; 'pt-BR'?: string | undefined }, locale: Locale) {
  return text[locale] ?? text.en;
}

/**
 * Where the whole dashboard downloads as PDF, with the page's filters, in the page's language (a
 * link cannot send it in Accept-Language; an embed's token says it): from the API of the place
 * it is read in, a shared view's by its token (which reaches this dashboard and nothing else).
 */
export function dashboardPdfHref(
  place: DashboardPlace,
  slug: string,
  search: URLSearchParams,
  locale: Locale,
): string {
  const query = new URLSearchParams(search);
  if (place.kind !== 'embed') query.set('lang', locale);
  const text = query.toString();
  return `${dashboardApi(place, slug)}.pdf${text ? `?${text}` : ''}`;
}

function dashboardApi(place: DashboardPlace, slug: string): string {
  switch (place.kind) {
    case 'public':
      return `/api/public/dashboards/${slug}`;
    case 'workspace':
      return `/api/workspaces/${encodeURIComponent(place.workspace)}/dashboards/${slug}`;
    case 'link':
      return `/api/public-links/${encodeURIComponent(place.token)}`;
    case 'embed':
      return `/api/embed/${encodeURIComponent(place.token)}`;
  }
}

/**
 * Where a card's data (CSV) or picture (PNG) downloads from, with the page's filters: the public
 * API for a public page, the workspace's for a workspace page (which sends the session cookie).
 */
export function cardDownloadHref(
  place: DownloadPlace,
  slug: string,
  card: string,
  as: 'csv' | 'png',
  search: URLSearchParams,
): string {
  const base =
    place.kind === 'public'
      ? `/api/public/dashboards/${slug}`
      : `/api/workspaces/${encodeURIComponent(place.workspace)}/dashboards/${slug}`;
  const query = search.toString();
  return `${base}/cards/${encodeURIComponent(card)}.${as}${query ? `?${query}` : ''}`;
}
