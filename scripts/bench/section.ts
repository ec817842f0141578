import type { BenchServer } from './server.js';

/** `count`: a number of things, e.g. failed requests. */
export type Unit = 'ms' | 'req/s' | 'score' | 'count' | 'MB';

/** One line of the printed table; the JSON report keeps these as they are. */
export interface BenchRow {
  metric: string;
  unit: Unit;
  /** `null` when the figure could not be measured; `note` says why. */
  value: number | null;
  /** What the figure is compared with, measured in the same run. */
  baseline?: { label: string; value: number };
  /** value ÷ baseline. */
  ratio?: number;
  /** Printed, never asserted: machines are noisy. */
  target?: { label: string; met: boolean };
  note?: string;
}

export interface SectionResult {
  rows: BenchRow[];
  /** The measurement's plain result object (all samples and summaries), for the JSON report. */
  details: unknown;
}

export interface BenchContext {
  /** The repository root. */
  root: string;
  /** A fresh DATA_DIR, created for this run and removed at the end. */
  dataDir: string;
  /** Room for baselines' own files, removed at the end. */
  scratchDir: string;
  /** Boots the real server on 127.0.0.1 and a random port with a silent logger; stop it when done. */
  startServer(options?: { demoData?: boolean; env?: Record<string, string> }): Promise<BenchServer>;
}

/** A part of the bench. Sections run in order, each starting (and stopping) the servers it needs. */
export interface Section {
  name: string;
  run(context: BenchContext): Promise<SectionResult>;
}

/** `{ ratio }` when both figures exist, else nothing: spread it into a row. */
export function ratioOf(value: number | null, baseline: number | null): { ratio?: number } {
  return value !== null && baseline !== null && baseline > 0 ? { ratio: value / baseline } : {};
}

/** A target met when `measured` is at most `max` (`strict`: below it). */
export function atMost(
  measured: number | null | undefined,
  max: number,
  label: string,
  strict = false,
): { label: string; met: boolean } {
  const met =
    measured !== null && measured !== undefined && (strict ? measured < max : measured <= max);
  return { label, met };
}

/** A target met when `measured` is at least `min`. */
export function atLeast(
  measured: number | null | undefined,
  min: number,
  label: string,
): { label: string; met: boolean } {
  return { label, met: measured !== null && measured !== undefined && measured >= min };
}
