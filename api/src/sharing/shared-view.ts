import type { Locale } from '@painel/i18n';
import type { FilterQuery } from '../dashboards/filters.js';
import type { DashboardRenderer } from '../dashboards/service.js';
import type { DashboardSpec, RenderedDashboard } from '../dashboards/spec.js';
import { type LockedValues, readLocked, withLocked } from './locked-filters.js';

/** What a public link or an embed shows: one dashboard (or one card of it), filters locked. */
export interface SharedView {
  /** Locked filters are already left out of `dashboard.filters`. */
  dashboard: RenderedDashboard;
  /** What was locked, by filter id (for a note on the page). */
  locked: LockedValues;
  /** Set when an embed names a single card. */
  card?: string;
  /** When the token or link stops working (ms since the epoch): no copy of the page outlives it. */
  expiresAt?: number;
}

/** How a shared page asks for its dashboard: as a workspace page does, less the time zone. */
export interface SharedRenderOptions {
  query?: FilterQuery;
  /** A PDF's: every row of a table card (RenderOptions.everyRow). */
  everyRow?: boolean;
  cards?: readonly string[];
  deadlineMs?: number;
  onResult?: (freshForMs: number) => void;
}

/**
 * Renders a shared dashboard through the dashboard renderer: locked values replace what the
 * query string says about their filters, which the filter bar then leaves out. A single-card
 * embed renders that card alone; the filters it does not use stay in the bar (which filters a
 * card's SQL reads is not known without parsing it), harmless since they change nothing.
 * Refuses (`locked`) when the locks no longer fit the dashboard — a filter renamed or changed
 * since — rather than show it unfiltered, and (`card`) when the card is gone.
 */
export async function renderShared(
  renderer: DashboardRenderer,
  input: {
    workspaceId: string;
    spec: DashboardSpec;
    locked: LockedValues;
    card?: string | undefined;
    locale: Locale;
    options: SharedRenderOptions;
  },
): Promise<({ ok: true } & SharedView) | { ok: false; problem: 'locked' | 'card' }> {
  const { spec, locked, card, options } = input;
  const read = readLocked(spec.filters, locked);
  if (!read.ok) return { ok: false, problem: 'locked' };
  if (card !== undefined && !spec.cards.some((c) => c.id === card))
    return { ok: false, problem: 'card' };
  const ids = Object.keys(locked);
  const wanted = card === undefined ? options.cards : [card];
  const dashboard = await renderer.renderSpec(input.workspaceId, spec, input.locale, {
    query: withLocked(options.query ?? {}, read.query, ids),
    fixedFilters: ids,
    ...(wanted ? { cards: wanted } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.everyRow ? { everyRow: true } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  return { ok: true, dashboard, locked, ...(card !== undefined ? { card } : {}) };
}
