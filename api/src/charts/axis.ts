import type { Column } from './column.js';
import type { Point } from './points.js';
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
export function numericAxisMargin(column: Column, points: readonly Point[]): number {
  if (points.length === 0) return 40;
  const values = points.map((p) => p.value);
  const extremes = [Math.min(...values, 0), Math.max(...values)];
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
