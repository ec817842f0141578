import type { RenderedDashboard } from '../dashboards/spec.js';

/**
 * How long a shared page drawn from `dashboard` stays true, in milliseconds: until the first of
 * its results leaves the result cache, or its token or link stops working (`expiresAt`). Zero
 * when a card was not drawn (still pending, or failed): that page is not worth keeping.
 */
export function pageFreshForMs(
  dashboard: RenderedDashboard,
  expiresAt: number | undefined,
  now: number,
): number {
  let fresh = expiresAt === undefined ? Number.POSITIVE_INFINITY : expiresAt - now;
  for (const card of dashboard.cards) {
    if (card.pending || card.error) return 0;
    if (card.freshForMs !== undefined) fresh = Math.min(fresh, card.freshForMs);
  }
  return Math.max(0, fresh);
}
