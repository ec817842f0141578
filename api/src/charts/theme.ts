/**
 * Colours are CSS custom properties with fallbacks, so a page switches light and dark themes
 * without drawing the charts again. Text and axes use `currentColor` (Plot's default).
 */
export const chartColor = 'var(--chart-1, #3b6fd6)';

/** Width of the viewBox; the SVG itself scales to its container. */
export const chartWidth = 560;
export const chartHeight = 300;

/** Axis text size: Lighthouse counts text under 12px as illegible. */
export const fontSize = 12;

/**
 * Rough width of a character of 12px system-ui text. There is no layout engine on the server,
 * so margins for tick labels are estimated from their length.
 */
export const charWidth = 7;

/** Estimated pixel width of the longest of these labels. */
export function textWidth(labels: Iterable<string>): number {
  let longest = 0;
  for (const label of labels) longest = Math.max(longest, label.length);
  return longest * charWidth;
}

/** `text` cut to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
