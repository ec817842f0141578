import type { RenderedDashboard } from '../dashboards/spec.js';

/** What a shared page's life is made of. */
export interface PageParts {
  /** The life left to the shortest-lived of its results in the result cache (Infinity: none). */
  resultsMs: number;
  /** When its embed token, public link or a secret's grace ends, if it has such an end. */
  expiresAt?: number | undefined;
  now: number;
}

/**
 * How long a shared page drawn as `dashboard` may be kept, in milliseconds: the life left to the
 * shortest-lived of its parts, or zero when a card was not drawn (still pending, or failed): that
 * page is not worth keeping.
 */
export function pageFreshForMs(dashboard: RenderedDashboard, parts: PageParts): number {
  if (dashboard.cards.some((card) => card.pending || card.error)) return 0;
  const left =
    parts.expiresAt === undefined
      ? parts.resultsMs
      : Math.min(parts.resultsMs, parts.expiresAt - parts.now);
  return Math.max(0, left);
}
