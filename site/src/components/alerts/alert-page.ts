import type { AlertDetail, AlertEvent, SiteWorkspace } from '@painel/api/site';
import type { AstroGlobal } from 'astro';
import { localized } from '../../lib/dashboard';

type Member = Awaited<ReturnType<SiteWorkspace['members']>>[number];

/** A chart card an alert may watch, as the form's source list offers it. */
export interface CardChoice {
  slug: string;
  card: string;
  dashboard: string;
  title: string;
}

/** What the form offers: the saved queries, the dashboards' charts and the members. */
export interface AlertChoices {
  queries: { id: string; name: string }[];
  cards: CardChoice[];
  members: Member[];
  allowOutside: boolean;
}

/**
 * What `/w/<ws>/alerts/new` and `/w/<ws>/alerts/<id>` show:
 * - `form`: a new alert, or the one in `existing` with its history; `choices` is null when the
 *   reader may only read it (the form is not shown, so nothing is loaded for it);
 * - `missing`: no such alert here (status 404).
 */
export type AlertPage =
  | { kind: 'none' }
  | { kind: 'missing' }
  | {
      kind: 'form';
      existing: AlertDetail | null;
      events: AlertEvent[];
      choices: AlertChoices | null;
    };

type PageContext = Pick<AstroGlobal, 'params' | 'locals' | 'response'>;

/** Loads the page's data in its frontmatter, where a 404 can still be set. */
export async function loadAlertPage(astro: PageContext): Promise<AlertPage> {
  const { workspace: ws, locale } = astro.locals;
  if (!ws) return { kind: 'none' };
  const id = astro.params.id;
  const existing = id ? await ws.alerts.get(id) : null;
  if (id && !existing) {
    astro.response.status = 404;
    return { kind: 'missing' };
  }
  const editable = existing ? existing.canEdit : ws.can.manageAlerts;
  const [events, choices] = await Promise.all([
    existing ? ws.alerts.events(existing.id) : [],
    editable ? loadChoices(ws, locale) : null,
  ]);
  return { kind: 'form', existing, events, choices };
}

async function loadChoices(
  ws: SiteWorkspace,
  locale: Parameters<typeof localized>[1],
): Promise<AlertChoices> {
  const [queries, dashboards, members, settings] = await Promise.all([
    ws.savedQueries(),
    ws.dashboards.list(),
    ws.members(),
    ws.subscriptions.settings(),
  ]);
  // Only charts have a value to watch; text cards are left out.
  const specs = await Promise.all(dashboards.map((d) => ws.dashboards.spec(d.slug)));
  const cards = dashboards.flatMap((d, i) =>
    (specs[i]?.spec.cards ?? []).flatMap((c) =>
      c.kind === 'chart'
        ? [
            {
              slug: d.slug,
              card: c.id,
              dashboard: localized(d.title, locale),
              title: localized(c.chart.title, locale),
            },
          ]
        : [],
    ),
  );
  return {
    queries: queries.map((q) => ({ id: q.id, name: q.name })),
    cards,
    members,
    allowOutside: settings.allowOutsideRecipients,
  };
}
