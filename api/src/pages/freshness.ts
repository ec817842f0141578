import type { RenderedDashboard } from '../dashboards/spec.js';

/**
 * How long a shared page drawn as `dashboard` may be kept, in milliseconds: `untilMs`, the life
 * left to the shortest-lived of its parts (its results in the result cache, its token or link),
 * or zero when a card was not drawn (still pending, or failed): that page is not worth keeping.
 */
export function pageFreshForMs(dashboard: RenderedDashboard, untilMs: number): number {
  if (dashboard.cards.some((card) => card.pending || card.error)) return 0;
  return Math.max(0, untilMs);
}
