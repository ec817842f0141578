export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The q-th quantile of ascending samples, interpolating between the two nearest ranks
 * (the "type 7" rule of R and NumPy), so p95 of 30 samples does not jump to the maximum.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no samples: measure at least once');
  if (q < 0 || q > 1) throw new RangeError(`invalid quantile: ${q} (use 0 to 1)`);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

/** Milliseconds since `started` (a `performance.now()` reading). */
export function elapsedMs(started: number): number {
  return performance.now() - started;
}
