import { z } from 'zod';
import type { BoundValue } from '../datasources/connector.js';
import { HttpError } from '../errors.js';
import {
  dateRangePresets,
  relativeDatePattern,
  resolveDate,
  resolvePreset,
} from './relative-dates.js';

/**
 * Typed query parameters. SQL names them `{{name}}` (a date range's ends as `{{name.start}}` and
 * `{{name.end}}`); each reference becomes the engine's placeholder and its value is bound by the
 * driver, never spliced into the text. A list expands to one placeholder per item, so
 * `IN ({{ids}})` works everywhere.
 */

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A date, or one relative to today in the reader's time zone (`today-30d`). */
const dateValue = z.union([dateText, z.string().regex(relativeDatePattern, 'today-30d')]);
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);

export const parameterDefinition = z.discriminatedUnion('type', [
  z.object({ name, type: z.literal('text'), value: z.string().max(10_000).nullable() }).strict(),
  z.object({ name, type: z.literal('number'), value: z.number().finite().nullable() }).strict(),
  z.object({ name, type: z.literal('date'), value: dateValue.nullable() }).strict(),
  z
    .object({
      name,
      type: z.literal('dateRange'),
      value: z
        .union([z.object({ start: dateValue, end: dateValue }).strict(), z.enum(dateRangePresets)])
        .nullable(),
    })
    .strict(),
  z
    .object({
      name,
      type: z.literal('list'),
      value: z
        .array(z.union([z.string().max(1_000), z.number().finite()]))
        .min(1)
        .max(1_000)
        .nullable(),
    })
    .strict(),
]);
export type ParameterDefinition = z.infer<typeof parameterDefinition>;

/** Whether any value is relative to today, so resolving needs the reader's time zone. */
export function hasRelativeDates(parameters: readonly ParameterDefinition[]): boolean {
  return parameters.some(
    (p) =>
      (p.type === 'date' && p.value !== null && relativeDatePattern.test(p.value)) ||
      (p.type === 'dateRange' &&
        p.value !== null &&
        (typeof p.value === 'string' ||
          relativeDatePattern.test(p.value.start) ||
          relativeDatePattern.test(p.value.end))),
  );
}

/** The parameters with every relative date replaced by the date it means on `today`. */
export function resolveRelativeDates(
  parameters: readonly ParameterDefinition[],
  today: string,
): ParameterDefinition[] {
  return parameters.map((p) => {
    if (p.type === 'date' && p.value !== null) return { ...p, value: resolveDate(p.value, today) };
    if (p.type === 'dateRange' && p.value !== null) {
      const range =
        typeof p.value === 'string'
          ? resolvePreset(p.value, today)
          : { start: resolveDate(p.value.start, today), end: resolveDate(p.value.end, today) };
      return { ...p, value: range };
    }
    return p;
  });
}

const reference = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.(start|end))?\s*\}\}/g;

/** The parameter names a query's text refers to, in order of first use. */
export function referencedParameters(sql: string): string[] {
  return [...new Set([...sql.matchAll(reference)].map((m) => m[1] ?? ''))];
}

// `[[ AND origin = {{origin}} ]]`: kept when every parameter inside has a value, else dropped.
const optional = /\[\[([\s\S]*?)\]\]/g;

/**
 * The SQL with engine placeholders and the values to bind, in order. An optional clause
 * `[[ … ]]` (as in Metabase) stays only when every parameter it names has a value, so a
 * dashboard filter left empty filters nothing. Every other reference must have a value: a
 * missing or empty one is a 400 naming it, as is a part (`.start`) of a parameter that has none.
 */
export function bindParameters(
  sql: string,
  parameters: ParameterDefinition[],
  placeholder: (index: number) => string,
): { sql: string; params: BoundValue[] } {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const hasValue = (name: string) => (byName.get(name)?.value ?? null) !== null;
  sql = sql.replace(optional, (_whole, clause: string) =>
    referencedParameters(clause).every(hasValue) ? clause : '',
  );
  const params: BoundValue[] = [];
  const missing = new Set<string>();
  const text = sql.replace(reference, (whole, key: string, part: 'start' | 'end' | undefined) => {
    const parameter = byName.get(key);
    if (!parameter || parameter.value === null) {
      missing.add(key);
      return whole;
    }
    const next = (value: BoundValue) => {
      params.push(value);
      return placeholder(params.length - 1);
    };
    if (parameter.type === 'dateRange') {
      // Presets are resolved before binding (resolveRelativeDates); one left here is a bug.
      if (!part || typeof parameter.value === 'string') throw invalidPart(key);
      return next(parameter.value[part]);
    }
    if (part) throw invalidPart(key);
    if (parameter.type === 'list') return parameter.value.map(next).join(', ');
    return next(parameter.value);
  });
  if (missing.size > 0) {
    throw new HttpError(400, {
      key: 'errors.query.parameterMissing',
      params: { names: [...missing].join(', ') },
      errors: [...missing].map((n) => ({ path: `parameters.${n}`, key: 'validation.required' })),
    });
  }
  return { sql: text, params };
}

function invalidPart(name: string): HttpError {
  return new HttpError(400, {
    key: 'errors.query.parameterPart',
    params: { name },
    errors: [{ path: `parameters.${name}`, key: 'validation.invalid' }],
  });
}
