import type * as Plot from '@observablehq/plot';
import type { ChartContext } from './chart-context.js';
import type { ChannelValue, Column } from './column.js';
import type { DataTable } from './data-table.js';
import {
  describeForecasts,
  type ForecastLine,
  forecastKeys,
  forecastLine,
  forecastMarks,
  forecastMeasures,
  isDrawn,
  withForecastRows,
} from './forecast-line.js';
import type { Point } from './points.js';
import {
  describeUnusual,
  type UnusualPoints,
  unusualMarks,
  unusualPoints,
  withUnusualColumn,
} from './unusual-points.js';

/** What the options `forecast` and `anomalies` add to the lines of a line or area chart. */
export interface SeriesAnalysis {
  forecasts: ForecastLine[];
  unusual: UnusualPoints[];
  /** Whether the legend has an entry for them. */
  shown: boolean;
  /** Values and keys drawn beyond the data's, for the axes. */
  extent: { measures: number[]; keys: ChannelValue[] };
  /** Forecasts go under the data's marks; the rings over them, so their tooltips are reached. */
  marks: { under: Plot.Markish[]; over: Plot.Markish[] };
  /** Their sentences, after the chart's own. */
  sentences: string[];
  /**
   * The data table with the unusual rows marked and the forecast periods after the query's
   * rows. `series` is the column naming each row's line, when the lines are its values (not a
   * stack's total, whose every band is marked at an unusual key).
   */
  table(table: DataTable, key: Column, series: Column | undefined): DataTable;
}

/** One line as the analyses see it: a single series has no name. */
export interface AnalysedLine {
  points: readonly Point[];
  name: string | undefined;
  raw: string;
  color: string;
}

/** Forecasts and unusual points of each line, as the chart's options ask. */
export function analyseLines(
  context: ChartContext,
  key: Column,
  value: Column,
  lines: readonly AnalysedLine[],
): SeriesAnalysis {
  const { spec, locale, result, t } = context;
  const { forecast, anomalies } = spec.options;
  const forecasts = forecast
    ? lines.map((line) =>
        forecastLine(
          {
            points: line.points,
            key,
            value,
            periods: forecast.periods,
            series: line.name,
            color: line.color,
          },
          t,
        ),
      )
    : [];
  const unusual = anomalies
    ? lines.map((line) =>
        unusualPoints(
          { points: line.points, key, value, series: line.name, seriesRaw: line.raw },
          locale,
          t,
        ),
      )
    : [];
  return {
    forecasts,
    unusual,
    shown: forecasts.some(isDrawn) || unusual.some((u) => u.points.length > 0),
    extent: { measures: forecastMeasures(forecasts), keys: forecastKeys(forecasts) },
    marks: { under: forecastMarks(forecasts), over: unusualMarks(unusual) },
    sentences: [...describeUnusual(unusual, locale, t), ...describeForecasts(forecasts, locale, t)],
    table(table, key, series) {
      const marked = withUnusualColumn(table, result.rows, unusual, key, series, t);
      return withForecastRows(marked, forecasts, series !== undefined, t);
    },
  };
}
