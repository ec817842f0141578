/**
 * Colours are CSS custom properties with fallbacks, so a page switches light and dark themes
 * without drawing the charts again. Text and axes use `currentColor` (Plot's default).
 * The fallbacks are the light-theme values of the site's own properties (`global.css`).
 */

/**
 * Okabe–Ito hues, darkened for 3:1 contrast on white: told apart by readers with any common
 * colour-vision deficiency. Series past the eighth reuse the hues, and symbols or dashes still
 * tell them apart.
 */
export const categoricalColors = [
  '#0072b2',
  '#c75300',
  '#007a5a',
  '#b4468e',
  '#8f6a00',
  '#6a4c9c',
  '#a83c00',
  '#5b6470',
].map((hex, i) => `var(--chart-${i + 1}, ${hex})`);

/** The colour of a single-series chart. */
export const chartColor = categoricalColors[0]!;

/** The colour of the i-th series, slice or group. */
export function seriesColor(i: number): string {
  return categoricalColors[i % categoricalColors.length]!;
}

/**
 * Classes of a sequential scale, light to dark on the light theme. The card defines the dark
 * theme's values the other way round (dark to bright), so in both themes a larger value stands
 * further from the background.
 */
export const sequentialColors = ['#d4e6f5', '#9ecae1', '#5a9fd0', '#2a6fb0', '#08407d'].map(
  (hex, i) => `var(--chart-seq-${i + 1}, ${hex})`,
);

/** Regions and cells without data: a tint of the text colour reads on either background. */
export const missingFill = 'currentColor';
export const missingOpacity = 0.12;

/** Lines between cells and regions take the page's background, so neighbours stay apart. */
export const separatorColor = 'var(--color-bg, #ffffff)';

/** Width of the viewBox; the SVG itself scales to its container. */
export const chartWidth = 560;
export const chartHeight = 300;

/**
 * Dots of a line closer than about 6px blur into a second, thicker line; those are drawn
 * transparent, still there to point at and to step through with the keyboard (the page
 * outlines the active one). `undefined` keeps Plot's opaque default.
 */
export function dotOpacity(pointsPerSeries: number): number | undefined {
  return pointsPerSeries > (chartWidth - 80) / 6 ? 0 : undefined;
}

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
