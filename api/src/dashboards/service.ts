import { createT, type Locale, type Translate } from '@painel/i18n';
import { ChartError } from '../charts/chart-error.js';
import { localize } from '../charts/localized-text.js';
import { readTableView } from '../charts/table-view.js';
import type { QueryResult } from '../datasources/result.js';
import type { DataSourceSummary, DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import { isUnreachable } from '../http/unreachable.js';
import type { Logger } from '../logger.js';
import { compileBuilder } from '../queries/builder.js';
import type { ParameterDefinition } from '../queries/parameters.js';
import type { CachedQueryResult, QueryService } from '../queries/service.js';
import { createChartDrawings } from './chart-drawings.js';
import {
  type FilterQuery,
  filterParameters,
  type ReadFilter,
  readFilters,
  renderFilter,
} from './filters.js';
import { markdownHtml } from './markdown.js';
import {
  type CardSpec,
  type DashboardSpec,
  type FilterSpec,
  type RenderedCard,
  type RenderedDashboard,
  readingOrder,
} from './spec.js';
import type { DashboardLookup, DashboardStore } from './store.js';

export interface RenderOptions {
  /** Filter values from the page's query string; defaults apply to those absent. */
  query?: FilterQuery;
  /**
   * Every row of a table card, for a PDF or an email to fit to its paper; else one page of it,
   * sorted and searched as the query string says (table-view.ts).
   */
  everyRow?: boolean;
  /** Where "today" is for relative date filters; UTC when absent. */
  timeZone?: string;
  /** Only these cards (a filter change redraws the cards; the rest of the page stays). */
  cards?: readonly string[];
  /**
   * Answer by then with the cards that are ready: a slower card comes back `pending` (its
   * query goes on and lands in the result cache), so one slow query never holds up the page.
   */
  deadlineMs?: number;
  /**
   * Filters whose values are fixed (locked by a public link or an embed): they bind their
   * parameters, but the filter bar leaves them out and no card cross-filters into them.
   */
  fixedFilters?: readonly string[];
  /**
   * The reader may edit the dashboard: a card whose chart does not fit its result (a column
   * the query lacks) says what to fix. Anyone else sees only that the card could not be drawn.
   */
  author?: boolean;
  /**
   * Told, for each card drawn, how much longer the result cache keeps its result: a copy of the
   * page (pages/page-cache.ts) is kept no longer.
   */
  onResult?: (freshForMs: number) => void;
}

/**
 * Draws dashboards: cards' queries run through the result cache, charts drawn on the server,
 * filters read from the query string. Who may read what is decided before (use-cases.ts).
 */
export interface DashboardRenderer {
  /** The dashboard in the reader's language, or null when the lookup finds none. */
  render(
    where: DashboardLookup,
    locale: Locale,
    options?: RenderOptions,
  ): Promise<RenderedDashboard | null>;
  /**
   * A spec that need not be saved, in one workspace: the editor's preview of unsaved changes.
   * The caller has checked the workspace and the spec.
   */
  renderSpec(
    workspaceId: string,
    spec: DashboardSpec,
    locale: Locale,
    options?: RenderOptions,
  ): Promise<RenderedDashboard>;
  /** One card's result, as its chart was drawn from: for CSV and PNG downloads. */
  cardResult(
    where: DashboardLookup,
    cardId: string,
    options?: RenderOptions,
  ): Promise<{ spec: DashboardSpec; card: CardSpec; result: QueryResult } | null>;
  /** Re-runs the dashboards' queries into the result cache; returns how many ran. */
  refresh(
    dashboards: { workspaceId: string; spec: DashboardSpec }[],
  ): Promise<{ dashboards: number; queries: number }>;
}

/** What a render reads within one workspace: its sources by name. */
interface Scope {
  workspaceId: string;
  source(name: string): Promise<DataSourceSummary | undefined>;
}

export function createDashboardRenderer(deps: {
  store: Pick<DashboardStore, 'lookup'>;
  dataSources: DataSources;
  queries: QueryService;
  logger: Logger;
}): DashboardRenderer {
  const drawings = createChartDrawings();

  /**
   * One workspace's sources by name, each read once per render: a dashboard's cards and select
   * filters mostly share one source, and every read is a metadata query.
   */
  function scopeOf(workspaceId: string): Scope {
    const found = new Map<string, Promise<DataSourceSummary | undefined>>();
    return {
      workspaceId,
      source(name) {
        let source = found.get(name);
        if (!source) {
          source = deps.dataSources.byName(workspaceId, name);
          found.set(name, source);
        }
        return source;
      },
    };
  }

  /** The SQL and parameters a card runs on its source, with the filters' values bound. */
  async function runCard(
    { workspaceId, source: sourceNamed }: Scope,
    spec: DashboardSpec,
    card: Extract<CardSpec, { kind: 'chart' }>,
    parameters: ParameterDefinition[],
    options: { timeZone?: string | undefined; refresh?: boolean },
  ): Promise<CachedQueryResult> {
    const sourceName = card.query.source ?? spec.source;
    const source = await sourceNamed(sourceName);
    if (!source)
      throw new HttpError(404, { key: 'errors.dataSourceNotFound', params: { id: sourceName } });
    let sql: string;
    let own: ParameterDefinition[] = [];
    if ('builder' in card.query) {
      const [connector, schema] = await Promise.all([
        deps.dataSources.connector(workspaceId, source.id),
        deps.dataSources.schema(workspaceId, source.id),
      ]);
      const compiled = compileBuilder(card.query.builder, {
        engine: connector.engine,
        schema,
        timeZone: options.timeZone ?? 'UTC',
      });
      sql = compiled.sql;
      own = compiled.parameters;
    } else {
      sql = card.query.sql;
    }
    return deps.queries.cached(
      {
        workspaceId,
        sourceId: source.id,
        sql,
        parameters: [...parameters, ...own],
        queue: true,
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      },
      { refresh: options.refresh === true },
    );
  }

  function cardError(
    error: unknown,
    card: CardSpec,
    t: Translate,
    author: boolean,
  ): RenderedCard['error'] {
    // One failing card shows its own error; the others still render.
    if (error instanceof ChartError) {
      // The spec's mistake, not ours: no stack in the log, and the fix for those who can make it.
      deps.logger.warn(
        { card: card.id, error: error.key, params: error.params },
        'card does not fit its result',
      );
      if (!author) return { title: t('errors.internal.title'), detail: t('dashboard.cardFailed') };
    }
    // Readers learn that a source could not be reached, not which host or port failed how.
    if (isUnreachable(error))
      return {
        title: t('errors.dataSource.unreachable.title'),
        detail: t('errors.dataSource.unreachable.detail'),
      };
    if (error instanceof HttpError) {
      return {
        title: t(`${error.key}.title`, error.params),
        detail: error.engineMessage ?? t(`${error.key}.detail`, error.params),
      };
    }
    deps.logger.error({ err: error, card: card.id }, 'card failed to render');
    return { title: t('errors.internal.title'), detail: t('dashboard.cardFailed') };
  }

  async function renderCard(
    scope: Scope,
    spec: DashboardSpec,
    card: CardSpec,
    parameters: ParameterDefinition[],
    locale: Locale,
    t: Translate,
    options: Pick<RenderOptions, 'timeZone' | 'author' | 'onResult' | 'query' | 'everyRow'>,
  ): Promise<RenderedCard> {
    if (card.kind === 'text') {
      return {
        id: card.id,
        kind: 'text',
        title: localize(card.title, locale) ?? '',
        layout: card.layout,
        html: markdownHtml(localize(card.text, locale)),
      };
    }
    const base: RenderedCard = {
      id: card.id,
      kind: 'chart',
      type: card.chart.type,
      title: localize(card.chart.title, locale),
      layout: card.layout,
      ...(card.crossFilter ? { crossFilter: card.crossFilter } : {}),
    };
    try {
      const result = await runCard(scope, spec, card, parameters, { timeZone: options.timeZone });
      options.onResult?.(result.cache.expiresInMs);
      // A table card comes a page at a time, as the page's URL sorts and searches it.
      const view =
        card.chart.type === 'table' && !options.everyRow
          ? readTableView(card.id, options.query ?? {})
          : undefined;
      return { ...base, chart: drawings.draw(card.chart, result, locale, view) };
    } catch (error) {
      const shown = cardError(error, card, t, options.author === true);
      return shown ? { ...base, error: shown } : base;
    }
  }

  /** The values a select filter offers: listed in the spec, or the first column of its query. */
  async function filterOptions(
    scope: Scope,
    spec: DashboardSpec,
    filter: FilterSpec,
  ): Promise<(string | number)[] | undefined> {
    if (filter.type !== 'select') return undefined;
    if ('values' in filter.options) return filter.options.values;
    const source = await scope.source(filter.options.source ?? spec.source);
    if (!source) return [];
    try {
      const result = await deps.queries.cached({
        workspaceId: scope.workspaceId,
        sourceId: source.id,
        sql: filter.options.sql,
        maxRows: 500,
        queue: true,
      });
      const values = result.rows
        .map((row) => row[0])
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
      return [...new Set(values)];
    } catch (error) {
      // The filter still works with what the URL holds; the failure is for the log.
      deps.logger.warn({ err: error, filter: filter.id }, 'filter options failed');
      return [];
    }
  }

  /** The card, or its pending placeholder when it is not ready by the deadline. */
  function withDeadline(
    rendering: Promise<RenderedCard>,
    card: CardSpec,
    locale: Locale,
    deadlineMs: number | undefined,
  ): Promise<RenderedCard> {
    if (deadlineMs === undefined) return rendering;
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<RenderedCard>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            id: card.id,
            kind: card.kind,
            ...(card.kind === 'chart' ? { type: card.chart.type } : {}),
            title: localize(card.kind === 'chart' ? card.chart.title : card.title, locale) ?? '',
            layout: card.layout,
            pending: true,
          }),
        deadlineMs,
      );
    });
    return Promise.race([rendering, pending]).finally(() => clearTimeout(timer));
  }

  async function renderSpec(
    workspaceId: string,
    spec: DashboardSpec,
    locale: Locale,
    options: RenderOptions = {},
  ): Promise<RenderedDashboard> {
    const t = createT(locale);
    const read: ReadFilter[] = readFilters(spec.filters, options.query ?? {});
    const parameters = filterParameters(read);
    const fixed = new Set(options.fixedFilters);
    const wanted = options.cards ? new Set(options.cards) : null;
    const cards = readingOrder(spec.cards).filter((c) => !wanted || wanted.has(c.id));
    const scope = scopeOf(workspaceId);
    // Every card's query and every filter's list at once: a slow one holds up no other.
    const [rendered, filters] = await Promise.all([
      Promise.all(
        cards.map((card) =>
          withDeadline(
            renderCard(scope, spec, card, parameters, locale, t, options),
            card,
            locale,
            options.deadlineMs,
          ),
        ),
      ),
      Promise.all(
        read
          .filter((r) => !fixed.has(r.spec.id))
          .map(async (r) => renderFilter(r, locale, t, await filterOptions(scope, spec, r.spec))),
      ),
    ]);
    return {
      slug: spec.slug,
      title: localize(spec.title, locale),
      description: localize(spec.description, locale) ?? '',
      ...(spec.refreshSeconds ? { refreshSeconds: spec.refreshSeconds } : {}),
      filters,
      cards: rendered.map(({ crossFilter, ...card }) =>
        crossFilter && !fixed.has(crossFilter) ? { ...card, crossFilter } : card,
      ),
    };
  }

  return {
    async render(where, locale, options = {}) {
      const found = await deps.store.lookup(where);
      return found ? renderSpec(found.workspaceId, found.spec, locale, options) : null;
    },
    renderSpec,
    async cardResult(where, cardId, options = {}) {
      const found = await deps.store.lookup(where);
      if (!found) return null;
      const { spec } = found;
      const card = spec.cards.find((c) => c.id === cardId);
      if (card?.kind !== 'chart') return null;
      const parameters = filterParameters(readFilters(spec.filters, options.query ?? {}));
      const result = await runCard(scopeOf(found.workspaceId), spec, card, parameters, {
        timeZone: options.timeZone,
      });
      return { spec, card, result };
    },
    async refresh(rows) {
      let queries = 0;
      for (const { workspaceId, spec } of rows) {
        // The default view is what most readers open; that is what stays warm.
        const parameters = filterParameters(readFilters(spec.filters, {}));
        const scope = scopeOf(workspaceId);
        for (const card of spec.cards) {
          if (card.kind !== 'chart') continue;
          // A failing card is reported when a reader views it; refreshing goes on with the rest.
          await runCard(scope, spec, card, parameters, { refresh: true }).then(
            () => queries++,
            (error: unknown) => deps.logger.warn({ err: error, card: card.id }, 'refresh failed'),
          );
        }
      }
      return { dashboards: rows.length, queries };
    },
  };
}
