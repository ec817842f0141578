import * as Plot from '@observablehq/plot';
import { categoryAxisMargin, maxCategoryChars, numericAxisMargin } from './axis.js';
import { keyDomain, type Series } from './points.js';
import { chartColor, chartWidth, charWidth, textWidth, truncate } from './theme.js';

export type Orientation = 'vertical' | 'horizontal';

/**
 * Bars in the order the query returned them (an ORDER BY is the author's ranking), each with a
 * `<title>` tooltip. Horizontal bars put categories on the y axis, where long names fit.
 */
export function barPlot(series: Series, orientation: Orientation): Plot.PlotOptions {
  const { key, value, points } = series;
  const domain = keyDomain(points);
  const category: Plot.ScaleOptions = {
    label: key.label,
    domain,
    tickFormat: (d: unknown) => truncate(key.tick(d), maxCategoryChars),
  };
  const measure: Plot.ScaleOptions = { label: value.label, tickFormat: value.tick, grid: true };
  const bar = { fill: chartColor, title: 'title' } as const;
  if (orientation === 'horizontal') {
    return {
      marginLeft: categoryAxisMargin(points.map((p) => key.tick(p.key))),
      marginRight: 24,
      marginBottom: 44,
      height: Math.max(120, domain.length * 28 + 74),
      // Centred, the axis title keeps clear of the last tick label.
      x: { ...measure, labelAnchor: 'center' },
      y: category,
      marks: [Plot.barX(points, { x: 'value', y: 'key', ...bar }), Plot.ruleX([0])],
    };
  }
  const labels = points.map((p) => truncate(key.tick(p.key), maxCategoryChars));
  // Labels wider than their band would overlap; those are turned 45° instead.
  const crowded = textWidth(labels) + charWidth > (chartWidth - 80) / Math.max(1, domain.length);
  return {
    marginLeft: numericAxisMargin(value, points),
    // A 45° label reaches down about 0.71 of its length, and the axis title goes below it.
    marginBottom: crowded ? Math.round(textWidth(labels) * 0.71) + 36 : 40,
    x: crowded ? { ...category, tickRotate: -45 } : category,
    y: measure,
    marks: [Plot.barY(points, { x: 'key', y: 'value', ...bar }), Plot.ruleY([0])],
  };
}
