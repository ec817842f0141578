import * as Plot from '@observablehq/plot';
import { DOMParser } from 'linkedom';

/**
 * The one document every chart is drawn into. Building a DOM costs more than drawing a small
 * chart, so it is made once per process; Plot only creates detached elements in it, which are
 * serialised and dropped, so nothing accumulates.
 *
 * An SVG (XML) document rather than an HTML one: linkedom escapes `&` and `<` in attribute
 * values only in XML mode, and aria-labels carry author text.
 */
const plotDocument = new DOMParser().parseFromString(
  '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
  'image/svg+xml',
);

/**
 * The subset of a DOM element that post-processing and hand-drawn marks need; linkedom's types
 * are not the DOM's.
 */
export interface SvgElement {
  readonly tagName: string;
  readonly outerHTML: string;
  textContent: string | null;
  append(...nodes: SvgElement[]): void;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  readonly children: Iterable<SvgElement>;
}

/** Plot.plot on the shared server document; the result is the root `<svg>`. */
export function plotSvg(options: Plot.PlotOptions): SvgElement {
  // Plot's types want a browser Document; linkedom implements the parts Plot calls.
  return Plot.plot({ ...options, document: plotDocument as never }) as unknown as SvgElement;
}
