import type { Locale, Translate } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { ChartError } from './chart-error.js';
import type { ThresholdOperator } from './chart-kinds.js';
import { type Column, resolveColumn } from './column.js';
import type { CellMark, ConditionalFormat } from './spec.js';
import { kept } from './table-view.js';
import { toNumber } from './values.js';

/** Steps of a colour scale: few enough that each is told apart, and kept readable by contrast. */
export const scaleSteps = 5;

const meets: Record<ThresholdOperator, (value: number, limit: number) => boolean> = {
  '>': (v, l) => v > l,
  '>=': (v, l) => v >= l,
  '<': (v, l) => v < l,
  '<=': (v, l) => v <= l,
  '=': (v, l) => v === l,
  '!=': (v, l) => v !== l,
};

// Words for the operators in a description: `chart.operator.<name>`.
const operatorNames: Record<ThresholdOperator, string> = {
  '>': 'above',
  '>=': 'atLeast',
  '<': 'below',
  '<=': 'atMost',
  '=': 'equal',
  '!=': 'other',
};

/** A table's conditional formats, bound to its result: each cell's mark, and what they mean. */
export interface CellFormats {
  /** The marks of one row's cells, for the columns shown; null when no rule touches the row. */
  marks(row: readonly unknown[], columns: readonly Column[]): (CellMark | null)[] | null;
  /** One sentence per rule, for the chart's description. */
  sentences: string[];
}

const ranges = new WeakMap<unknown[][], Map<string, { min: number; max: number } | null>>();

/** The lowest and highest number of a column over the whole result (not the page shown). */
function rangeOf(result: QueryResult, index: number): { min: number; max: number } | null {
  return kept(ranges, result.rows, String(index), () => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const row of result.rows) {
      const n = toNumber(row[index]);
      if (n === null) continue;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    return min <= max ? { min, max } : null;
  });
}

/** A column a table option adds up or compares must hold numbers (or nothing at all). */
export function requireNumbers(column: Column, result: QueryResult, option: string): void {
  const sample = result.rows.find((row) => row[column.index] != null)?.[column.index];
  if (sample !== undefined && toNumber(sample) === null) {
    throw new ChartError('optionNotNumeric', {
      column: column.field,
      sample: JSON.stringify(sample),
      option,
    });
  }
}

/**
 * The spec's `options.conditionalFormats` against the result and the `table`'s columns. A rule
 * names a column that must exist and hold numbers: anything else is the author's mistake, told
 * like the other chart errors.
 */
export function cellFormats(
  rules: readonly ConditionalFormat[],
  result: QueryResult,
  table: readonly Column[],
  locale: Locale,
  t: Translate,
): CellFormats | undefined {
  if (rules.length === 0) return undefined;
  const bound = rules.map((rule) => {
    // The table's own column (its label and format) when it shows the field.
    const column =
      table.find((c) => c.field === rule.field) ??
      resolveColumn({ field: rule.field }, result, locale);
    requireNumbers(column, result, 'options.conditionalFormats');
    return { rule, column };
  });
  const sentences = bound.map(({ rule, column }) =>
    rule.kind === 'scale'
      ? t('chart.description.tableScale', { column: column.label })
      : t('chart.description.tableThreshold', {
          column: column.label,
          operator: t(`chart.operator.${operatorNames[rule.op]}`),
          value: column.text(rule.value),
          tone: t(`chart.tone.${rule.tone}`),
        }),
  );
  return {
    sentences,
    marks(row, columns) {
      let any = false;
      const marks = columns.map((shown) => {
        const mark: CellMark = {};
        for (const { rule, column } of bound) {
          if (column.index !== shown.index) continue;
          const n = toNumber(row[column.index]);
          if (n === null) continue;
          if (rule.kind === 'scale') {
            const range = rangeOf(result, column.index);
            if (!range) continue;
            const span = range.max - range.min;
            const step =
              span === 0
                ? Math.ceil(scaleSteps / 2)
                : 1 + Math.min(scaleSteps - 1, Math.floor((scaleSteps * (n - range.min)) / span));
            mark.step = step;
          } else if (meets[rule.op](n, rule.value)) {
            // The first threshold a cell meets decides its tone, as the author ordered them.
            mark.tone ??= rule.tone;
          }
        }
        if (mark.step === undefined && mark.tone === undefined) return null;
        any = true;
        return mark;
      });
      return any ? marks : null;
    },
  };
}
