import { z } from 'zod';
import { type FilterQuery, readFilters } from '../dashboards/filters.js';
import type { FilterSpec } from '../dashboards/spec.js';
import type { FieldError } from '../errors.js';

/**
 * Filters a public link or an embed token fixes, by filter id. A value has the form of the
 * filter's `default` in the spec: a date range's preset or `{start, end}`; a select's value or
 * list of values; a number range's `{min, max}`; `null` fixes "no value". Locked values go
 * through the same reading as the page's query string, so they are checked the same way, and
 * they replace whatever the URL says about those filters: a reader cannot widen them.
 */
export type LockedValues = Record<string, unknown>;

/** At the edge (request bodies): filter ids and JSON values; the dashboard checks the rest. */
export const lockedValues = z
  .record(z.string().min(1).max(63), z.unknown())
  .refine((v) => Object.keys(v).length <= 12, { message: 'at most 12 filters' });

const scalar = (v: unknown): v is string | number =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const bound = (v: unknown) => (v === null || v === undefined ? '' : scalar(v) ? String(v) : null);

/**
 * The query-string form of one locked value (see filters.ts), or null when its shape is wrong.
 * The subscription form (site) reads saved values through it too, so both read them alike.
 */
export function lockedQuery(spec: FilterSpec, value: unknown): FilterQuery | null {
  const { id } = spec;
  if (value === null) {
    return spec.type === 'numberRange' ? { [`${id}.min`]: '', [`${id}.max`]: '' } : { [id]: '' };
  }
  switch (spec.type) {
    case 'dateRange': {
      if (typeof value === 'string') return { [id]: value };
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const { start, end, ...rest } = value as { start?: unknown; end?: unknown };
      if (typeof start !== 'string' || typeof end !== 'string' || Object.keys(rest).length)
        return null;
      return { [id]: 'custom', [`${id}.start`]: start, [`${id}.end`]: end };
    }
    case 'select': {
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || !values.every(scalar)) return null;
      return { [id]: values.map(String) };
    }
    case 'numberRange': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const { min, max, ...rest } = value as { min?: unknown; max?: unknown };
      const [lo, hi] = [bound(min), bound(max)];
      if (Object.keys(rest).length > 0 || lo === null || hi === null) return null;
      return { [`${id}.min`]: lo, [`${id}.max`]: hi };
    }
  }
}

/**
 * Checks `locked` against the dashboard's filters and turns it into query-string entries.
 * Issues name `locked.<filter id>`: an id the dashboard lacks, or a value that does not fit.
 */
export function readLocked(
  filters: readonly FilterSpec[],
  locked: LockedValues,
): { ok: true; query: FilterQuery } | { ok: false; issues: FieldError[] } {
  const issues: FieldError[] = [];
  const query: FilterQuery = {};
  for (const [id, value] of Object.entries(locked)) {
    const spec = filters.find((f) => f.id === id);
    const path = `locked.${id}`;
    if (!spec) {
      issues.push({ path, key: 'validation.unknownFilter', params: { id } });
      continue;
    }
    const entries = lockedQuery(spec, value);
    const read = entries && readFilters([spec], entries)[0];
    if (!entries || !read) issues.push({ path, key: 'validation.invalid' });
    else if (read.error) issues.push({ path, key: read.error });
    else Object.assign(query, entries);
  }
  return issues.length ? { ok: false, issues } : { ok: true, query };
}

/**
 * The reader's query with the locked filters replaced: every name of a locked filter (`id`,
 * `id.start`, `id.min`, …) the URL holds is dropped before the locked values go in.
 */
export function withLocked(query: FilterQuery, locked: FilterQuery, ids: string[]) {
  const kept = Object.entries(query).filter(
    ([name]) => !ids.some((id) => name === id || name.startsWith(`${id}.`)),
  );
  return { ...Object.fromEntries(kept), ...locked };
}
