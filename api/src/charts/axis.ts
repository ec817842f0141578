import type * as Plot from '@observablehq/plot';
import { extent } from 'd3-array';
import type { ChannelValue, Column } from './column.js';
import { textWidth, truncate } from './theme.js';

// Room between the axis line and its tick labels (Plot's tickSize + tickPadding).
const TICK_GAP = 9;
// Room for Plot's rotated label of a vertical axis.
const SIDE_LABEL = 22;
// Category labels longer than this are cut on the axis; tooltips and the table keep them whole.
export const maxCategoryChars = 24;

/**
 * Plot sizes margins for its default 10px labels and knows no text metrics; a pt-BR axis reads
 * `2.000.000`, so the left margin is estimated from the widest tick the values imply.
 */
export function numericAxisMargin(column: Column, values: readonly number[]): number {
  const [min, max] = extent(values);
  if (min === undefined || max === undefined) return 40;
  const extremes = [Math.min(min, 0), max];
  // Plot extends a domain to round ticks, which can add a digit (95 → 100).
  const labels = extremes.flatMap((v) => [column.tick(v), column.tick(nextPowerOfTen(v))]);
  return Math.max(40, textWidth(labels) + TICK_GAP + 6);
}

/** Left margin for a vertical axis of category labels, with room for its rotated title. */
export function categoryAxisMargin(labels: readonly string[]): number {
  return textWidth(labels.map((l) => truncate(l, maxCategoryChars))) + TICK_GAP + SIDE_LABEL;
}

function nextPowerOfTen(v: number): number {
  if (v === 0) return 0;
  return Math.sign(v) * 10 ** Math.ceil(Math.log10(Math.abs(v)));
}

/**
 * The x scale of a line or area: dates and numbers on a continuous axis (hours at whole-hour
 * ticks), categories at evenly spaced points in query order.
 */
export function keyScale(key: Column, keys: readonly ChannelValue[]): Plot.ScaleOptions {
  // A centred axis title keeps clear of the last tick label, where Plot's default sits on it.
  const x: Plot.ScaleOptions = { label: key.label, labelAnchor: 'center', tickFormat: key.tick };
  if (key.kind === 'category') Object.assign(x, { type: 'point', domain: [...new Set(keys)] });
  if (key.format.style === 'hour') x.ticks = hourTicks(keys.map((k) => +k));
  return x;
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
