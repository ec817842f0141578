import { mean as d3Mean, median as d3Median } from 'd3-array';

// d3's answer is undefined for no values; every call here has some.
const median = (values: readonly number[]): number => d3Median(values) ?? 0;
const mean = (values: readonly number[]): number => d3Mean(values) ?? 0;

/**
 * Unusual points of a series, by a robust z-score: each value against what its neighbours (and,
 * for a seasonal series, the same phase of other seasons) lead one to expect, measured in median
 * absolute deviations, which a few wild values cannot inflate as they would a standard deviation.
 */

export interface Anomaly {
  index: number;
  /** What the series' level and season put here. */
  expected: number;
  /** The modified z-score (Iglewicz and Hoaglin): 0.6745 · (residual − median) / MAD. */
  z: number;
}

/** Beyond this, a point is unusual (Iglewicz and Hoaglin's cut-off). */
export const anomalyThreshold = 3.5;
/** Fewer points than this: no baseline to judge against. */
export const minAnomalyPoints = 7;

/**
 * The points of `ys` (evenly spaced, oldest first) whose modified z-score passes the threshold.
 * The baseline is the median of the 6 neighbours around each point or, for a series of at least
 * two `season`s, a moving average over a season plus the median offset of each phase.
 */
export function findAnomalies(ys: readonly number[], season?: number): Anomaly[] {
  if (ys.length < minAnomalyPoints) return [];
  const seasonal = season !== undefined && season > 1 && ys.length >= 2 * season ? season : 0;
  const first = score(ys, baseline(ys, seasonal));
  // A moving average feels a wild point a season wide: the baseline is drawn again with the
  // points found replaced by what was expected there, and every point judged against that.
  // The spread stays the first pass's: a baseline fitted to cleaned data hugs the rest closer
  // than their noise warrants (a season's offsets rest on a few points each).
  const cleaned = ys.map((y, i) => (first.unusual(i) ? first.expected[i]! : y));
  const second = score(ys, baseline(cleaned, seasonal), first.scale);
  return ys.flatMap((_, index) =>
    second.unusual(index)
      ? [{ index, expected: second.expected[index]!, z: second.z[index]! }]
      : [],
  );
}

/** What each point is expected to be, from a series' level and (when `season`) its season. */
function baseline(ys: readonly number[], season: number): number[] {
  if (!season) return neighbourMedians(ys, 3);
  const level = movingAverage(ys, season);
  const offsets = phaseOffsets(ys, level, season);
  return ys.map((_, i) => level[i]! + offsets[i % season]!);
}

/** Each point's modified z-score against `expected`. */
function score(ys: readonly number[], expected: readonly number[], spread?: number) {
  const residuals = ys.map((y, i) => y - expected[i]!);
  const center = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - center));
  const mad = median(deviations);
  // Over half the points exactly on their baseline leaves no MAD: the mean absolute deviation,
  // scaled to match it on normal data, stands in (as IBM's modified z-score does).
  const scale = spread ?? (mad > 0 ? mad / 0.6745 : 1.253314 * mean(deviations));
  const z = residuals.map((r) => (scale === 0 ? 0 : (r - center) / scale));
  return { expected, z, scale, unusual: (i: number) => Math.abs(z[i]!) > anomalyThreshold };
}

/**
 * Each point's neighbours' median, `half` on each side, without the point itself: a point is
 * judged by the others, and rarely lands exactly on its own baseline (which would leave the MAD
 * nothing to measure).
 */
function neighbourMedians(ys: readonly number[], half: number): number[] {
  return ys.map((_, i) =>
    median([...ys.slice(Math.max(0, i - half), i), ...ys.slice(i + 1, i + half + 1)]),
  );
}

/**
 * The trend of a seasonal series: a centred moving average over one whole season (a 2×m one
 * when the season is even), which sums every phase once and so carries no season; continued to
 * the ends, where a whole season is not on both sides, along the slope of its first and last
 * seasons.
 */
function movingAverage(ys: readonly number[], m: number): number[] {
  const n = ys.length;
  const h = Math.floor(m / 2);
  const at = (i: number) => {
    let sum = 0;
    for (let j = i - h; j <= i + h; j++) {
      const edge = m % 2 === 0 && (j === i - h || j === i + h);
      sum += edge ? ys[j]! / 2 : ys[j]!;
    }
    return sum / m;
  };
  const trend: number[] = new Array(n);
  for (let i = h; i < n - h; i++) trend[i] = at(i);
  const first = h;
  const last = n - h - 1;
  const slope = (a: number, b: number) => (b > a ? (trend[b]! - trend[a]!) / (b - a) : 0);
  const rise = slope(first, Math.min(last, first + m));
  const fall = slope(Math.max(first, last - m), last);
  for (let i = 0; i < first; i++) trend[i] = trend[first]! - (first - i) * rise;
  for (let i = last + 1; i < n; i++) trend[i] = trend[last]! + (i - last) * fall;
  return trend;
}

/** Each phase's median distance from the trend: the season's shape. */
function phaseOffsets(ys: readonly number[], level: readonly number[], season: number): number[] {
  return Array.from({ length: season }, (_, phase) => {
    const gaps: number[] = [];
    for (let i = phase; i < ys.length; i += season) gaps.push(ys[i]! - level[i]!);
    return median(gaps);
  });
}
