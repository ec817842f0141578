import type * as Plot from '@observablehq/plot';
import { keyScale, numericAxisMargin } from './axis.js';
import {
  type ChartContext,
  optionalColumn,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import type { ChannelValue, Column } from './column.js';
import { type Point, readGroups, readSeries, type SeriesGroup, singleGroup } from './points.js';
import { type Reference, readReferences } from './reference-lines.js';

/** What a line or an area chart reads: `y` along `x`, one series per `color` value or one. */
export interface LineSeries {
  key: Column;
  value: Column;
  color: Column | undefined;
  references: Reference[];
  /** In the order of `x`, whatever the query's order: a line runs left to right. */
  groups: SeriesGroup[];
}

export function readLineSeries(context: ChartContext): LineSeries {
  const { spec, result, t } = context;
  const key = requireColumn(context, 'x', 'xAxis');
  const value = requireMeasure(context, 'y', 'yAxis');
  const color = optionalColumn(context, 'color');
  const references = readReferences(spec.options.referenceLines, value, context.locale);
  const groups = color
    ? readGroups(result, key, value, color, t('chart.legend.missing'), { sortByKey: true }).groups
    : [singleGroup(readSeries(result, key, value, { sortByKey: true }).points, value)];
  return { key, value, color, references, groups };
}

/**
 * The axes of a line or area chart: `key` along x over the points' keys, `value` up y with a
 * left margin wide enough for the ticks of `measures` (everything drawn, reference lines too).
 */
export function lineAxes(
  { key, value }: Pick<LineSeries, 'key' | 'value'>,
  points: readonly Point[],
  measures: readonly number[],
  /** Keys drawn past the data's (a forecast's). */
  beyond: readonly ChannelValue[] = [],
): Plot.PlotOptions {
  return {
    marginLeft: numericAxisMargin(value, measures),
    marginBottom: 44,
    x: keyScale(key, [...points.map((p) => p.key), ...beyond]),
    y: { label: value.label, tickFormat: value.tick, grid: true, nice: true },
  };
}
