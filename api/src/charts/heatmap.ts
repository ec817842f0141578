import * as Plot from '@observablehq/plot';
import { categoryAxisMargin, maxCategoryChars } from './axis.js';
import {
  type ChartContext,
  type ChartDraft,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import { colorClasses } from './color-classes.js';
import type { ChannelValue, Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { countedOpening, type Described, describeEmpty, describeExtremes } from './description.js';
import { classLegend } from './legend.js';
import { rawText } from './points.js';
import { chartWidth, charWidth, separatorColor, truncate } from './theme.js';

/** One cell: where it sits on both axes and the value that colours it. */
export interface Cell {
  x: ChannelValue;
  y: ChannelValue;
  xText: string;
  yText: string;
  xRaw: string;
  value: number;
  valueText: string;
  color: string;
  title: string;
}

// Rows shorter than this lose their readability; taller ones waste the card.
const rowHeight = 24;

/**
 * A grid of `encoding.x` by `encoding.y` (categories, dates or hours), each cell coloured by the
 * class of its `encoding.color` value on a sequential scale; the legend names each class's
 * range. Categories keep the query's order, dates and numbers run in ascending order.
 */
export function heatmap(context: ChartContext): ChartDraft {
  const { spec, result, t } = context;
  const x = requireColumn(context, 'x', 'heatmapColumns');
  const y = requireColumn(context, 'y', 'heatmapRows');
  const value = requireMeasure(context, 'color', 'cellColours');
  const cells: Omit<Cell, 'color'>[] = [];
  for (const row of result.rows) {
    const xv = x.value(row[x.index]);
    const yv = y.value(row[y.index]);
    const v = value.value(row[value.index]);
    if (xv === null || yv === null || typeof v !== 'number') continue;
    const xText = x.text(row[x.index]);
    const yText = y.text(row[y.index]);
    const valueText = value.text(row[value.index]);
    const title = `${xText}, ${yText} — ${valueText}`;
    cells.push({
      x: xv,
      y: yv,
      xText,
      yText,
      xRaw: rawText(row[x.index]),
      value: v,
      valueText,
      title,
    });
  }
  const table = dataTable([x, y, value], result);
  if (cells.length === 0) {
    return {
      plot: null,
      description: describeHeatmap({ ...context, x, y, value, cells: [] }),
      table,
    };
  }
  const scale = colorClasses(
    cells.map((c) => c.value),
    value,
    t,
  );
  const colored: Cell[] = cells.map((c) => ({ ...c, color: scale.colorOf(c.value) }));
  const xDomain = axisDomain(
    x,
    colored.map((c) => c.x),
  );
  const yDomain = axisDomain(
    y,
    colored.map((c) => c.y),
  );
  const yLabels = yDomain.map((d) => truncate(y.tick(d), maxCategoryChars));
  return {
    plot: {
      height: spec.options.height ?? Math.max(120, yDomain.length * rowHeight + 74),
      marginLeft: categoryAxisMargin(yLabels),
      marginBottom: 44,
      padding: 0,
      x: {
        label: x.label,
        labelAnchor: 'center',
        domain: xDomain,
        tickFormat: x.tick,
        ticks: sparseTicks(x, xDomain),
      },
      y: {
        label: y.label,
        domain: yDomain,
        tickFormat: (d: unknown) => truncate(y.tick(d), maxCategoryChars),
      },
      marks: [
        Plot.cell(colored, {
          x: 'x',
          y: 'y',
          fill: 'color',
          stroke: separatorColor,
          strokeWidth: 1,
          title: 'title',
          ...filterable(colored, x.field, (c) => c.xRaw),
        }),
      ],
    },
    legend: classLegend(scale.classes),
    legendTitle: value.label,
    description: describeHeatmap({ ...context, x, y, value, cells: colored }),
    table,
  };
}

interface HeatmapDescription extends Described {
  x: Column;
  y: Column;
  value: Column;
  cells: readonly Cell[];
}

/** A heatmap: what it crosses, how many cells, and the highest and lowest cells. */
function describeHeatmap(d: HeatmapDescription): string {
  const { title, t, note, x, y, value, cells } = d;
  if (cells.length === 0) return describeEmpty(title, t, note);
  const sentences = countedOpening(d, 'chart.description.heatmap', cells.length, {
    value: value.label,
    x: x.label,
    y: y.label,
  });
  sentences.push(
    describeExtremes(
      cells.map((c) => ({
        keyText: `${c.xText}, ${c.yText}`,
        value: c.value,
        valueText: c.valueText,
      })),
      t,
    ),
  );
  return sentences.join(' ');
}

/** The distinct values of an axis: categories in query order, dates and numbers ascending. */
function axisDomain(column: Column, values: readonly ChannelValue[]): ChannelValue[] {
  const distinct = new Map<string, ChannelValue>();
  for (const v of values) distinct.set(v instanceof Date ? v.toISOString() : String(v), v);
  const domain = [...distinct.values()];
  if (column.kind !== 'category') domain.sort((a, b) => +a - +b);
  return domain;
}

/** Every n-th column label when all of them would overlap: 31 days or 24 hours fit, 365 do not. */
function sparseTicks(column: Column, domain: readonly ChannelValue[]): ChannelValue[] {
  const widest = Math.max(...domain.map((d) => truncate(column.tick(d), maxCategoryChars).length));
  const room = (chartWidth - 120) / ((widest + 1) * charWidth);
  const step = Math.max(1, Math.ceil(domain.length / Math.max(1, room)));
  return domain.filter((_, i) => i % step === 0);
}
