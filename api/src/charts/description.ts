import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import type { Point, Series } from './points.js';

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
  const values = points.map((p) => p.value);
  const span = Math.max(...values) - Math.min(...values);
  const change = last.value - first.value;
  if (span === 0 || Math.abs(change) <= span * FLAT_SHARE) return 'flat';
  return change > 0 ? 'rising' : 'falling';
}

interface SeriesDescription {
  type: 'line' | 'bar';
  title: string;
  series: Series;
  locale: Locale;
  t: Translate;
  /** What the author wrote about the chart; it follows the first sentence. */
  note?: string | undefined;
}

/**
 * A plain-language summary of a line or bar chart: what it shows and how many marks, the range
 * of a line's axis, the highest and lowest marks with their labels, and a line's trend.
 */
export function describeSeries({
  type,
  title,
  series,
  locale,
  t,
  note,
}: SeriesDescription): string {
  const { points, key, value } = series;
  if (points.length === 0) return describeEmpty(title, t, note);
  const count = points.length;
  const sentences = [
    t(`chart.description.${type}`, {
      title,
      key: key.label,
      value: value.label,
      count,
      n: formatNumber(locale, count),
    }),
  ];
  if (note) sentences.push(note);
  const first = points[0]!;
  if (count === 1) {
    sentences.push(t('chart.description.single', { key: first.keyText, value: first.valueText }));
    return sentences.join(' ');
  }
  const last = points.at(-1)!;
  if (type === 'line') {
    // Lines are sorted along their axis (unless categorical), so the ends are the range.
    sentences.push(
      t('chart.description.range', { key: key.label, from: first.keyText, to: last.keyText }),
    );
  }
  const high = points.reduce((a, b) => (b.value > a.value ? b : a));
  const low = points.reduce((a, b) => (b.value < a.value ? b : a));
  sentences.push(
    t('chart.description.extremes', {
      highKey: high.keyText,
      highValue: high.valueText,
      lowKey: low.keyText,
      lowValue: low.valueText,
    }),
  );
  if (type === 'line') {
    sentences.push(
      t(`chart.description.trend.${trendOf(points)}`, {
        first: first.valueText,
        last: last.valueText,
      }),
    );
  }
  return sentences.join(' ');
}

/** `Flights: 2,999,851; Mean delay: 9.3 min; …` — a KPI card says everything it shows. */
export function describeKpis(kpis: readonly { label: string; value: string }[], t: Translate) {
  if (kpis.length === 0) return t('chart.noData');
  return `${kpis.map((k) => `${k.label}: ${k.value || t('chart.noData')}`).join('; ')}.`;
}

/** What a table holds; the table itself is the rest of the description. */
export function describeTable(
  title: string,
  rowCount: number,
  locale: Locale,
  t: Translate,
  note?: string,
): string {
  if (rowCount === 0) return describeEmpty(title, t, note);
  const first = t('chart.description.table', {
    title,
    count: rowCount,
    n: formatNumber(locale, rowCount),
  });
  return note ? `${first} ${note}` : first;
}

export function describeEmpty(title: string, t: Translate, note?: string): string {
  const first = t('chart.description.empty', { title });
  return note ? `${first} ${note}` : first;
}
