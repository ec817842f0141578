import type { Locale, Translate } from '@painel/i18n';
import { localize } from '../charts/localized-text.js';
import type { ParameterDefinition } from '../queries/parameters.js';
import { type DateRangePreset, dateRangePresets } from '../queries/relative-dates.js';
import type { FilterSpec, RenderedFilter } from './spec.js';

/**
 * Dashboard filters live in the query string, so a filtered view is a link anyone can share and
 * the filter bar works as a plain GET form:
 * - date range: `period=last30days`, or `period=custom&period.start=2001-01-01&period.end=2001-01-31`;
 * - select: `origin=SEA`, repeated for several (`origin=SEA&origin=PDX`);
 * - number range: `delay.min=10&delay.max=60`, either end optional.
 * A filter absent from the query string takes its default; present and empty, it has no value,
 * and the cards' optional clauses (`[[ … ]]`) drop out.
 */
export type FilterQuery = Record<string, string | string[] | undefined>;

export type FilterValue =
  | { type: 'dateRange'; value: DateRangePreset | { start: string; end: string } }
  | { type: 'select'; value: (string | number)[] }
  | { type: 'numberRange'; min: number | null; max: number | null };

/** Why a value in the URL was not taken: an i18n key the filter bar shows on the filter. */
export type FilterProblem =
  | 'dashboard.filter.invalidDates'
  | 'dashboard.filter.oneValue'
  | 'dashboard.filter.tooMany'
  | 'dashboard.filter.notNumber'
  | 'dashboard.filter.minAboveMax';

export interface ReadFilter {
  spec: FilterSpec;
  value: FilterValue | null;
  /** Why the URL's value was not taken (the filter then has none). */
  error?: FilterProblem;
}

/** A filter's value, or why the URL's could not be taken: a result, not a throw. */
type Read = { ok: true; value: FilterValue | null } | { ok: false; error: FilterProblem };

const ok = (value: FilterValue | null): Read => ({ ok: true, value });
const fail = (error: FilterProblem): Read => ({ ok: false, error });

const date = /^\d{4}-\d{2}-\d{2}$/;

function all(query: FilterQuery, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
const one = (query: FilterQuery, name: string) => all(query, name)[0];

/** Each filter's value from the query string, else its default. */
export function readFilters(filters: readonly FilterSpec[], query: FilterQuery): ReadFilter[] {
  return filters.map((spec) => {
    const read = readOne(spec, query);
    return read.ok ? { spec, value: read.value } : { spec, value: null, error: read.error };
  });
}

function readOne(spec: FilterSpec, query: FilterQuery): Read {
  switch (spec.type) {
    case 'dateRange': {
      const chosen = one(query, spec.id);
      if (chosen === undefined)
        return ok(spec.default ? { type: 'dateRange', value: spec.default } : null);
      if (chosen === '') return ok(null);
      if ((dateRangePresets as readonly string[]).includes(chosen))
        return ok({ type: 'dateRange', value: chosen as DateRangePreset });
      const start = one(query, `${spec.id}.start`) ?? '';
      const end = one(query, `${spec.id}.end`) ?? '';
      if (chosen !== 'custom' || !date.test(start) || !date.test(end) || start > end)
        return fail('dashboard.filter.invalidDates');
      return ok({ type: 'dateRange', value: { start, end } });
    }
    case 'select': {
      if (!(spec.id in query)) {
        if (spec.default === undefined) return ok(null);
        const values = Array.isArray(spec.default) ? spec.default : [spec.default];
        return ok({ type: 'select', value: values });
      }
      const texts = all(query, spec.id).filter((v) => v !== '');
      if (texts.length === 0) return ok(null);
      if (!spec.multiple && texts.length > 1) return fail('dashboard.filter.oneValue');
      if (texts.length > 1_000) return fail('dashboard.filter.tooMany');
      if (spec.valueType === 'number') {
        const numbers = texts.map(Number);
        if (numbers.some((n) => !Number.isFinite(n))) return fail('dashboard.filter.notNumber');
        return ok({ type: 'select', value: numbers });
      }
      return ok({ type: 'select', value: texts });
    }
    case 'numberRange': {
      const given = `${spec.id}.min` in query || `${spec.id}.max` in query;
      if (!given) {
        const d = spec.default;
        return ok(d ? { type: 'numberRange', min: d.min ?? null, max: d.max ?? null } : null);
      }
      // `undefined`: the text is not a number; `null`: no bound at that end.
      const bound = (name: string): number | null | undefined => {
        const text = (one(query, name) ?? '').trim().replace(',', '.');
        if (text === '') return null;
        const n = Number(text);
        return Number.isFinite(n) ? n : undefined;
      };
      const min = bound(`${spec.id}.min`);
      const max = bound(`${spec.id}.max`);
      if (min === undefined || max === undefined) return fail('dashboard.filter.notNumber');
      if (min === null && max === null) return ok(null);
      if (min !== null && max !== null && min > max) return fail('dashboard.filter.minAboveMax');
      return ok({ type: 'numberRange', min, max });
    }
  }
}

/** The query parameters the filters give the cards; a filter without a value gives `null`. */
export function filterParameters(read: readonly ReadFilter[]): ParameterDefinition[] {
  return read.flatMap(parametersOf);
}

function parametersOf({ spec, value }: ReadFilter): ParameterDefinition[] {
  if (spec.type === 'dateRange')
    return [
      {
        name: spec.parameter,
        type: 'dateRange',
        value: value?.type === 'dateRange' ? value.value : null,
      },
    ];
  if (spec.type === 'numberRange') {
    const range = value?.type === 'numberRange' ? value : null;
    return [
      { name: spec.parameters.min, type: 'number', value: range?.min ?? null },
      { name: spec.parameters.max, type: 'number', value: range?.max ?? null },
    ];
  }
  const values = value?.type === 'select' ? value.value : null;
  if (spec.multiple) return [{ name: spec.parameter, type: 'list', value: values }];
  const first = values?.[0] ?? null;
  return spec.valueType === 'number'
    ? [{ name: spec.parameter, type: 'number', value: first === null ? null : Number(first) }]
    : [{ name: spec.parameter, type: 'text', value: first === null ? null : String(first) }];
}

/** A filter as the filter bar shows it, in the reader's language. */
export function renderFilter(
  read: ReadFilter,
  locale: Locale,
  t: Translate,
  options?: (string | number)[],
): RenderedFilter {
  const { spec, value } = read;
  const base = {
    id: spec.id,
    type: spec.type,
    label: localize(spec.label, locale),
    name: spec.id,
    ...(read.error ? { error: t(read.error) } : {}),
  };
  switch (spec.type) {
    case 'dateRange': {
      const v = value?.type === 'dateRange' ? value.value : null;
      return {
        ...base,
        value:
          v === null
            ? { preset: '' }
            : typeof v === 'string'
              ? { preset: v }
              : { preset: 'custom', start: v.start, end: v.end },
        options: [
          { value: '', label: t('dashboard.filter.any') },
          ...dateRangePresets.map((p) => ({ value: p, label: t(`dates.preset.${p}`) })),
          { value: 'custom', label: t('dashboard.filter.customDates') },
        ],
      };
    }
    case 'select': {
      const selected = value?.type === 'select' ? value.value.map(String) : [];
      const listed = (options ?? []).map(String);
      // A value in the URL that the list lacks stays visible, so the form can send it back.
      const extra = selected.filter((s) => !listed.includes(s));
      return {
        ...base,
        multiple: spec.multiple,
        value: { selected },
        options: [...listed, ...extra].map((o) => ({ value: o, label: o })),
      };
    }
    case 'numberRange': {
      const v = value?.type === 'numberRange' ? value : null;
      return {
        ...base,
        value: {
          min: v?.min === null || !v ? '' : String(v.min),
          max: v?.max == null ? '' : String(v.max),
        },
      };
    }
  }
}
