/**
 * How the keys of a series along a date or number axis are spaced, what cycle that spacing
 * suggests, and the keys that come next: what forecasts and the season of unusual points need.
 */

/** How far apart the keys of an evenly spaced series are. */
export type Spacing =
  | { unit: 'step'; step: number }
  | { unit: 'month'; months: number; monthEnd: boolean };

/**
 * The spacing shared by every pair of neighbouring keys: a fixed step (hours, days, weeks, or
 * numbers), or for dates a whole number of calendar months (the same day of each month, or each
 * month's last day). `null` when a period is missing or repeated.
 */
export function spacingOf(keys: readonly number[], dates: boolean): Spacing | null {
  const step = keys[1]! - keys[0]!;
  if (step > 0 && keys.every((k, i) => i === 0 || nearly(k - keys[i - 1]!, step))) {
    return { unit: 'step', step };
  }
  if (!dates) return null;
  const days = keys.map((k) => new Date(k));
  const time = (d: Date) => timeOfDay(d.getTime());
  const month = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  const monthEnd = days.every((d) => new Date(d.getTime() + 86_400_000).getUTCDate() === 1);
  const sameDay = days.every((d) => d.getUTCDate() === days[0]!.getUTCDate());
  const months = month(days[1]!) - month(days[0]!);
  const even =
    months > 0 &&
    (monthEnd || sameDay) &&
    days.every(
      (d, i) =>
        i === 0 || (month(d) - month(days[i - 1]!) === months && time(d) === time(days[0]!)),
    );
  return even ? { unit: 'month', months, monthEnd } : null;
}

/** The cycle a spacing suggests: a day of hours, a week of days, a year of weeks, months or quarters. */
export function seasonOf(spacing: Spacing): number | undefined {
  if (spacing.unit === 'month')
    return spacing.months === 1 ? 12 : spacing.months === 3 ? 4 : undefined;
  const hour = 3_600_000;
  const cycles: Record<number, number> = { [hour]: 24, [24 * hour]: 7, [7 * 24 * hour]: 52 };
  return cycles[spacing.step];
}

export function nextKey(last: number, spacing: Spacing, n: number): number {
  if (spacing.unit === 'step') return last + n * spacing.step;
  const d = new Date(last);
  const time = timeOfDay(last);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + n * spacing.months;
  // Day 0 of the month after is the month's last day.
  return spacing.monthEnd
    ? Date.UTC(year, month + 1, 0) + time
    : Date.UTC(year, month, d.getUTCDate()) + time;
}

/** Milliseconds since midnight UTC, before 1970 too. */
function timeOfDay(ms: number): number {
  return ((ms % 86_400_000) + 86_400_000) % 86_400_000;
}

function nearly(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.abs(b) * 1e-9;
}
