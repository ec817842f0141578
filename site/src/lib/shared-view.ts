import type { SiteServices } from '@painel/api/site';
import { createT } from '@painel/i18n';
import type { AstroGlobal } from 'astro';
import { cardDeadlineMs, filterQuery, type RenderedDashboard } from './dashboard';

/**
 * The pages of a dashboard shared by token: a public link (`/public/<token>`) and an embed
 * (`/embed/<token>`). Each answers with the view or with why it cannot and, for an embed, which
 * sites may frame it. Who may keep the page is the middleware's (lib/page-cache.ts): a refusal
 * nobody, so a revoked link stops once a shared cache's few seconds are up.
 */

type PageContext = Pick<AstroGlobal, 'params' | 'locals' | 'response' | 'url' | 'site'>;
export type EmbedView = Awaited<ReturnType<SiteServices['embeds']['render']>>;
export type PublicLinkView = Awaited<ReturnType<SiteServices['publicLinks']['render']>>;
export type ShareFailure = Extract<EmbedView, { ok: false }>['reason'];

/** A token that does not check out cannot authenticate (401); a dead link is gone (410). */
const failureStatus: Record<ShareFailure, number> = {
  malformed: 401,
  badSignature: 401,
  expired: 410,
  revoked: 410,
  notFound: 404,
};

function services(astro: PageContext): SiteServices {
  const { painel } = astro.locals;
  if (!painel?.embeds) {
    throw new Error(
      'Astro.locals.painel is missing: shared dashboards render on demand, so serve them through the Express server, which calls handler(req, res, next, { painel }) from site/dist/server/entry.mjs.',
    );
  }
  return painel;
}

/**
 * The embed named by the route's token, in the token's language (which the page then speaks:
 * `locals.locale` and `locals.t` change here). Sets the status of a refusal and the page's
 * Content-Security-Policy: framed only by the workspace's allowed origins.
 */
export async function loadEmbed(astro: PageContext): Promise<EmbedView> {
  const view = await services(astro).embeds.render(astro.params.token ?? '', {
    query: filterQuery(astro.url.searchParams),
    deadlineMs: cardDeadlineMs,
  });
  astro.locals.locale = view.locale;
  astro.locals.t = createT(view.locale);
  astro.response.headers.set(
    'Content-Security-Policy',
    embedPolicy(view.ok ? view.frameAncestors : null, astro.site?.protocol === 'https:'),
  );
  if (!view.ok) astro.response.status = failureStatus[view.reason];
  else view.dashboard = shownAlone(view.dashboard, view.card);
  return view;
}

/** The public link named by the route's token, in the page's language. */
export async function loadPublicLink(astro: PageContext): Promise<PublicLinkView> {
  const view = await services(astro).publicLinks.render(
    astro.params.token ?? '',
    astro.locals.locale,
    { query: filterQuery(astro.url.searchParams), deadlineMs: cardDeadlineMs },
  );
  if (!view.ok) astro.response.status = failureStatus[view.reason];
  return view;
}

/** A single-card embed's card takes the whole width, whatever its place on the dashboard. */
function shownAlone(dashboard: RenderedDashboard, card: string | undefined): RenderedDashboard {
  if (card === undefined) return dashboard;
  return {
    ...dashboard,
    cards: dashboard.cards.map((c) => ({ ...c, layout: { ...c.layout, x: 0, y: 0, w: 12 } })),
  };
}

// What a CSP source may be: the API keeps origins to scheme, host and port; this keeps a header
// from ever carrying anything else.
const origin = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The app's policy (api/src/app.ts, helmet's defaults with its changes) but for who may frame
 * the page: Painel's own pages (the docs' live embeds) and the allowed origins. A refusal (`null`) may be framed anywhere: it shows
 * only its message, nothing to click, and the reader of the framing page should see why the
 * dashboard is not there.
 */
export function embedPolicy(frameAncestors: readonly string[] | null, https: boolean): string {
  const ancestors = frameAncestors === null ? ['*'] : frameAncestors.filter((o) => origin.test(o));
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['base-uri', "'self'"],
    ['font-src', "'self'", 'https:', 'data:'],
    ['form-action', "'self'"],
    ['frame-ancestors', ...(frameAncestors === null ? ancestors : ["'self'", ...ancestors])],
    ['img-src', "'self'", 'data:'],
    ['object-src', "'none'"],
    // The server adds the hashes of the page's inline scripts (api/src/http/script-hashes.ts).
    ['script-src', "'self'"],
    ['script-src-attr', "'none'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ...(https ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives.map((d) => d.join(' ')).join(';');
}
