import * as Plot from '@observablehq/plot';
import { extent } from 'd3-array';
import { ChartError } from './chart-error.js';
import type { ChannelValue, Column } from './column.js';
import type { Point } from './points.js';
import { type LinearFit, linearFit } from './regression.js';

/** A least-squares line over one series, from its first key to its last. */
export interface TrendLine {
  /** The series it fits; `undefined` for a chart of one series (or a stack's total). */
  series: string | undefined;
  color: string;
  fit: LinearFit;
  from: { key: ChannelValue; value: number };
  to: { key: ChannelValue; value: number };
  /** The fitted values at the ends, in the measure's format. */
  fromText: string;
  toText: string;
  /** `Linear trend — 1,000 → 1,500` */
  title: string;
}

export const trendDash = '6 4';

/**
 * Fits a trend to points along a numeric or date axis. A category axis has no distance between
 * its keys to fit against, so asking for a trend there is an authoring error.
 */
export function fitTrend(
  points: readonly Point[],
  key: Column,
  value: Column,
  series: string | undefined,
  color: string,
  label: string,
): TrendLine | null {
  if (key.kind === 'category') {
    throw new ChartError('trendCategories', { column: key.field });
  }
  const fit = linearFit(
    points.map((p) => +p.key),
    points.map((p) => p.value),
  );
  if (!fit) return null;
  const [first = 0, last = 0] = extent(points, (p) => +p.key);
  const at = (k: number) => ({ key: key.kind === 'date' ? new Date(k) : k, value: fit.at(k) });
  const from = at(first);
  const to = at(last);
  const fromText = value.text(from.value);
  const toText = value.text(to.value);
  const title = `${series ? `${series}, ` : ''}${label} — ${fromText} → ${toText}`;
  return { series, color, fit, from, to, fromText, toText, title };
}

/** Each trend as a thin dashed line in its series' colour, under the data's own marks. */
export function trendMarks(trends: readonly TrendLine[]): Plot.Markish[] {
  return trends.map((trend) =>
    Plot.line([trend.from, trend.to], {
      x: 'key',
      y: 'value',
      stroke: trend.color,
      strokeWidth: 1.5,
      strokeDasharray: trendDash,
      title: () => trend.title,
    }),
  );
}
