import type { SvgElement } from './plot-document.js';
import { fontSize } from './theme.js';

// Attributes that hold coordinates; text content and labels are never rounded.
const GEOMETRY = 'd transform x y x1 x2 y1 y2 cx cy r width height points'.split(' ');
const NUMBER = /-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?/gi;

/** `253.01353520146571` → `253.01`: sub-pixel digits only make the SVG bigger and unstable. */
export function roundNumbers(text: string): string {
  return text.replace(NUMBER, (match) => {
    if (!/[.e]/i.test(match)) return match;
    const rounded = Math.round(Number(match) * 100) / 100;
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

/**
 * Makes Plot's SVG fit to inline in an accessible, responsive page, and serialises it:
 * - the root is one image named by `label` (title and description), since ids for
 *   aria-labelledby belong to the page, not to the chart;
 * - Plot labels its `<g>` with aria-label but no role, which axe reports as a prohibited
 *   attribute, so each gets `role="group"`;
 * - no pixel width or height: the viewBox keeps the aspect ratio and the style fills the
 *   container, so a 375px phone never scrolls sideways;
 * - coordinates rounded to 2 decimals, which also keeps snapshots stable.
 */
export function finishSvg(svg: SvgElement, label: string): string {
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('font-size', String(fontSize));
  svg.setAttribute('style', `width:100%;height:auto;font-size:${fontSize}px`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  fixDescendants(svg);
  return svg.outerHTML;
}

// A walk over `children`: linkedom's querySelectorAll('*') runs its selector engine per node
// and took longer than drawing the chart.
function fixDescendants(parent: SvgElement): void {
  for (const element of parent.children) {
    if (element.tagName === 'g' && element.hasAttribute('aria-label')) {
      if (!element.hasAttribute('role')) element.setAttribute('role', 'group');
    }
    for (const name of GEOMETRY) {
      const value = element.getAttribute(name);
      if (value !== null) element.setAttribute(name, roundNumbers(value));
    }
    fixDescendants(element);
  }
}
