/** A least-squares line `y = intercept + slope·x`, and Pearson's r of the points it was fit to. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Correlation, −1 to 1; `0` when either coordinate does not vary. */
  r: number;
  /** The fitted y at an x. */
  at(x: number): number;
}

/**
 * Fits a straight line by ordinary least squares. `null` for fewer than two points or when every
 * x is the same, where no line is defined. Dates go in as epoch milliseconds.
 */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]! / n;
    meanY += ys[i]! / n;
  }
  // Centred sums: raw sums of squares of epoch milliseconds lose every digit that matters.
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  return {
    slope,
    intercept,
    r: syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy),
    at: (x) => intercept + slope * x,
  };
}
