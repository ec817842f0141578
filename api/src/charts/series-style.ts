import {
  type SymbolType,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3-shape';
import { seriesColor } from './theme.js';

/**
 * Colour is never the only thing that tells series apart: each also gets a marker shape and,
 * for lines, a dash pattern, which the legend repeats beside its text.
 */
export interface SeriesStyle {
  color: string;
  symbol: SymbolType;
  /** `stroke-dasharray`; `undefined` for a solid line. */
  dash: string | undefined;
}

// Plot's hexagon, which d3 lacks: an eighth filled shape for an eighth series.
const symbolHexagon: SymbolType = {
  draw(context, size) {
    const rx = Math.sqrt(size / Math.PI);
    const ry = (rx * 2) / Math.sqrt(3);
    context.moveTo(0, ry);
    context.lineTo(rx, ry / 2);
    context.lineTo(rx, -ry / 2);
    context.lineTo(0, -ry);
    context.lineTo(-rx, -ry / 2);
    context.lineTo(-rx, ry / 2);
    context.closePath();
  },
};

const symbols = [
  symbolCircle,
  symbolSquare,
  symbolTriangle,
  symbolDiamond,
  symbolCross,
  symbolStar,
  symbolWye,
  symbolHexagon,
];

const dashes = [undefined, '6 3', '2 3', '8 3 2 3', '12 4', '4 4', '1 3', '10 3 2 3 2 3'];

export function seriesStyle(i: number): SeriesStyle {
  return {
    color: seriesColor(i),
    symbol: symbols[i % symbols.length]!,
    dash: dashes[i % dashes.length],
  };
}

/** Area of a marker in px² (Plot's dots use radius; 4.5 px ≈ 64 px²). */
const symbolSize = 64;

/** The marker as SVG path data centred on 0,0, for the page's legend swatch. */
export function symbolPath(type: SymbolType, size = symbolSize): string {
  return symbol(type, size)() ?? '';
}

/** The legend's swatch for the ring around an unusual point: a circle, outlined by the page. */
export const ringPath = symbolPath(symbolCircle, 2.5 * symbolSize);
