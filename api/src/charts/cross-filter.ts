import type * as Plot from '@observablehq/plot';
import type { SvgElement } from './plot-document.js';

/** The attributes a page reads to filter by a clicked mark: which field, and which raw value. */
export function filterAttributes(element: SvgElement, field: string, value: string): void {
  element.setAttribute('data-field', field);
  element.setAttribute('data-value', value);
}

/**
 * A Plot `render` transform that tags each element a mark draws with `data-field` and
 * `data-value`, so a page can cross-filter by a bar, slice, cell or region. d3 leaves each
 * element's datum (its index into `data`) on the node, which survives Plot's sorting and
 * filtering of the index. Data whose `filterValue` is `undefined` (a map region without a row) have
 * nothing to filter by and stay untagged.
 */
export function filterable<T>(
  data: readonly T[],
  field: string,
  filterValue: (d: T) => string | undefined,
): { render: Plot.RenderFunction } {
  return {
    render(index, scales, values, dimensions, context, next) {
      const g = next!(index, scales, values, dimensions, context) as unknown as SvgElement | null;
      for (const element of g?.children ?? []) {
        const i = (element as { __data__?: unknown }).__data__;
        const datum = typeof i === 'number' ? data[i] : undefined;
        const value = datum === undefined ? undefined : filterValue(datum);
        if (value !== undefined) filterAttributes(element, field, value);
      }
      return g as never;
    },
  };
}
