import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * A text card's Markdown (with tables, strikethrough and autolinks) as HTML. Raw HTML in the
 * text is escaped and `javascript:` links are dropped (micromark's defaults), so an editor's
 * text cannot run script in a reader's page. Headings start at h3: the card title is h2.
 */
export function markdownHtml(text: string): string {
  return micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }).replace(
    /<(\/?)h([1-6])>/g,
    (_whole, close: string, level: string) => `<${close}h${Math.min(6, Number(level) + 2)}>`,
  );
}
