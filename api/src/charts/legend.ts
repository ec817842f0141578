import type { Translate } from '@painel/i18n';
import type { ColorClass } from './color-classes.js';
import { forecastDash, isDrawn } from './forecast-line.js';
import type { SeriesGroup } from './points.js';
import type { SeriesAnalysis } from './series-analysis.js';
import { ringPath, symbolPath } from './series-style.js';
import type { LegendItem } from './spec.js';
import { type TrendLine, trendDash } from './trend-line.js';

export interface LegendMarkers {
  /** Whether the series are drawn with marker shapes (lines and scatter plots). */
  symbol?: boolean;
  /** Whether the series are lines with dash patterns. */
  dash?: boolean;
}

/**
 * The key of a chart of several series, in drawing order, with each series' shape and dash so
 * the page's swatch matches the picture; a trend line, a forecast and unusual points get an entry
 * of their own.
 */
export function seriesLegend(
  groups: readonly SeriesGroup[],
  trends: readonly TrendLine[],
  t: Translate,
  markers: LegendMarkers = {},
  analysis?: SeriesAnalysis,
): LegendItem[] {
  const items: LegendItem[] = groups.map(({ name, style }) => ({
    label: name,
    color: style.color,
    ...(markers.symbol ? { symbol: symbolPath(style.symbol) } : {}),
    ...(markers.dash ? { dash: style.dash ?? 'none' } : {}),
  }));
  if (trends.length > 0) {
    items.push({ label: t('chart.legend.trend'), color: 'currentColor', dash: trendDash });
  }
  if (analysis?.forecasts.some(isDrawn)) {
    items.push({ label: t('chart.legend.forecast'), color: 'currentColor', dash: forecastDash });
  }
  if (analysis?.unusual.some((u) => u.points.length > 0)) {
    items.push({ label: t('chart.legend.anomaly'), color: 'currentColor', symbol: ringPath });
  }
  return items;
}

/** The key of a heatmap or map: one entry per colour class, labelled with its range. */
export function classLegend(classes: readonly ColorClass[]): LegendItem[] {
  return classes.map(({ label, color }) => ({ label, color }));
}
