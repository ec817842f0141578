/** How line, area and bar charts describe themselves: they share the series they draw. */

import { formatNumber, numberFormat } from '@painel/i18n';
import type { Column } from './column.js';
import {
  type Described,
  describeEmpty,
  describeExtremes,
  describeSeriesTrend,
  listNames,
  MAX_NAMES,
  opening,
  trendOf,
} from './description.js';
import { type Series, type SeriesGroup, stackTotals } from './points.js';

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
