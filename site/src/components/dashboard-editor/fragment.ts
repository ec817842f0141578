import type { ResultColumn } from './bindings';

/** One card of the preview fragment (pages/w/[workspace]/card-preview.astro), as the page drew it. */
export interface PreviewedCard {
  id: string;
  /** The card's markup, exactly as on the dashboard's page. */
  html: string;
  /** A chart's result columns; null for a text card or a card that failed. */
  columns: ResultColumn[] | null;
}

/** Reads the fragment's cards (each in a `data-preview-card` wrapper) without running it. */
export function readFragment(html: string): PreviewedCard[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return Array.from(
    template.content.querySelectorAll<HTMLElement>('[data-preview-card]'),
    (el) => ({
      id: el.dataset.previewCard ?? '',
      html: el.innerHTML,
      columns: el.dataset.columns ? (JSON.parse(el.dataset.columns) as ResultColumn[]) : null,
    }),
  );
}
