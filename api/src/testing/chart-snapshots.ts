import type { Locale } from '@painel/i18n';
import type { RenderedChart } from '../charts/spec.js';
import { expectSnapshot } from './snapshot.js';

/** Float noise in coordinates is not a change; one element per line keeps diffs readable. */
function normalize(svg: string): string {
  return svg
    .replace(/(\d+\.\d{2})\d+/g, '$1')
    .replace(/>\s*</g, '>\n<')
    .trim();
}

/**
 * Compares a rendered chart with its snapshots in test/output: `<name>-<locale>.svg`, the first
 * KPI's `<name>-sparkline-<locale>.svg`, and everything else as `<name>-<locale>.json`.
 */
export function expectChartSnapshots(name: string, locale: Locale, rendered: RenderedChart): void {
  const { svg, kpis, ...rest } = rendered;
  if (svg) expectSnapshot(`${name}-${locale}.svg`, svg, normalize);
  const sparkline = kpis?.[0]?.sparkline;
  if (sparkline) expectSnapshot(`${name}-sparkline-${locale}.svg`, sparkline, normalize);
  const text = {
    ...(kpis ? { kpis: kpis.map(({ sparkline: _, ...k }) => k) } : {}),
    ...rest,
  };
  expectSnapshot(`${name}-${locale}.json`, `${JSON.stringify(text, null, 2)}\n`, normalize);
}
