import { z } from 'zod';

/** Whether the runtime knows an IANA time zone name (`America/Sao_Paulo`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A request's own time zone, checked against the runtime's IANA names. */
export const timeZoneField = z.string().max(64).refine(isTimeZone, 'unknown time zone');

/**
 * Where "today" is for a request: the zone it names, else the caller's saved one. The saved
 * one costs a read, so it is looked up only when something relative needs it.
 */
export async function readerTimeZone(
  explicit: string | undefined,
  needed: boolean,
  saved: () => Promise<string>,
): Promise<string | undefined> {
  if (explicit) return explicit;
  return needed ? saved() : undefined;
}
