import { type FilterSpec, lockedQuery } from '@painel/api/browser';
import type {
  DeliveryRow,
  SiteWorkspace,
  SubscriptionDetail,
  SubscriptionSettings,
} from '@painel/api/site';
import type { AstroGlobal } from 'astro';
import {
  type DashboardSummary,
  type FilterQuery,
  localized,
  type RenderedFilter,
} from '../../lib/dashboard';

type Member = Awaited<ReturnType<SiteWorkspace['members']>>[number];

/** What the subscription form is about: a dashboard, or one card of it. */
export interface Subject {
  slug: string;
  title: string;
  card: { id: string; title: string } | null;
  filters: RenderedFilter[];
}

/**
 * What `/w/<ws>/subscriptions/new` and `/w/<ws>/subscriptions/<id>` show:
 * - `pick`: no dashboard named yet, so the reader picks one;
 * - `form`: a new subscription to `subject`, or the one in `existing` with its delivery log;
 * - `missing`: no such dashboard, card or subscription that the reader may see (status 404).
 */
export type SubscriptionPage =
  | { kind: 'none' }
  | { kind: 'pick'; dashboards: DashboardSummary[] }
  | { kind: 'missing' }
  | {
      kind: 'form';
      subject: Subject;
      existing: SubscriptionDetail | null;
      deliveries: DeliveryRow[];
      members: Member[];
      settings: SubscriptionSettings;
    };

type PageContext = Pick<AstroGlobal, 'params' | 'locals' | 'response' | 'url'>;

/** Loads the page's data in its frontmatter, where a 404 can still be set. */
export async function loadSubscriptionPage(astro: PageContext): Promise<SubscriptionPage> {
  const { workspace: ws, locale } = astro.locals;
  if (!ws) return { kind: 'none' };
  const id = astro.params.id;
  const existing = id ? await ws.subscriptions.get(id) : null;
  const search = astro.url.searchParams;
  const slug = existing?.dashboardSlug ?? search.get('dashboard');
  if (!slug) {
    if (id) return missing(astro);
    return { kind: 'pick', dashboards: await ws.dashboards.list() };
  }
  const cardId = existing ? existing.cardId : search.get('card');
  const found = existing || cardId ? await ws.dashboards.spec(slug) : null;
  const query = existing && found ? savedQuery(found.spec.filters, existing.filters) : {};
  // The filters' fields only: no card is rendered, so no query runs for the form.
  const [dashboard, deliveries, members, settings] = await Promise.all([
    ws.dashboards.render(slug, locale, query, { cards: [] }),
    existing ? ws.subscriptions.deliveries(existing.id) : [],
    ws.members(),
    ws.subscriptions.settings(),
  ]);
  const card = cardId ? found?.spec.cards.find((c) => c.id === cardId) : undefined;
  if (!dashboard || (cardId && !card)) return missing(astro);
  return {
    kind: 'form',
    subject: {
      slug,
      title: dashboard.title,
      card:
        card && cardId
          ? {
              id: cardId,
              // A chart's title is its chart's; a text card may have none.
              title:
                card.kind === 'chart'
                  ? localized(card.chart.title, locale)
                  : card.title
                    ? localized(card.title, locale)
                    : cardId,
            }
          : null,
      filters: dashboard.filters,
    },
    existing,
    deliveries,
    members,
    settings,
  };
}

function missing(astro: PageContext): SubscriptionPage {
  astro.response.status = 404;
  return { kind: 'missing' };
}

/**
 * A subscription's filter values as the page's query string would give them, read as the API
 * reads them at send time, so the form's fields show what the email will. A value the dashboard
 * no longer fits is left out: the field shows the filter's default.
 */
function savedQuery(specs: readonly FilterSpec[], values: Record<string, unknown>): FilterQuery {
  const query: FilterQuery = {};
  for (const spec of specs)
    if (Object.hasOwn(values, spec.id)) Object.assign(query, lockedQuery(spec, values[spec.id]));
  return query;
}
