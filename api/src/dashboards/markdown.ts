import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Markdown (with tables, strikethrough and autolinks) as HTML. Raw HTML in the text is escaped
 * and `javascript:` links are dropped (micromark's defaults), so an editor's text cannot run
 * script in a reader's page. A `#` heading becomes `h<firstHeading>`: 3 by default, for a text
 * card, whose title is h2.
 */
export function markdownHtml(text: string, options: { firstHeading?: number } = {}): string {
  const shift = (options.firstHeading ?? 3) - 1;
  return micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }).replace(
    /<(\/?)h([1-6])>/g,
    (_whole, close: string, level: string) => `<${close}h${Math.min(6, Number(level) + shift)}>`,
  );
}
