import type { Translate } from '@painel/i18n';
import { bisectRight, extent, quantileSorted } from 'd3-array';
import type { Column } from './column.js';
import { sequentialColors } from './theme.js';

/** One step of a sequential colour scale: the values from `from` up to (not including) `to`. */
export interface ColorClass {
  from: number;
  to: number;
  color: string;
  /** `0 to 50` in the measure's tick format. */
  label: string;
}

export interface ColorScale {
  classes: ColorClass[];
  colorOf(value: number): string;
}

/**
 * Splits the values into at most as many classes as there are sequential colours, each holding
 * about as many values (quantiles), with limits rounded to readable numbers. Classes rather than
 * a continuous ramp: a reader can match five swatches to the legend's text, where a gradient's
 * shade cannot be read back into a number. Quantiles rather than equal steps: one outlier (a
 * 3 AM flight delayed for hours) would otherwise leave every other cell in the same class.
 */
export function colorClasses(values: readonly number[], column: Column, t: Translate): ColorScale {
  const [min = 0, max = 0] = extent(values);
  const thresholds = quantileThresholds(values, sequentialColors.length);
  const last = thresholds.length;
  const classes = [min, ...thresholds].map((from, i) => {
    const to = i === last ? max : thresholds[i]!;
    // Spread few classes over the whole ramp, so two classes are light and dark, not two lights.
    const shade = last === 0 ? 2 : Math.round((i * (sequentialColors.length - 1)) / last);
    return {
      from,
      to,
      color: sequentialColors[shade]!,
      label:
        from === to
          ? column.tick(from)
          : t('chart.legend.range', { from: column.tick(from), to: column.tick(to) }),
    };
  });
  return {
    classes,
    colorOf: (value) => classes[bisectRight(thresholds, value)]!.color,
  };
}

/**
 * The limits between `count` classes of about equal size, rounded to two significant digits
 * (finer when the values span little: 1,020 between 1,000 and 1,100), without duplicates and
 * strictly inside the values' range, so no class is empty by construction.
 */
export function quantileThresholds(values: readonly number[], count: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted.at(-1);
  if (min === undefined || max === undefined || !(max > min)) return [];
  const span = max - min;
  const limits = new Set<number>();
  for (let i = 1; i < count; i++) {
    const limit = readable(quantileSorted(sorted, i / count)!, span);
    if (limit > min && limit < max) limits.add(limit);
  }
  return [...limits].sort((a, b) => a - b);
}

function readable(value: number, span: number): number {
  const digits = (v: number) => 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  const step = value === 0 ? digits(span) : Math.min(digits(value), digits(span));
  // toPrecision drops the float noise of the multiplication (0.30000000000000004).
  return Number((Math.round(value / step) * step).toPrecision(12));
}
