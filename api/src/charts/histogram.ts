import * as Plot from '@observablehq/plot';
import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import { bin, extent, mean, median, thresholdSturges } from 'd3-array';
import { numericAxisMargin } from './axis.js';
import { type ChartContext, type ChartDraft, requireMeasure } from './chart-context.js';
import type { Column } from './column.js';
import {
  countedOpening,
  type Described,
  describeEmpty,
  describeReferences,
} from './description.js';
import { type Reference, readReferences, referenceMarks } from './reference-lines.js';
import { chartColor } from './theme.js';

/** One bar of a histogram: the values from `x0` up to (not including) `x1`, the last closed. */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
  /** `10 to 20` in the field's tick format. */
  label: string;
  title: string;
}

/**
 * How the values of `encoding.x` are spread: the rows are counted into bins of equal width,
 * about `options.bins` of them (Sturges' rule by default), with edges at round numbers. The data
 * table lists the bins, which is what the picture shows; the rows may be thousands.
 */
export function histogram(context: ChartContext): ChartDraft {
  const { spec, result, locale, t } = context;
  const field = requireMeasure(context, 'x', 'binnedValues');
  const values: number[] = [];
  for (const row of result.rows) {
    const v = field.value(row[field.index]);
    if (typeof v === 'number') values.push(v);
  }
  const bins = binValues(values, field, locale, t, spec.options.bins);
  const references = readReferences(spec.options.referenceLines, field, locale);
  const countLabel = t('chart.histogram.count');
  const description = describeHistogram({ ...context, field, values, bins, references });
  const table = {
    columns: [
      { label: field.label, numeric: false },
      { label: countLabel, numeric: true },
    ],
    rows: bins.map((b) => [b.label, formatNumber(locale, b.count)]),
  };
  if (bins.length === 0) return { plot: null, description, table };
  return {
    plot: {
      marginLeft: numericAxisMargin(
        field,
        bins.map((b) => b.count),
      ),
      marginRight: 24,
      marginBottom: 44,
      x: { label: field.label, labelAnchor: 'center', tickFormat: field.tick },
      y: {
        label: countLabel,
        grid: true,
        nice: true,
        tickFormat: (n: number) => formatNumber(locale, n),
      },
      marks: [
        Plot.rectY(bins, {
          x1: 'x0',
          x2: 'x1',
          y: 'count',
          fill: chartColor,
          insetLeft: 0.5,
          insetRight: 0.5,
          title: 'title',
        }),
        Plot.ruleY([0]),
        ...referenceMarks(references, 'x'),
      ],
    },
    description,
    table,
  };
}

interface HistogramDescription extends Described {
  field: Column;
  values: readonly number[];
  bins: readonly Bin[];
  references: readonly Reference[];
}

/** A histogram: how many values in how many bins over what range, the fullest bin, the centre. */
function describeHistogram(d: HistogramDescription): string {
  const { title, locale, t, note, field, values, bins, references } = d;
  if (bins.length === 0) return describeEmpty(title, t, note);
  const sentences = countedOpening(d, 'chart.description.histogram', values.length, {
    field: field.label,
  });
  sentences.push(
    t('chart.description.bins', {
      count: bins.length,
      n: formatNumber(locale, bins.length),
      from: field.text(bins[0]!.x0),
      to: field.text(bins.at(-1)!.x1),
    }),
  );
  const fullest = bins.reduce((a, b) => (b.count > a.count ? b : a));
  sentences.push(
    t('chart.description.mode', {
      range: fullest.label,
      count: formatNumber(locale, fullest.count),
    }),
  );
  sentences.push(
    t('chart.description.centre', {
      median: field.text(median(values)),
      mean: field.text(mean(values)),
    }),
  );
  sentences.push(...describeReferences(references, t));
  return sentences.join(' ');
}

/**
 * Counts the values into bins with round edges: `bins` is the count asked for, which d3 treats
 * as a hint so the edges land on 1, 2 or 5 times a power of ten.
 */
export function binValues(
  values: readonly number[],
  field: Column,
  locale: Locale,
  t: Translate,
  bins?: number,
): Bin[] {
  const [min, max] = extent(values);
  if (min === undefined || max === undefined) return [];
  // One distinct value has no width to divide: it gets a single bin one unit wide.
  const binned =
    min === max
      ? bin()
          .domain([Math.floor(min), Math.floor(min) + 1])
          .thresholds([])(values)
      : bin().thresholds(bins ?? thresholdSturges)(values);
  return binned
    .filter((b) => b.x0 !== undefined && b.x1 !== undefined)
    .map((b) => {
      const x0 = b.x0!;
      const x1 = b.x1!;
      const label = t('chart.legend.range', { from: field.tick(x0), to: field.tick(x1) });
      const count = b.length;
      return { x0, x1, count, label, title: `${label} — ${formatNumber(locale, count)}` };
    });
}
