import type { Locale } from '@painel/i18n';
import flights from '../../../api/src/demo/flights.dashboard.json';
import gallery from '../../../api/src/demo/gallery.dashboard.json';
import weather from '../../../api/src/demo/weather.dashboard.json';

/** A demo dashboard as a page lists it: where anyone can open it, and what it shows. */
export interface DemoDashboard {
  slug: string;
  title: string;
  description: string;
}

/**
 * The demo dashboards every instance seeds (api/src/demo/seed.ts), read from the same files so
 * a page never links to a demo that is gone; only the public ones, which anyone may open at
 * `/dashboards/<slug>`. Their titles and descriptions carry both languages.
 */
export function demoDashboards(locale: Locale): DemoDashboard[] {
  return [flights, weather, gallery]
    .filter((d) => d.public)
    .map((d) => ({ slug: d.slug, title: d.title[locale], description: d.description[locale] }));
}
