import * as Plot from '@observablehq/plot';
import type { ChartContext, ChartDraft } from './chart-context.js';
import type { Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { describeTrends } from './description.js';
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
import { seriesLegend } from './legend.js';
import { lineAxes, readLineSeries } from './line-series.js';
import type { SeriesGroup } from './points.js';
import { type Reference, referenceMarks } from './reference-lines.js';
import { describeGroups, describeSeries } from './series-description.js';
import { dotOpacity } from './theme.js';
import { fitTrend, type TrendLine, trendMarks } from './trend-line.js';
import {
  describeUnusual,
  type UnusualPoints,
  unusualMarks,
  unusualPoints,
  withUnusualColumn,
} from './unusual-points.js';

/**
 * One line per value of `encoding.color` (or a single line), each with a dot on every point.
 * The dots carry the tooltips (`<title>`), so each value can be pointed at, and they show where
 * the data is when points are sparse. Series differ in colour, dash and dot shape.
 */
export function lineChart(context: ChartContext): ChartDraft {
  const { spec, result, t } = context;
  const { key, value, color, references, groups } = readLineSeries(context);
  const trends = spec.options.trend
    ? groups.flatMap((g) => {
        const name = color ? g.name : undefined;
        return fitTrend(g.points, key, value, name, g.style.color, t('chart.legend.trend')) ?? [];
      })
    : [];
  const { forecast } = spec.options;
  const forecasts = forecast
    ? groups.map((g) =>
        forecastLine(
          {
            points: g.points,
            key,
            value,
            periods: forecast.periods,
            series: color ? g.name : undefined,
            color: g.style.color,
          },
          t,
        ),
      )
    : [];
  const unusual = spec.options.anomalies
    ? groups.map((g) =>
        unusualPoints(
          {
            points: g.points,
            key,
            value,
            series: color ? g.name : undefined,
            seriesRaw: color ? g.raw : '',
          },
          context.locale,
          t,
        ),
      )
    : [];
  const description = [
    color
      ? describeGroups({ ...context, type: 'line', key, value, color, groups })
      : describeSeries({
          ...context,
          type: 'line',
          series: { key, value, points: groups[0]!.points },
        }),
    ...describeTrends(trends, references, t),
    ...describeUnusual(unusual, context.locale, t),
    ...describeForecasts(forecasts, context.locale, t),
  ].join(' ');
  const table = withForecastRows(
    withUnusualColumn(
      dataTable(color ? [key, color, value] : [key, value], result),
      result.rows,
      unusual,
      key,
      color,
      t,
    ),
    forecasts,
    !!color,
    t,
  );
  const drawn = groups.some((g) => g.points.length > 0);
  const legend =
    color || trends.length > 0 || forecasts.some(isDrawn) || unusual.some((u) => u.points.length)
      ? seriesLegend(
          color ? groups : [],
          trends,
          t,
          { symbol: true, dash: true },
          forecasts,
          unusual,
        )
      : undefined;
  return {
    plot: drawn ? linePlot({ key, value, groups, trends, forecasts, unusual, references }) : null,
    description,
    table,
    ...(legend ? { legend } : {}),
  };
}

/** What a line chart draws besides its lines. */
interface Lines {
  key: Column;
  value: Column;
  groups: readonly SeriesGroup[];
  trends: readonly TrendLine[];
  forecasts: readonly ForecastLine[];
  unusual: readonly UnusualPoints[];
  references: readonly Reference[];
}

function linePlot(lines: Lines): Plot.PlotOptions {
  const { key, value, groups, trends, forecasts, unusual, references } = lines;
  const points = groups.flatMap((g) => g.points);
  const several = groups.length > 1;
  return {
    ...lineAxes(
      { key, value },
      points,
      [
        ...points.map((p) => p.value),
        ...forecastMeasures(forecasts),
        ...references.map((r) => r.value),
      ],
      forecastKeys(forecasts),
    ),
    marginRight: 24,
    marks: [
      ...trendMarks(trends),
      ...forecastMarks(forecasts),
      ...groups.flatMap(({ points, style }) => [
        Plot.line(points, {
          x: 'key',
          y: 'value',
          stroke: style.color,
          strokeWidth: 2,
          strokeDasharray: style.dash,
        }),
        Plot.dot(points, {
          x: 'key',
          y: 'value',
          fill: style.color,
          r: 3.5,
          fillOpacity: dotOpacity(points.length),
          // One series keeps Plot's circles; several are told apart by shape too.
          symbol: several ? style.symbol : undefined,
          title: 'title',
          ...filterable(points, key.field, (p) => p.keyRaw),
        }),
      ]),
      ...unusualMarks(unusual),
      ...referenceMarks(references, 'y'),
    ],
  };
}
