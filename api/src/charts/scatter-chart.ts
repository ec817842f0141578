import * as Plot from '@observablehq/plot';
import { formatNumber } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { numericAxisMargin } from './axis.js';
import {
  type ChartContext,
  type ChartDraft,
  optionalColumn,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import { ChartError } from './chart-error.js';
import type { Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import {
  countedOpening,
  type Described,
  describeEmpty,
  describeTrends,
  listNames,
} from './description.js';
import { seriesLegend } from './legend.js';
import { groupRows, type Point, readPoint, type SeriesGroup } from './points.js';
import { type Reference, readReferences, referenceMarks } from './reference-lines.js';
import { linearFit } from './regression.js';
import { seriesStyle } from './series-style.js';
import { fitTrend, type TrendLine, trendMarks } from './trend-line.js';

/** A point of a scatter plot: `key` is its x, `value` its y, `size` a bubble's measure. */
export interface ScatterPoint extends Point {
  size: number | undefined;
}

// Bubble radii in px: the smallest still a target for a pointer, the largest not a blot.
const bubbleRange = [3, 18];

/**
 * Points of `encoding.y` against `encoding.x` (numbers or dates); `encoding.size` makes them
 * bubbles whose area follows the value, and `encoding.color` splits them into series that
 * differ in marker shape as well as colour.
 */
export function scatterChart(context: ChartContext): ChartDraft {
  const { spec, result, t } = context;
  const x = requireColumn(context, 'x', 'xAxis');
  if (x.kind === 'category') {
    throw new ChartError('scatterCategories', { column: x.field });
  }
  const y = requireMeasure(context, 'y', 'yAxis');
  const size = optionalColumn(context, 'size') && requireMeasure(context, 'size', 'bubbleSizes');
  const color = optionalColumn(context, 'color');
  const references = readReferences(spec.options.referenceLines, y, context.locale);
  const groups = scatterGroups(result, x, y, size, color, t('chart.legend.missing'));
  const points = groups.flatMap((g) => g.points);
  const trends: TrendLine[] = spec.options.trend
    ? groups.flatMap((g) => {
        const series = color ? g.name : undefined;
        return fitTrend(g.points, x, y, series, g.style.color, t('chart.legend.trend')) ?? [];
      })
    : [];
  const description = [
    describeScatter({ ...context, x, y, size, color, groups }),
    ...describeTrends(trends, references, t),
  ].join(' ');
  const columns = [x, y, ...(size ? [size] : []), ...(color ? [color] : [])];
  const legend =
    color || trends.length > 0
      ? seriesLegend(color ? groups : [], trends, t, { symbol: true })
      : undefined;
  return {
    plot: points.length > 0 ? scatterPlot({ x, y, size, color, groups, trends, references }) : null,
    description,
    table: dataTable(columns, result),
    ...(legend ? { legend } : {}),
  };
}

interface ScatterDescription extends Described {
  x: Column;
  y: Column;
  size: Column | undefined;
  color: Column | undefined;
  groups: readonly SeriesGroup<ScatterPoint>[];
}

/**
 * A scatter plot: how many points (and what a bubble's size and the series are), the spread on
 * both axes, and how strongly y follows x by Pearson's r.
 */
function describeScatter(d: ScatterDescription): string {
  const { title, locale, t, note, x, y, size, color, groups } = d;
  const points = groups.flatMap((g) => g.points);
  if (points.length === 0) return describeEmpty(title, t, note);
  const sentences = countedOpening(
    d,
    `chart.description.${size ? 'bubble' : 'scatter'}`,
    points.length,
    {
      x: x.label,
      y: y.label,
      size: size?.label,
    },
  );
  if (color) {
    const names = listNames(
      groups.map((g) => g.name),
      locale,
      t,
    );
    sentences.push(t('chart.description.series', { series: color.label, names }));
  }
  const byX = [...points].sort((a, b) => +a.key - +b.key);
  const byY = [...points].sort((a, b) => a.value - b.value);
  sentences.push(
    t('chart.description.spread', {
      x: x.label,
      xFrom: byX[0]!.keyText,
      xTo: byX.at(-1)!.keyText,
      y: y.label,
      yFrom: byY[0]!.valueText,
      yTo: byY.at(-1)!.valueText,
    }),
  );
  const fit = linearFit(
    points.map((p) => +p.key),
    points.map((p) => p.value),
  );
  if (fit) {
    const strength =
      Math.abs(fit.r) < WEAK_CORRELATION ? 'none' : fit.r > 0 ? 'positive' : 'negative';
    const r = formatNumber(locale, fit.r, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    sentences.push(t(`chart.description.correlation.${strength}`, { x: x.label, y: y.label, r }));
  }
  if (size) {
    const largest = points.reduce((a, b) => ((b.size ?? 0) > (a.size ?? 0) ? b : a));
    sentences.push(t('chart.description.largestBubble', { point: largest.title }));
  }
  return sentences.join(' ');
}

// Below this |r|, a straight line explains too little of the spread to call it a relation.
const WEAK_CORRELATION = 0.3;

/**
 * Each row with an x, a y (and a size, for bubbles) as a point; with `color`, sorted into
 * series in the order the query first gave them. The tooltip names every measure it shows.
 */
function scatterGroups(
  result: QueryResult,
  x: Column,
  y: Column,
  size: Column | undefined,
  color: Column | undefined,
  missing: string,
): SeriesGroup<ScatterPoint>[] {
  const read = (row: unknown[]): ScatterPoint | null => {
    const point = readPoint(row, x, y);
    const s = size?.value(row[size.index]);
    if (!point || (size && typeof s !== 'number')) return null;
    const measures = [
      `${x.label}: ${point.keyText}`,
      `${y.label}: ${point.valueText}`,
      ...(size ? [`${size.label}: ${size.text(row[size.index])}`] : []),
    ];
    return { ...point, size: s as number | undefined, title: measures.join('; ') };
  };
  if (color) return groupRows(result, color, missing, read);
  const points = result.rows.flatMap((row) => read(row) ?? []);
  return [{ name: y.label, raw: '', style: seriesStyle(0), points }];
}

interface Scatter {
  x: Column;
  y: Column;
  size: Column | undefined;
  color: Column | undefined;
  groups: SeriesGroup<ScatterPoint>[];
  trends: TrendLine[];
  references: Reference[];
}

function scatterPlot({ x, y, size, color, groups, trends, references }: Scatter): Plot.PlotOptions {
  const values = groups.flatMap((g) => g.points.map((p) => p.value));
  return {
    marginLeft: numericAxisMargin(y, [...values, ...references.map((r) => r.value)]),
    marginRight: 24,
    marginBottom: 44,
    x: { label: x.label, labelAnchor: 'center', tickFormat: x.tick, grid: true, nice: true },
    y: { label: y.label, tickFormat: y.tick, grid: true, nice: true },
    // The area of a bubble, not its radius, follows the value: Plot's r scale is a sqrt scale.
    r: size ? { range: bubbleRange } : undefined,
    marks: [
      ...groups.map(({ points, style, raw }) =>
        Plot.dot(points, {
          x: 'key',
          y: 'value',
          r: size ? 'size' : 3.5,
          fill: style.color,
          fillOpacity: size ? 0.5 : 0.8,
          stroke: style.color,
          symbol: color ? style.symbol : undefined,
          title: 'title',
          ...(color ? filterable(points, color.field, () => raw) : {}),
        }),
      ),
      ...trendMarks(trends),
      ...referenceMarks(references, 'y'),
    ],
  };
}
