import { elapsedMs, type Summary, summarize } from './stats.js';

/** One timed run of a series; resolves to its time in milliseconds. */
export type Runner = () => Promise<number>;

/**
 * Runs every series once per round, rotating which goes first, so that drift in the machine
 * hits all alike and no series always follows the same neighbour. The first `warmups` rounds
 * are not kept.
 */
export async function alternate<Name extends string>(
  runners: Record<Name, Runner>,
  options: { runs: number; warmups: number },
): Promise<Record<Name, Summary>> {
  const names = Object.keys(runners) as Name[];
  const samples = names.map((): number[] => []);
  for (let round = 0; round < options.warmups + options.runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const index = (round + i) % names.length;
      const ms = await runners[names[index]!]();
      if (round >= options.warmups) samples[index]!.push(ms);
    }
  }
  return Object.fromEntries(names.map((name, i) => [name, summarize(samples[i]!)])) as Record<
    Name,
    Summary
  >;
}

/** A runner that times `work`, handing what it resolves to `check` after the clock stops. */
export function timed<T>(work: () => Promise<T>, check: (value: T) => void = () => {}): Runner {
  return async () => {
    const started = performance.now();
    const value = await work();
    const ms = elapsedMs(started);
    check(value);
    return ms;
  };
}
