import { formatNumber, type Locale, numberFormat, type Translate } from '@painel/i18n';
import { extent, mean, median } from 'd3-array';
import type { Column } from './column.js';
import type { Cell } from './heatmap.js';
import type { Bin } from './histogram.js';
import type { RegionJoin } from './map-chart.js';
import type { Slice } from './pie-chart.js';
import { type Point, type Series, type SeriesGroup, stackTotals } from './points.js';
import type { Reference } from './reference-lines.js';
import { linearFit } from './regression.js';
import type { ScatterPoint } from './scatter-chart.js';
import type { Kpi } from './spec.js';
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
interface Described {
  title: string;
  locale: Locale;
  t: Translate;
  /** What the author wrote about the chart; it follows the first sentence. */
  note?: string | undefined;
}

interface SeriesDescription extends Described {
  type: 'line' | 'area' | 'bar';
  title: string;
  series: Series;
}

/**
 * A plain-language summary of a line, area or bar chart: what it shows and how many marks, the
 * range of a line's axis, the highest and lowest marks with their labels, and a line's trend.
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
  const along = type !== 'bar';
  if (along) {
    // Lines are sorted along their axis (unless categorical), so the ends are the range.
    sentences.push(
      t('chart.description.range', { key: key.label, from: first.keyText, to: last.keyText }),
    );
  }
  sentences.push(describeExtremes(points, t));
  if (along) {
    sentences.push(
      t(`chart.description.trend.${trendOf(points)}`, {
        first: first.valueText,
        last: last.valueText,
      }),
    );
  }
  return sentences.join(' ');
}

/**
 * `Flights: 2,999,851 (+12.3% vs previous period); Mean delay: 9.3 min.` — a KPI card says
 * everything it shows, and the trend of its sparkline in words.
 */
export function describeKpis(
  kpis: readonly Kpi[],
  t: Translate,
  history?: { label: string; points: readonly Point[] },
): string {
  if (kpis.length === 0) return t('chart.noData');
  const values = kpis.map((k) => {
    const value = `${k.label}: ${k.value || t('chart.noData')}`;
    return k.comparison ? `${value} (${k.comparison.text})` : value;
  });
  const sentences = [`${values.join('; ')}.`];
  if (history && history.points.length > 1) {
    sentences.push(describeSeriesTrend(history.label, history.points, t));
  }
  return sentences.join(' ');
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

/** `Highest: ORD (152,734). Lowest: SFO (98,012).` over labelled values. */
function describeExtremes(
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
function describeSeriesTrend(series: string, points: readonly Point[], t: Translate): string {
  return t(`chart.description.seriesTrend.${trendOf(points)}`, {
    series,
    first: points[0]!.valueText,
    last: points.at(-1)!.valueText,
  });
}

// Past this many, a list of names ends with "and 4 more"; the legend and table have them all.
const MAX_NAMES = 6;

/** `AA, DL, and UA` / `AA, DL e UA`, cut to the first few names. */
export function listNames(names: readonly string[], locale: Locale, t: Translate): string {
  const shown = names.length > MAX_NAMES ? names.slice(0, MAX_NAMES - 1) : [...names];
  const rest = names.length - shown.length;
  if (rest > 0)
    shown.push(t('chart.description.more', { count: rest, n: formatNumber(locale, rest) }));
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(shown);
}

/** The first sentence, with the author's note after it when there is one. */
function opening(first: string, note: string | undefined): string[] {
  return note ? [first, note] : [first];
}

interface GroupsDescription extends Described {
  type: 'line' | 'area' | 'bar';
  /** How bars of several series are laid out; an area of several series is always stacked. */
  layout?: 'stacked' | 'grouped';
  key: Column;
  value: Column;
  color: Column;
  groups: readonly SeriesGroup[];
}

/**
 * A chart of several series: what it shows and the series' names, the range of its axis, then
 * for stacks the highest and lowest totals and the largest series' share, and otherwise the
 * highest and lowest points and each line's trend.
 */
export function describeGroups(d: GroupsDescription): string {
  const { title, locale, t, note, key, value, color, groups } = d;
  const points = groups.flatMap((g) => g.points);
  if (points.length === 0) return describeEmpty(title, t, note);
  const stacked = d.type === 'area' || d.layout === 'stacked';
  const variant = d.type === 'bar' ? d.layout : d.type;
  const sentences = opening(
    t(`chart.description.groups.${variant}`, {
      title,
      key: key.label,
      value: value.label,
      series: color.label,
      names: listNames(
        groups.map((g) => g.name),
        locale,
        t,
      ),
    }),
    note,
  );
  const totals = stackTotals(groups, key, value);
  if (d.type !== 'bar' && totals.length > 1) {
    sentences.push(
      t('chart.description.range', {
        key: key.label,
        from: totals[0]!.keyText,
        to: totals.at(-1)!.keyText,
      }),
    );
  }
  if (stacked) {
    sentences.push(describeExtremes(totals, t, 'chart.description.totals'));
    const sums = groups.map((g) => ({ g, sum: g.points.reduce((a, p) => a + p.value, 0) }));
    const whole = sums.reduce((a, s) => a + s.sum, 0);
    const largest = sums.reduce((a, b) => (b.sum > a.sum ? b : a));
    if (groups.length > 1 && whole > 0) {
      const share = numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
      sentences.push(
        t('chart.description.largestSeries', {
          series: largest.g.name,
          share: share.format(largest.sum / whole),
        }),
      );
    }
    if (d.type === 'area' && totals.length > 1) {
      sentences.push(describeSeriesTrend(t('chart.total'), totals, t));
    }
    return sentences.join(' ');
  }
  sentences.push(
    describeExtremes(
      groups.flatMap((g) => g.points.map((p) => ({ ...p, keyText: `${g.name}, ${p.keyText}` }))),
      t,
    ),
  );
  if (d.type === 'line') {
    for (const group of groups.slice(0, MAX_NAMES)) {
      if (group.points.length > 1) sentences.push(describeSeriesTrend(group.name, group.points, t));
    }
  }
  return sentences.join(' ');
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

interface PieDescription extends Described {
  key: Column;
  value: Column;
  slices: readonly Slice[];
  total: number;
  donut: boolean;
}

/** A pie: how many slices, the largest and smallest with their shares, the total. */
export function describePie(d: PieDescription): string {
  const { title, locale, t, note, key, value, slices, total } = d;
  if (slices.length === 0 || total === 0) return describeEmpty(title, t, note);
  const count = slices.length;
  const sentences = opening(
    t(`chart.description.${d.donut ? 'donut' : 'pie'}`, {
      title,
      key: key.label,
      value: value.label,
      count,
      n: formatNumber(locale, count),
    }),
    note,
  );
  const other = slices.find((s) => s.keyRaw === undefined);
  // "Other" sums the smallest categories: it is neither the largest nor the smallest category.
  const named = slices.filter((s) => s !== other);
  const share = (s: Slice) => ({ key: s.label, share: s.shareText, value: s.valueText });
  sentences.push(t('chart.description.share.largest', share(named[0]!)));
  if (named.length > 1) sentences.push(t('chart.description.share.smallest', share(named.at(-1)!)));
  if (other) {
    sentences.push(t('chart.description.other', { n: other.categories, other: other.label }));
  }
  sentences.push(t('chart.description.total', { value: value.text(total) }));
  return sentences.join(' ');
}

interface ScatterDescription extends Described {
  x: Column;
  y: Column;
  size: Column | undefined;
  color: Column | undefined;
  groups: readonly SeriesGroup<ScatterPoint>[];
}

/**
 * A scatter plot: how many points (and what a bubble's size and the series are), the spread on
 * both axes, and how strongly y follows x by Pearson's r.
 */
export function describeScatter(d: ScatterDescription): string {
  const { title, locale, t, note, x, y, size, color, groups } = d;
  const points = groups.flatMap((g) => g.points);
  if (points.length === 0) return describeEmpty(title, t, note);
  const count = points.length;
  const sentences = opening(
    t(`chart.description.${size ? 'bubble' : 'scatter'}`, {
      title,
      x: x.label,
      y: y.label,
      size: size?.label,
      count,
      n: formatNumber(locale, count),
    }),
    note,
  );
  if (color) {
    const names = listNames(
      groups.map((g) => g.name),
      locale,
      t,
    );
    sentences.push(t('chart.description.series', { series: color.label, names }));
  }
  const byX = [...points].sort((a, b) => +a.key - +b.key);
  const byY = [...points].sort((a, b) => a.value - b.value);
  sentences.push(
    t('chart.description.spread', {
      x: x.label,
      xFrom: byX[0]!.keyText,
      xTo: byX.at(-1)!.keyText,
      y: y.label,
      yFrom: byY[0]!.valueText,
      yTo: byY.at(-1)!.valueText,
    }),
  );
  const fit = linearFit(
    points.map((p) => +p.key),
    points.map((p) => p.value),
  );
  if (fit) {
    const strength =
      Math.abs(fit.r) < WEAK_CORRELATION ? 'none' : fit.r > 0 ? 'positive' : 'negative';
    const r = formatNumber(locale, fit.r, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    sentences.push(t(`chart.description.correlation.${strength}`, { x: x.label, y: y.label, r }));
  }
  if (size) {
    const largest = points.reduce((a, b) => ((b.size ?? 0) > (a.size ?? 0) ? b : a));
    sentences.push(t('chart.description.largestBubble', { point: largest.title }));
  }
  return sentences.join(' ');
}

// Below this |r|, a straight line explains too little of the spread to call it a relation.
const WEAK_CORRELATION = 0.3;

interface HistogramDescription extends Described {
  field: Column;
  values: readonly number[];
  bins: readonly Bin[];
  references: readonly Reference[];
}

/** A histogram: how many values in how many bins over what range, the fullest bin, the centre. */
export function describeHistogram(d: HistogramDescription): string {
  const { title, locale, t, note, field, values, bins, references } = d;
  if (bins.length === 0) return describeEmpty(title, t, note);
  const count = values.length;
  const sentences = opening(
    t('chart.description.histogram', {
      title,
      field: field.label,
      count,
      n: formatNumber(locale, count),
    }),
    note,
  );
  sentences.push(
    t('chart.description.bins', {
      count: bins.length,
      n: formatNumber(locale, bins.length),
      from: field.text(bins[0]!.x0),
      to: field.text(bins.at(-1)!.x1),
    }),
  );
  const fullest = bins.reduce((a, b) => (b.count > a.count ? b : a));
  sentences.push(
    t('chart.description.mode', {
      range: fullest.label,
      count: formatNumber(locale, fullest.count),
    }),
  );
  sentences.push(
    t('chart.description.centre', {
      median: field.text(median(values)),
      mean: field.text(mean(values)),
    }),
  );
  sentences.push(...describeReferences(references, t));
  return sentences.join(' ');
}

interface HeatmapDescription extends Described {
  x: Column;
  y: Column;
  value: Column;
  cells: readonly Cell[];
}

/** A heatmap: what it crosses, how many cells, and the highest and lowest cells. */
export function describeHeatmap(d: HeatmapDescription): string {
  const { title, locale, t, note, x, y, value, cells } = d;
  if (cells.length === 0) return describeEmpty(title, t, note);
  const count = cells.length;
  const sentences = opening(
    t('chart.description.heatmap', {
      title,
      value: value.label,
      x: x.label,
      y: y.label,
      count,
      n: formatNumber(locale, count),
    }),
    note,
  );
  sentences.push(
    describeExtremes(
      cells.map((c) => ({
        keyText: `${c.xText}, ${c.yText}`,
        value: c.value,
        valueText: c.valueText,
      })),
      t,
    ),
  );
  return sentences.join(' ');
}

interface MapDescription extends Described {
  key: Column;
  value: Column;
  atlas: 'world' | 'us-states';
  /** Regions the map draws. */
  total: number;
  join: RegionJoin;
}

/**
 * A map: how many of its regions have data, the highest and lowest, and the rows that matched
 * no region, by name, so an author can fix their keys.
 */
export function describeMap(d: MapDescription): string {
  const { title, locale, t, note, key, value, atlas, total, join } = d;
  const { matched, unmatched } = join;
  const sentences =
    matched.length === 0
      ? [describeEmpty(title, t, note)]
      : opening(
          t('chart.description.map', {
            title,
            value: value.label,
            key: key.label,
            n: formatNumber(locale, matched.length),
            total: formatNumber(locale, total),
            regions: t(`chart.map.regions.${atlas === 'world' ? 'world' : 'usStates'}`),
          }),
          note,
        );
  if (matched.length > 0) {
    sentences.push(
      describeExtremes(
        matched.map((r) => ({ keyText: r.name, value: r.value, valueText: r.valueText })),
        t,
      ),
    );
  }
  if (unmatched.length > 0) {
    sentences.push(
      t('chart.description.unmatched', {
        count: unmatched.length,
        n: formatNumber(locale, unmatched.length),
        names: listNames(unmatched, locale, t),
      }),
    );
  }
  return sentences.join(' ');
}
