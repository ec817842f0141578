import { createT, type Locale } from '@painel/i18n';
import { renderChart } from '../charts/render.js';
import type { LocalizedText } from '../charts/spec.js';
import type { DataSources } from '../datasources/service.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { QueryService } from '../queries/service.js';
import {
  type CardSpec,
  type DashboardSpec,
  dashboardSpec,
  type RenderedCard,
  type RenderedDashboard,
} from './spec.js';

export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale] ?? text.en;
}

/**
 * Which dashboard to render: a public one, found by its slug alone at its stable URL, or any
 * dashboard of one workspace (the caller's access to it is checked before).
 */
export type DashboardLookup =
  | { slug: string; public: true }
  | { slug: string; workspaceId: string };

export interface Dashboards {
  /** The dashboard in the reader's language, or null when the lookup finds none. */
  render(where: DashboardLookup, locale: Locale): Promise<RenderedDashboard | null>;
  /** `render` of a public dashboard: what the site's pages show at /dashboards/:slug. */
  renderPublic(slug: string, locale: Locale): Promise<RenderedDashboard | null>;
  /** Re-runs every public dashboard's queries into the result cache; returns how many ran. */
  refreshPublic(): Promise<{ dashboards: number; queries: number }>;
}

interface DashboardRow {
  workspace_id: string;
  spec: string;
}

export function createDashboards(deps: {
  db: Db;
  dataSources: DataSources;
  queries: QueryService;
  logger: Logger;
}): Dashboards {
  async function renderCard(
    card: CardSpec,
    workspaceId: string,
    sourceId: string,
    locale: Locale,
  ): Promise<RenderedCard> {
    const base = {
      id: card.id,
      type: card.chart.type,
      title: localize(card.chart.title, locale),
      width: card.width,
    };
    try {
      const result = await deps.queries.cached({ workspaceId, sourceId, sql: card.query.sql });
      return { ...base, chart: renderChart(card.chart, result, locale) };
    } catch (error) {
      // One failing card shows its own error; the others still render.
      const t = createT(locale);
      if (error instanceof HttpError) {
        return {
          ...base,
          error: {
            title: t(`${error.key}.title`, error.params),
            detail: error.engineMessage ?? t(`${error.key}.detail`, error.params),
          },
        };
      }
      deps.logger.error({ err: error, card: card.id }, 'card failed to render');
      return {
        ...base,
        error: { title: t('errors.internal.title'), detail: t('dashboard.cardFailed') },
      };
    }
  }

  async function render(where: DashboardLookup, locale: Locale): Promise<RenderedDashboard | null> {
    const row: DashboardRow | undefined = await deps
      .db('dashboards')
      .where(
        'workspaceId' in where
          ? { slug: where.slug, workspace_id: where.workspaceId }
          : { slug: where.slug, is_public: true },
      )
      .first('workspace_id', 'spec');
    if (!row) return null;
    const spec: DashboardSpec = dashboardSpec.parse(JSON.parse(row.spec));
    const source = await deps.dataSources.byName(row.workspace_id, spec.source);
    const cards = await Promise.all(
      // A missing source fails each card with "data source not found", the others unaffected.
      spec.cards.map((card) =>
        renderCard(card, row.workspace_id, source?.id ?? spec.source, locale),
      ),
    );
    return {
      slug: spec.slug,
      title: localize(spec.title, locale),
      description: localize(spec.description, locale),
      cards,
    };
  }

  return {
    async refreshPublic() {
      const rows: DashboardRow[] = await deps
        .db('dashboards')
        .where({ is_public: true })
        .select('workspace_id', 'spec');
      let queries = 0;
      for (const row of rows) {
        const spec = dashboardSpec.parse(JSON.parse(row.spec));
        const source = await deps.dataSources.byName(row.workspace_id, spec.source);
        if (!source) continue;
        for (const card of spec.cards) {
          // A failing card is reported when a reader views it; refreshing goes on with the rest.
          await deps.queries
            .cached(
              { workspaceId: row.workspace_id, sourceId: source.id, sql: card.query.sql },
              { refresh: true },
            )
            .then(
              () => queries++,
              (error: unknown) => deps.logger.warn({ err: error, card: card.id }, 'refresh failed'),
            );
        }
      }
      return { dashboards: rows.length, queries };
    },
    render,
    renderPublic: (slug, locale) => render({ slug, public: true }, locale),
  };
}
