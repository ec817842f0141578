import * as Plot from '@observablehq/plot';
import type { ChartContext, ChartDraft } from './chart-context.js';
import type { Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { describeTrends } from './description.js';
import { seriesLegend } from './legend.js';
import { lineAxes, readLineSeries } from './line-series.js';
import type { SeriesGroup } from './points.js';
import { type Reference, referenceMarks } from './reference-lines.js';
import { analyseLines, type SeriesAnalysis } from './series-analysis.js';
import { describeGroups, describeSeries } from './series-description.js';
import { dotOpacity } from './theme.js';
import { fitTrend, type TrendLine, trendMarks } from './trend-line.js';

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
  const analysis = analyseLines(
    context,
    key,
    value,
    groups.map((g) => ({
      points: g.points,
      name: color ? g.name : undefined,
      raw: color ? g.raw : '',
      color: g.style.color,
    })),
  );
  const description = [
    color
      ? describeGroups({ ...context, type: 'line', key, value, color, groups })
      : describeSeries({
          ...context,
          type: 'line',
          series: { key, value, points: groups[0]!.points },
        }),
    ...describeTrends(trends, references, t),
    ...analysis.sentences,
  ].join(' ');
  const table = analysis.table(
    dataTable(color ? [key, color, value] : [key, value], result),
    key,
    color,
  );
  const drawn = groups.some((g) => g.points.length > 0);
  const legend =
    color || trends.length > 0 || analysis.shown
      ? seriesLegend(color ? groups : [], trends, t, { symbol: true, dash: true }, analysis)
      : undefined;
  return {
    plot: drawn ? linePlot({ key, value, groups, trends, analysis, references }) : null,
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
  analysis: SeriesAnalysis;
  references: readonly Reference[];
}

function linePlot(lines: Lines): Plot.PlotOptions {
  const { key, value, groups, trends, analysis, references } = lines;
  const points = groups.flatMap((g) => g.points);
  const several = groups.length > 1;
  const { extent } = analysis;
  const { under, over } = analysis.marks;
  return {
    ...lineAxes(
      { key, value },
      points,
      [...points.map((p) => p.value), ...extent.measures, ...references.map((r) => r.value)],
      extent.keys,
    ),
    marginRight: 24,
    marks: [
      ...trendMarks(trends),
      ...under,
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
      ...over,
      ...referenceMarks(references, 'y'),
    ],
  };
}
