import type * as Plot from '@observablehq/plot';
import { type Locale, numberFormat } from '@painel/i18n';
import { arc, pie } from 'd3-shape';
import {
  type ChartContext,
  type ChartDraft,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import { ChartError } from './chart-error.js';
import type { Column } from './column.js';
import { filterAttributes } from './cross-filter.js';
import { dataTable } from './data-table.js';
import { countedOpening, type Described, describeEmpty } from './description.js';
import type { SvgElement } from './plot-document.js';
import { type Point, readSeries } from './points.js';
import type { LegendItem } from './spec.js';
import { chartHeight, chartWidth, separatorColor, seriesColor, truncate } from './theme.js';

/** One slice as drawn: its share of the whole and where it starts and ends, clockwise from 12. */
export interface Slice {
  label: string;
  /** The category as the query returned it; `undefined` for the merged "Other" slice. */
  keyRaw: string | undefined;
  /** How many categories the slice sums: 1, or more for "Other". */
  categories: number;
  value: number;
  valueText: string;
  share: number;
  shareText: string;
  color: string;
  startAngle: number;
  endAngle: number;
  title: string;
}

// More slices than colours are unreadable: the smallest are merged into one "Other" slice.
export const maxSlices = 8;
// Slices smaller than this get no label on the picture; the legend and tooltip still name them.
const minLabelledShare = 0.04;
const labelGap = 10;
const lineHeight = 15;
const maxLabelChars = 18;

/**
 * A pie (or, with `options.donut`, a ring with the total in its middle) of `encoding.y` by
 * `encoding.x`. Plot has no arc mark, so d3-shape computes the arcs and a render function draws
 * them into the same Plot SVG, which then gets the same finishing as every chart.
 */
export function pieChart(context: ChartContext): ChartDraft {
  const { spec, result, locale, t } = context;
  const key = requireColumn(context, 'x', 'slices');
  const value = requireMeasure(context, 'y', 'sliceSizes');
  const { points } = readSeries(result, key, value);
  const negative = points.find((p) => p.value < 0);
  if (negative) {
    throw new ChartError('negativeSlice', {
      value: negative.valueText,
      category: negative.keyText,
    });
  }
  const slices = pieSlices(points, value, locale, t('chart.pie.other'));
  const donut = spec.options.donut === true;
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const description = describePie({ ...context, key, value, slices, total, donut });
  const table = dataTable([key, value], result);
  if (total === 0) return { plot: null, description, table };
  const legend: LegendItem[] = slices.map((s) => ({ label: s.label, color: s.color }));
  const height = spec.options.height ?? chartHeight;
  const centre = donut ? { value: value.short(total), label: t('chart.total') } : undefined;
  return {
    plot: {
      height,
      marks: [pieMark(slices, key.field, height, centre)],
    },
    legend,
    description,
    table,
  };
}

interface PieDescription extends Described {
  key: Column;
  value: Column;
  slices: readonly Slice[];
  total: number;
  donut: boolean;
}

/** A pie: how many slices, the largest and smallest with their shares, the total. */
function describePie(d: PieDescription): string {
  const { title, t, note, key, value, slices, total } = d;
  if (slices.length === 0 || total === 0) return describeEmpty(title, t, note);
  const sentences = countedOpening(
    d,
    `chart.description.${d.donut ? 'donut' : 'pie'}`,
    slices.length,
    {
      key: key.label,
      value: value.label,
    },
  );
  const other = slices.find((s) => s.keyRaw === undefined);
  // "Other" sums the smallest categories: it is neither the largest nor the smallest category.
  const named = slices.filter((s) => s !== other);
  const share = (s: Slice) => ({ key: s.label, share: s.shareText, value: s.valueText });
  sentences.push(t('chart.description.share.largest', share(named[0]!)));
  if (named.length > 1) sentences.push(t('chart.description.share.smallest', share(named.at(-1)!)));
  if (other) {
    sentences.push(t('chart.description.other', { n: other.categories, other: other.label }));
  }
  sentences.push(t('chart.description.total', { value: value.text(total) }));
  return sentences.join(' ');
}

/**
 * The slices, largest first and clockwise from 12 o'clock, with their angles. Past `maxSlices`,
 * the smallest are summed into one slice named `other`, drawn last.
 */
export function pieSlices(
  points: readonly Point[],
  value: Column,
  locale: Locale,
  other: string,
): Slice[] {
  const sorted = [...points].sort((a, b) => b.value - a.value);
  const kept = sorted.length > maxSlices ? sorted.slice(0, maxSlices - 1) : sorted;
  const rest = sorted.slice(kept.length);
  const parts = kept.map((p) => ({
    label: p.keyText,
    keyRaw: p.keyRaw as string | undefined,
    categories: 1,
    value: p.value,
  }));
  if (rest.length > 0) {
    const value = rest.reduce((sum, p) => sum + p.value, 0);
    parts.push({ label: other, keyRaw: undefined, categories: rest.length, value });
  }
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const percent = numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const arcs = pie<(typeof parts)[number]>()
    .value((p) => p.value)
    .sort(null)(parts);
  return arcs.map(({ data, startAngle, endAngle }, i) => {
    const share = total > 0 ? data.value / total : 0;
    const valueText = value.text(data.value);
    const shareText = percent.format(share);
    return {
      ...data,
      valueText,
      share,
      shareText,
      color: seriesColor(i),
      startAngle,
      endAngle,
      title: `${data.label} — ${valueText} (${shareText})`,
    };
  });
}

const SVG = 'http://www.w3.org/2000/svg';

/** A render function drawing the slices, their labels, and a donut's total, centred in the frame. */
function pieMark(
  slices: readonly Slice[],
  field: string,
  height: number,
  centre: { value: string; label: string } | undefined,
): Plot.RenderFunction {
  return (_index, _scales, _values, _dimensions, context) => {
    const document = context.document;
    const element = (name: string, attributes: Record<string, string | number>) => {
      const node = document.createElementNS(SVG, name) as unknown as SvgElement;
      for (const [attribute, value] of Object.entries(attributes)) {
        node.setAttribute(attribute, String(value));
      }
      return node;
    };
    // Room above and below for a line of label text.
    const radius = height / 2 - lineHeight - 4;
    const inner = centre ? radius * 0.6 : 0;
    const path = arc<Slice>()
      .innerRadius(inner)
      .outerRadius(radius)
      .padAngle(slices.length > 1 ? 0.004 : 0);
    const g = element('g', { transform: `translate(${chartWidth / 2},${height / 2})` });
    for (const slice of slices) {
      if (slice.endAngle <= slice.startAngle) continue;
      const wedge = element('path', {
        d: path(slice) ?? '',
        fill: slice.color,
        stroke: separatorColor,
        'stroke-width': 1,
      });
      const title = element('title', {});
      title.textContent = slice.title;
      wedge.append(title);
      if (slice.keyRaw !== undefined) filterAttributes(wedge, field, slice.keyRaw);
      g.append(wedge);
    }
    for (const label of sliceLabels(slices, radius + labelGap)) {
      const text = element('text', {
        x: label.x,
        y: label.y,
        'text-anchor': label.x < 0 ? 'end' : 'start',
        'dominant-baseline': 'middle',
      });
      text.textContent = label.text;
      g.append(text);
    }
    if (centre) {
      const value = element('text', { y: -4, 'font-size': 18, 'font-weight': 700 });
      value.textContent = centre.value;
      const label = element('text', { y: 14 });
      label.textContent = centre.label;
      g.append(value, label);
    }
    return g as never;
  };
}

interface SliceLabel {
  x: number;
  y: number;
  text: string;
}

/**
 * `ORD 32,1%` outside each slice big enough to name, at the middle of its arc. Labels on each
 * side are pushed down until they no longer overlap, which small neighbouring slices need.
 */
export function sliceLabels(slices: readonly Slice[], radius: number): SliceLabel[] {
  const labels = slices
    .filter((s) => s.share >= minLabelledShare)
    .map((s) => {
      const angle = (s.startAngle + s.endAngle) / 2;
      return {
        x: Math.sin(angle) * radius,
        y: -Math.cos(angle) * radius,
        text: `${truncate(s.label, maxLabelChars)} ${s.shareText}`,
      };
    });
  for (const side of [labels.filter((l) => l.x >= 0), labels.filter((l) => l.x < 0)]) {
    side.sort((a, b) => a.y - b.y);
    for (let i = 1; i < side.length; i++) {
      side[i]!.y = Math.max(side[i]!.y, side[i - 1]!.y + lineHeight);
    }
  }
  return labels;
}
