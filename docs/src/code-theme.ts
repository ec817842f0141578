import type { PrismTheme } from 'prism-react-renderer';

/*
 * Prism's stock themes use token colours below WCAG AA on their own background (github's teal
 * numbers reach 2.6:1), which Lighthouse and axe report on every page with code. This keeps a
 * theme's look but moves each failing colour towards black (light themes) or white (dark ones)
 * until it reaches 4.5:1.
 */

type Rgb = [number, number, number];

function parse(color: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim())?.[1];
  if (rgb) return rgb.split(',').slice(0, 3).map(Number) as Rgb;
  return undefined;
}

const toHex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function readable(color: string, background: Rgb, minimum: number): string {
  let rgb = parse(color);
  if (!rgb || contrast(rgb, background) >= minimum) return color;
  const target: Rgb = luminance(background) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step < 20 && contrast(rgb, background) < minimum; step++) {
    rgb = rgb.map((v, i) => v + (target[i]! - v) * 0.1) as Rgb;
  }
  return toHex(rgb);
}

/** The same theme with every token colour at least `minimum`:1 against the code background. */
export function withContrast(theme: PrismTheme, minimum = 4.5): PrismTheme {
  const background = parse(theme.plain.backgroundColor ?? '');
  if (!background) return theme;
  const fix = (color: string | undefined) => color && readable(color, background, minimum);
  return {
    plain: { ...theme.plain, color: fix(theme.plain.color) },
    styles: theme.styles.map((s) => ({ ...s, style: { ...s.style, color: fix(s.style.color) } })),
  };
}
