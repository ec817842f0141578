import * as Plot from '@observablehq/plot';
import { categoryAxisMargin, maxCategoryChars, numericAxisMargin } from './axis.js';
import {
  type ChartContext,
  type ChartDraft,
  optionalColumn,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import type { ChannelValue, Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { describeReferences } from './description.js';
import { seriesLegend } from './legend.js';
import {
  flatPoints,
  keyDomain,
  type Point,
  readGroups,
  readSeries,
  type SeriesGroup,
  stackTotals,
} from './points.js';
import {
  type LabelFacet,
  type Reference,
  readReferences,
  referenceMarks,
} from './reference-lines.js';
import { describeGroups, describeSeries } from './series-description.js';
import { chartColor, chartWidth, charWidth, textWidth, truncate } from './theme.js';

export type Orientation = 'vertical' | 'horizontal';
export type Layout = 'stacked' | 'grouped';

/**
 * Bars in the order the query returned them (an ORDER BY is the author's ranking), each with a
 * `<title>` tooltip. Horizontal bars put categories on the y axis, where long names fit. With
 * `encoding.color`, each category holds one bar per series, stacked or side by side; the
 * series keep the legend's order within every stack or group, so position tells them apart as
 * well as colour.
 */
export function barChart(context: ChartContext): ChartDraft {
  const { spec, result, t } = context;
  const horizontal = spec.options.orientation === 'horizontal';
  // The category is on the x axis of vertical bars and the y axis of horizontal ones.
  const key = requireColumn(context, horizontal ? 'y' : 'x', 'barCategories');
  const value = requireMeasure(context, horizontal ? 'x' : 'y', 'barLengths');
  const color = optionalColumn(context, 'color');
  const references = readReferences(spec.options.referenceLines, value, context.locale);
  const orientation = horizontal ? 'horizontal' : 'vertical';
  if (!color) {
    const series = readSeries(result, key, value);
    return {
      plot:
        series.points.length > 0
          ? singleBarPlot(key, value, series.points, orientation, references)
          : null,
      description: [
        describeSeries({ ...context, type: 'bar', series }),
        ...describeReferences(references, t),
      ].join(' '),
      // The key leads the table as it does in the query: "ORD, 12,345", not "12,345, ORD".
      table: dataTable([key, value], result),
    };
  }
  const layout = spec.options.layout ?? 'stacked';
  const { groups } = readGroups(result, key, value, color, t('chart.legend.missing'));
  const bars: GroupedBars = { key, value, groups, orientation, layout, references };
  const drawn = groups.length > 0;
  return {
    plot: drawn ? groupedBarPlot(bars) : null,
    legend: seriesLegend(groups, [], t),
    description: [
      describeGroups({ ...context, type: 'bar', layout, key, value, color, groups }),
      ...describeReferences(references, t),
    ].join(' '),
    table: dataTable([key, color, value], result),
  };
}

/** Scale options for the category and measure axes, and the margins their labels need. */
function axes(
  key: Column,
  value: Column,
  domain: ChannelValue[],
  measures: readonly number[],
  orientation: Orientation,
) {
  const category: Plot.ScaleOptions = {
    label: key.label,
    domain,
    tickFormat: (d: unknown) => truncate(key.tick(d), maxCategoryChars),
  };
  const measure: Plot.ScaleOptions = { label: value.label, tickFormat: value.tick, grid: true };
  if (orientation === 'horizontal') {
    return {
      category,
      // Centred, the axis title keeps clear of the last tick label.
      measure: { ...measure, labelAnchor: 'center' as const },
      layout: {
        marginLeft: categoryAxisMargin(domain.map((d) => key.tick(d))),
        marginRight: 24,
        marginBottom: 44,
      },
    };
  }
  const labels = domain.map((d) => truncate(key.tick(d), maxCategoryChars));
  // Labels wider than their band would overlap; those are turned 45° instead.
  const crowded = textWidth(labels) + charWidth > (chartWidth - 80) / Math.max(1, domain.length);
  return {
    category: crowded ? { ...category, tickRotate: -45 } : category,
    measure,
    layout: {
      marginLeft: numericAxisMargin(value, measures),
      // A 45° label reaches down about 0.71 of its length, and the axis title goes below it.
      marginBottom: crowded ? Math.round(textWidth(labels) * 0.71) + 36 : 40,
    },
  };
}

/** The bars, then the zero line and the reference lines across the measure axis. */
function barMarks(
  orientation: Orientation,
  bars: Plot.Markish,
  references: readonly Reference[],
  facet?: LabelFacet,
): Plot.Markish[] {
  const horizontal = orientation === 'horizontal';
  return [
    bars,
    horizontal ? Plot.ruleX([0]) : Plot.ruleY([0]),
    ...referenceMarks(references, horizontal ? 'x' : 'y', facet),
  ];
}

function singleBarPlot(
  key: Column,
  value: Column,
  points: Point[],
  orientation: Orientation,
  references: readonly Reference[],
): Plot.PlotOptions {
  const domain = keyDomain(points);
  const measures = [...points.map((p) => p.value), ...references.map((r) => r.value)];
  const { category, measure, layout } = axes(key, value, domain, measures, orientation);
  const bar = {
    fill: chartColor,
    title: 'title',
    ...filterable(points, key.field, (p) => p.keyRaw),
  } as const;
  if (orientation === 'horizontal') {
    return {
      ...layout,
      height: Math.max(120, domain.length * 28 + 74),
      x: measure,
      y: category,
      marks: barMarks(orientation, Plot.barX(points, { x: 'value', y: 'key', ...bar }), references),
    };
  }
  return {
    ...layout,
    x: category,
    y: measure,
    marks: barMarks(orientation, Plot.barY(points, { x: 'key', y: 'value', ...bar }), references),
  };
}

interface GroupedBars {
  key: Column;
  value: Column;
  groups: SeriesGroup[];
  orientation: Orientation;
  layout: Layout;
  references: Reference[];
}

/**
 * Stacks are one band per category with the series piled in legend order; groups are a facet
 * per category with one band per series inside it, which is how Plot places bars side by side.
 */
function groupedBarPlot(bars: GroupedBars): Plot.PlotOptions {
  const { key, value, groups, orientation, layout, references } = bars;
  const points = flatPoints(groups);
  const domain = keyDomain(points);
  const stacked = layout === 'stacked';
  const measures = [
    ...(stacked ? stackTotals(groups, key, value) : points).map((p) => p.value),
    ...references.map((r) => r.value),
  ];
  const scales = axes(key, value, domain, measures, orientation);
  const horizontal = orientation === 'horizontal';
  const bar = {
    fill: 'color',
    title: 'title',
    ...filterable(points, key.field, (p) => p.keyRaw),
  } as const;
  const series: Plot.ScaleOptions = { domain: groups.map((g) => g.name), axis: null };
  const bandCount = stacked ? domain.length : domain.length * groups.length;
  if (horizontal) {
    const height = Math.max(120, bandCount * (stacked ? 28 : 18) + domain.length * 8 + 74);
    return stacked
      ? {
          ...scales.layout,
          height,
          x: scales.measure,
          y: scales.category,
          marks: barMarks(
            orientation,
            Plot.barX(points, Plot.stackX({ x: 'value', y: 'key', z: 'series', ...bar })),
            references,
          ),
        }
      : {
          ...scales.layout,
          height,
          x: scales.measure,
          fy: { ...scales.category, axis: 'left' },
          y: series,
          marks: barMarks(
            orientation,
            Plot.barX(points, { x: 'value', y: 'series', fy: 'key', ...bar }),
            references,
            { channel: 'fy', value: domain[0] },
          ),
        };
  }
  return stacked
    ? {
        ...scales.layout,
        x: scales.category,
        y: scales.measure,
        marks: barMarks(
          orientation,
          Plot.barY(points, Plot.stackY({ x: 'key', y: 'value', z: 'series', ...bar })),
          references,
        ),
      }
    : {
        ...scales.layout,
        fx: { ...scales.category, axis: 'bottom' },
        x: series,
        y: scales.measure,
        marks: barMarks(
          orientation,
          Plot.barY(points, { x: 'series', y: 'value', fx: 'key', ...bar }),
          references,
          { channel: 'fx', value: domain.at(-1) },
        ),
      };
}
