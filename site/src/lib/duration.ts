/**
 * How long something took, in the reader's language and in the unit that reads best: `850 ms`,
 * `12.4 s` (pt-BR `12,4 s`), `3.5 min`. Built on Intl's units, so it needs no catalog.
 */
export function duration(locale: string, ms: number): string {
  const [value, unit] =
    ms < 1000 ? [ms, 'millisecond'] : ms < 60_000 ? [ms / 1000, 'second'] : [ms / 60_000, 'minute'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'millisecond' ? 0 : 1,
  }).format(value);
}
