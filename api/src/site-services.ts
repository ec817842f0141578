import type { Locale } from '@painel/i18n';
import type { RenderedDashboard } from './dashboards/spec.js';

/**
 * What the Express server hands to Astro's on-demand pages as `Astro.locals.painel`.
 * The site never imports the API's modules: it gets these services per request.
 */
export interface SiteServices {
  requestId: string;
  dashboards: {
    /** Renders a public dashboard for a reader; `null` when no public dashboard has that slug. */
    renderPublic(slug: string, locale: Locale): Promise<RenderedDashboard | null>;
  };
}
