import * as Plot from '@observablehq/plot';
import type { Locale } from '@painel/i18n';
import type { Column } from './column.js';
import { localize } from './localized-text.js';
import type { ReferenceLine } from './spec.js';
import { separatorColor } from './theme.js';

/** A reference line as drawn and described: its label and value in the reader's language. */
export interface Reference {
  value: number;
  label: string;
  valueText: string;
}

export function readReferences(
  lines: readonly ReferenceLine[] | undefined,
  measure: Column,
  locale: Locale,
): Reference[] {
  return (lines ?? []).map((line) => ({
    value: line.value,
    label: localize(line.label, locale),
    valueText: measure.text(line.value),
  }));
}

/** Where a faceted chart names its reference lines: once, in one facet, not in every one. */
export interface LabelFacet {
  channel: 'fx' | 'fy';
  value: unknown;
}

/**
 * Dashed rules across the plot at each reference value of the measure axis (`y`, or `x` for
 * horizontal bars), named at the far end. The rule carries a tooltip like any other mark, and
 * Plot widens the measure's domain to include the value, so a target above the data still shows.
 */
export function referenceMarks(
  references: readonly Reference[],
  axis: 'x' | 'y',
  facet?: LabelFacet,
): Plot.Markish[] {
  if (references.length === 0) return [];
  const rule = {
    stroke: 'currentColor',
    strokeDasharray: '4 3',
    strokeOpacity: 0.8,
    title: (r: Reference) => `${r.label} — ${r.valueText}`,
  };
  const text = {
    text: 'label',
    fill: 'currentColor',
    // A halo in the background colour keeps the name readable where it crosses a bar or line.
    stroke: separatorColor,
    strokeWidth: 3,
    ...(facet ? { [facet.channel]: () => facet.value } : {}),
  } as const;
  if (axis === 'y') {
    return [
      Plot.ruleY(references, { y: 'value', ...rule }),
      Plot.text(references, {
        y: 'value',
        ...text,
        frameAnchor: 'right',
        textAnchor: 'end',
        dy: -8,
      }),
    ];
  }
  return [
    Plot.ruleX(references, { x: 'value', ...rule }),
    // Above the frame, where it cannot cover the first bar.
    Plot.text(references, {
      x: 'value',
      ...text,
      frameAnchor: 'top',
      lineAnchor: 'bottom',
      textAnchor: 'start',
      dx: 4,
      dy: -4,
    }),
  ];
}
