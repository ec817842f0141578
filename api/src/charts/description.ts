/**
 * The sentences several chart types' descriptions share. Each chart type describes itself in its
 * own file, from these pieces and its own keys in the i18n catalogs.
 */

import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import { extent } from 'd3-array';
import type { Point } from './points.js';
import type { Reference } from './reference-lines.js';
import type { TrendLine } from './trend-line.js';

/** The share of the value span below which a line's start-to-end change counts as flat. */
const FLAT_SHARE = 0.05;

export type Trend = 'rising' | 'falling' | 'flat';

/**
 * Whether a line ends higher, lower or about where it started, judged against the span of its
 * values so that noise on a large span does not read as a trend.
 */
export function trendOf(points: readonly Point[]): Trend {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || points.length < 2) return 'flat';
  const [min = 0, max = 0] = extent(points, (p) => p.value);
  const span = max - min;
  const change = last.value - first.value;
  if (span === 0 || Math.abs(change) <= span * FLAT_SHARE) return 'flat';
  return change > 0 ? 'rising' : 'falling';
}

/** What every description starts from: the chart's title and note, in the reader's language. */
export interface Described {
  title: string;
  locale: Locale;
  t: Translate;
  /** What the author wrote about the chart; it follows the first sentence. */
  note?: string | undefined;
}

export function describeEmpty(title: string, t: Translate, note?: string): string {
  const first = t('chart.description.empty', { title });
  return note ? `${first} ${note}` : first;
}

/** The first sentence, with the author's note after it when there is one. */
export function opening(first: string, note: string | undefined): string[] {
  return note ? [first, note] : [first];
}

/**
 * The first sentence of a chart that counts what it draws (points, slices, cells): `key` is
 * given the title, `count` (for the plural) and `n` (the count in the reader's digits).
 */
export function countedOpening(
  d: Described,
  key: string,
  count: number,
  params: Record<string, unknown>,
): string[] {
  const { title, locale, t, note } = d;
  return opening(t(key, { title, ...params, count, n: formatNumber(locale, count) }), note);
}

/** `Highest: ORD (152,734). Lowest: SFO (98,012).` over labelled values. */
export function describeExtremes(
  items: readonly { keyText: string; value: number; valueText: string }[],
  t: Translate,
  key = 'chart.description.extremes',
): string {
  const high = items.reduce((a, b) => (b.value > a.value ? b : a));
  const low = items.reduce((a, b) => (b.value < a.value ? b : a));
  return t(key, {
    highKey: high.keyText,
    highValue: high.valueText,
    lowKey: low.keyText,
    lowValue: low.valueText,
  });
}

/** `AA: rising, from 1,000 to 1,500.` */
export function describeSeriesTrend(
  series: string,
  points: readonly Point[],
  t: Translate,
): string {
  return t(`chart.description.seriesTrend.${trendOf(points)}`, {
    series,
    first: points[0]!.valueText,
    last: points.at(-1)!.valueText,
  });
}

// Past this many, a list of names ends with "and 4 more"; the legend and table have them all.
export const MAX_NAMES = 6;

/** `AA, DL, and UA` / `AA, DL e UA`, cut to the first few names. */
export function listNames(names: readonly string[], locale: Locale, t: Translate): string {
  const shown = names.length > MAX_NAMES ? names.slice(0, MAX_NAMES - 1) : [...names];
  const rest = names.length - shown.length;
  if (rest > 0)
    shown.push(t('chart.description.more', { count: rest, n: formatNumber(locale, rest) }));
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(shown);
}

/** What the reference lines mark: `Reference line Target at 1,000.` */
export function describeReferences(references: readonly Reference[], t: Translate): string[] {
  return references.map((r) =>
    t('chart.description.reference', { label: r.label, value: r.valueText }),
  );
}

/** The fitted trend lines, then the reference lines, as sentences. */
export function describeTrends(
  trends: readonly TrendLine[],
  references: readonly Reference[],
  t: Translate,
): string[] {
  const fits = trends.map((trend) => {
    const values = { from: trend.fromText, to: trend.toText };
    return trend.series
      ? t('chart.description.seriesFit', { series: trend.series, ...values })
      : t('chart.description.fit', values);
  });
  return [...fits, ...describeReferences(references, t)];
}
