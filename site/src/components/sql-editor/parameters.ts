/**
 * Query parameters as the editor holds them: every `{{name}}` (or `{{name.start}}`) the SQL
 * refers to gets a type and a value typed in as text; `typed` turns them into what the API
 * binds. The reference pattern is the API's own (api/src/queries/parameters.ts).
 */

import { type DateRangePreset, dateRangePresets } from '@painel/api/browser';

export type ParameterType = 'text' | 'number' | 'date' | 'dateRange' | 'list';
export const parameterTypes: ParameterType[] = ['text', 'number', 'date', 'dateRange', 'list'];

/**
 * What the inputs hold: `value` is the text, a date range also has `end`. A relative date
 * (`today-30d`) or a range preset (`lastMonth`) sits in `value` as it is; the API resolves it
 * in the reader's time zone.
 */
export interface ParameterDraft {
  name: string;
  type: ParameterType;
  value: string;
  end: string;
}

export interface ParameterValue {
  name: string;
  type: ParameterType;
  value: string | number | { start: string; end: string } | (string | number)[] | null;
}

/** The relative dates the editor offers; the API takes any `today±N(d|w|m|q|y)`. */
export const relativeDates = [
  'today',
  'yesterday',
  'today-7d',
  'today-30d',
  'today-1m',
  'today-3m',
  'today-1y',
] as const;

export const rangePresets: readonly DateRangePreset[] = dateRangePresets;

export function isRangePreset(text: string): text is DateRangePreset {
  return (rangePresets as readonly string[]).includes(text);
}

const reference = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.(start|end))?\s*\}\}/g;

/** The parameters the SQL refers to, in order of first use, and whether they have parts. */
export function referencedParameters(sql: string): { name: string; ranged: boolean }[] {
  const found = new Map<string, boolean>();
  for (const m of sql.matchAll(reference)) {
    const name = m[1] ?? '';
    found.set(name, (found.get(name) ?? false) || m[2] !== undefined);
  }
  return [...found].map(([name, ranged]) => ({ name, ranged }));
}

/**
 * The drafts for the SQL's references: existing ones are kept (so editing the text does not
 * lose values), new ones start as text, or as a date range when used with `.start`/`.end`.
 */
export function reconcile(sql: string, drafts: ParameterDraft[]): ParameterDraft[] {
  const byName = new Map(drafts.map((d) => [d.name, d]));
  return referencedParameters(sql).map(
    ({ name, ranged }) =>
      byName.get(name) ?? { name, type: ranged ? 'dateRange' : 'text', value: '', end: '' },
  );
}

const plainNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A draft as the API takes it; an empty value is `null`, which the API names as missing. */
export function typed(draft: ParameterDraft): ParameterValue {
  const { name, type } = draft;
  const text = draft.value.trim();
  switch (type) {
    case 'number': {
      const n = Number(text.replace(',', '.'));
      return { name, type, value: text === '' || !Number.isFinite(n) ? null : n };
    }
    case 'date':
      return { name, type, value: text === '' ? null : text };
    case 'dateRange':
      if (isRangePreset(text)) return { name, type, value: text };
      return {
        name,
        type,
        value:
          text === '' || draft.end.trim() === '' ? null : { start: text, end: draft.end.trim() },
      };
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0) return { name, type, value: null };
      // A list of plain numbers binds as numbers; anything else (zip codes with a leading 0)
      // stays text.
      const numbers = items.every((s) => plainNumber.test(s));
      return { name, type, value: numbers ? items.map(Number) : items };
    }
    default:
      return { name, type: 'text', value: draft.value === '' ? null : draft.value };
  }
}

/** The drafts back from saved values (a saved query, a history entry). */
export function fromValues(values: ParameterValue[]): ParameterDraft[] {
  return values.map(({ name, type, value }) => {
    if (value === null || value === undefined) return { name, type, value: '', end: '' };
    if (type === 'dateRange' && typeof value === 'object' && !Array.isArray(value))
      return { name, type, value: value.start, end: value.end };
    if (Array.isArray(value)) return { name, type, value: value.join(', '), end: '' };
    return { name, type, value: String(value), end: '' };
  });
}
