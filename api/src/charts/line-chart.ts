import * as Plot from '@observablehq/plot';
import { numericAxisMargin } from './axis.js';
import type { Series } from './points.js';
import { chartColor } from './theme.js';

/**
 * A line with a dot on every point. The dots carry the tooltips (`<title>`), so each value can
 * be pointed at, and they show where the data is when points are sparse.
 */
export function linePlot(series: Series): Plot.PlotOptions {
  const { key, value, points } = series;
  // A centred axis title keeps clear of the last tick label, where Plot's default sits on it.
  const x: Plot.ScaleOptions = { label: key.label, labelAnchor: 'center', tickFormat: key.tick };
  if (key.kind === 'category')
    Object.assign(x, { type: 'point', domain: points.map((p) => p.key) });
  if (key.format.style === 'hour') x.ticks = hourTicks(points.map((p) => +p.key));
  return {
    marginLeft: numericAxisMargin(value, points),
    marginRight: 24,
    marginBottom: 44,
    x,
    y: { label: value.label, tickFormat: value.tick, grid: true, nice: true },
    marks: [
      Plot.line(points, { x: 'key', y: 'value', stroke: chartColor, strokeWidth: 2 }),
      Plot.dot(points, { x: 'key', y: 'value', fill: chartColor, r: 3.5, title: 'title' }),
    ],
  };
}

/** Whole hours at a readable step: Plot's default ticks would land on 2.5 or 5, 10, 15. */
export function hourTicks(hours: readonly number[]): number[] {
  if (hours.length === 0) return [];
  const from = Math.ceil(Math.min(...hours));
  const to = Math.floor(Math.max(...hours));
  const step = to - from > 12 ? 3 : to - from > 6 ? 2 : 1;
  const ticks: number[] = [];
  for (let h = Math.ceil(from / step) * step; h <= to; h += step) ticks.push(h);
  return ticks;
}
