import * as Plot from '@observablehq/plot';
import type { ChartContext, ChartDraft } from './chart-context.js';
import type { Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { describeTrends } from './description.js';
import { seriesLegend } from './legend.js';
import { lineAxes, readLineSeries } from './line-series.js';
import { flatPoints, type Point, type SeriesGroup, stackTotals } from './points.js';
import { type Reference, referenceMarks } from './reference-lines.js';
import { analyseLines, type SeriesAnalysis } from './series-analysis.js';
import { describeGroups, describeSeries } from './series-description.js';
import { chartColor, chartHeight, dotOpacity, fontSize, textWidth, truncate } from './theme.js';
import { fitTrend, type TrendLine, trendMarks } from './trend-line.js';

// Series names at the right end of a stack; longer ones are cut there and whole in the legend.
const maxEndLabelChars = 16;

/**
 * The area under a line; with `encoding.color`, the series are stacked, so the top edge is
 * their total. Stacked bands are named at their right end as well as in the legend, so colour
 * is not the only way to tell them apart. Dots on each top edge carry the tooltips.
 */
export function areaChart(context: ChartContext): ChartDraft {
  const { spec, result, t } = context;
  const { key, value, color, references, groups } = readLineSeries(context);
  // A stack is fitted by its total, the line its top edge draws.
  const totals = color ? stackTotals(groups, key, value) : groups[0]!.points;
  const trend = spec.options.trend
    ? fitTrend(
        totals,
        key,
        value,
        undefined,
        color ? 'currentColor' : chartColor,
        t('chart.legend.trend'),
      )
    : null;
  const trends = trend ? [trend] : [];
  // A stack is forecast and judged by its total too.
  const analysis = analyseLines(context, key, value, [
    { points: totals, name: undefined, raw: '', color: color ? 'currentColor' : chartColor },
  ]);
  const description = [
    color
      ? describeGroups({ ...context, type: 'area', key, value, color, groups })
      : describeSeries({ ...context, type: 'area', series: { key, value, points: totals } }),
    ...describeTrends(trends, references, t),
    ...analysis.sentences,
  ].join(' ');
  const legend =
    color || trend || analysis.shown
      ? seriesLegend(color ? groups : [], trends, t, {}, analysis)
      : undefined;
  const height = spec.options.height ?? chartHeight;
  return {
    plot:
      totals.length > 0
        ? areaPlot({
            key,
            value,
            groups,
            totals,
            stacked: !!color,
            trends,
            analysis,
            references,
            height,
          })
        : null,
    description,
    // A stack is judged by its total: every band's row at an unusual key is marked.
    table: analysis.table(
      dataTable(color ? [key, color, value] : [key, value], result),
      key,
      undefined,
    ),
    ...(legend ? { legend } : {}),
  };
}

interface Areas {
  key: Column;
  value: Column;
  groups: SeriesGroup[];
  totals: Point[];
  stacked: boolean;
  trends: TrendLine[];
  analysis: SeriesAnalysis;
  references: Reference[];
  height: number;
}

function areaPlot(areas: Areas): Plot.PlotOptions {
  const { key, groups, totals, stacked, trends, analysis, references } = areas;
  const { extent } = analysis;
  const { under, over } = analysis.marks;
  const points = flatPoints(groups);
  // The bands' names would sit on the forecast: then the legend alone names them.
  const labels = stacked && extent.keys.length === 0 ? endLabels(areas) : [];
  // Lines and dots follow each band's top edge, which stackY2 gives.
  const onTop = <T extends Plot.MarkOptions>(options: T) =>
    stacked ? Plot.stackY2({ z: 'series', ...options }) : options;
  return {
    ...lineAxes(
      areas,
      totals,
      [0, ...totals.map((p) => p.value), ...extent.measures, ...references.map((r) => r.value)],
      extent.keys,
    ),
    marginRight: labels.length > 0 ? textWidth(labels.map((l) => l.text)) + 12 : 24,
    marks: [
      Plot.areaY(
        points,
        stacked
          ? Plot.stackY({
              x: 'key',
              y: 'value',
              z: 'series',
              fill: 'color',
              fillOpacity: 0.7,
              title: 'series',
            })
          : { x: 'key', y: 'value', fill: chartColor, fillOpacity: 0.3 },
      ),
      Plot.lineY(
        points,
        onTop({ x: 'key', y: 'value', stroke: stacked ? 'color' : chartColor, strokeWidth: 1.5 }),
      ),
      Plot.ruleY([0]),
      ...trendMarks(trends),
      ...under,
      Plot.dot(
        points,
        onTop({
          x: 'key',
          y: 'value',
          fill: stacked ? 'color' : chartColor,
          r: 2.5,
          fillOpacity: dotOpacity(Math.max(...groups.map((g) => g.points.length))),
          title: 'title',
          ...filterable(points, key.field, (p) => p.keyRaw),
        }),
      ),
      ...(labels.length > 0
        ? [Plot.text(labels, { x: 'key', y: 'y', text: 'text', textAnchor: 'start', dx: 6 })]
        : []),
      ...over,
      ...referenceMarks(references, 'y'),
    ],
  };
}

interface EndLabel {
  key: Point['key'];
  y: number;
  text: string;
}

/**
 * Each band's name beside its right end, at the middle of the band, nudged apart where bands are
 * too thin for a line of text. The y scale is not known until Plot draws, so the nudge works on
 * an estimate of it: the nice maximum over the plot's inner height.
 */
function endLabels({ groups, totals, height }: Areas): EndLabel[] {
  const last = totals.at(-1);
  if (!last) return [];
  let base = 0;
  const labels: EndLabel[] = [];
  for (const group of groups) {
    const point = group.points.find((p) => p.keyRaw === last.keyRaw);
    if (!point) continue;
    labels.push({
      key: last.key,
      y: base + point.value / 2,
      text: truncate(group.name, maxEndLabelChars),
    });
    base += point.value;
  }
  const max = Math.max(...totals.map((p) => p.value));
  const lineHeight = (max / Math.max(1, height - 64)) * (fontSize + 2);
  for (let i = 1; i < labels.length; i++) {
    const below = labels[i - 1]!;
    const label = labels[i]!;
    label.y = Math.max(label.y, below.y + lineHeight);
  }
  return labels;
}
