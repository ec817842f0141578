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

export interface ReadFilter {
  spec: FilterSpec;
  value: FilterValue | null;
  /** Why the URL's value was not taken (the filter then has none). */
  error?: string;
}

const date = /^\d{4}-\d{2}-\d{2}$/;

function all(query: FilterQuery, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
const one = (query: FilterQuery, name: string) => all(query, name)[0];

/** Each filter's value from the query string, else its default. */
export function readFilters(filters: readonly FilterSpec[], query: FilterQuery): ReadFilter[] {
  return filters.map((spec) => {
    try {
      return { spec, value: readOne(spec, query) };
    } catch (error) {
      return { spec, value: null, error: (error as Error).message };
    }
  });
}

function readOne(spec: FilterSpec, query: FilterQuery): FilterValue | null {
  switch (spec.type) {
    case 'dateRange': {
      const chosen = one(query, spec.id);
      if (chosen === undefined)
        return spec.default ? { type: 'dateRange', value: spec.default } : null;
      if (chosen === '') return null;
      if ((dateRangePresets as readonly string[]).includes(chosen))
        return { type: 'dateRange', value: chosen as DateRangePreset };
      const start = one(query, `${spec.id}.start`) ?? '';
      const end = one(query, `${spec.id}.end`) ?? '';
      if (chosen !== 'custom' || !date.test(start) || !date.test(end) || start > end)
        throw new Error('dashboard.filter.invalidDates');
      return { type: 'dateRange', value: { start, end } };
    }
    case 'select': {
      if (!(spec.id in query)) {
        if (spec.default === undefined) return null;
        const values = Array.isArray(spec.default) ? spec.default : [spec.default];
        return { type: 'select', value: values };
      }
      const texts = all(query, spec.id).filter((v) => v !== '');
      if (texts.length === 0) return null;
      if (!spec.multiple && texts.length > 1) throw new Error('dashboard.filter.oneValue');
      if (texts.length > 1_000) throw new Error('dashboard.filter.tooMany');
      if (spec.valueType === 'number') {
        const numbers = texts.map(Number);
        if (numbers.some((n) => !Number.isFinite(n))) throw new Error('dashboard.filter.notNumber');
        return { type: 'select', value: numbers };
      }
      return { type: 'select', value: texts };
    }
    case 'numberRange': {
      const given = `${spec.id}.min` in query || `${spec.id}.max` in query;
      if (!given) {
        const d = spec.default;
        return d ? { type: 'numberRange', min: d.min ?? null, max: d.max ?? null } : null;
      }
      const bound = (name: string) => {
        const text = (one(query, name) ?? '').trim().replace(',', '.');
        if (text === '') return null;
        const n = Number(text);
        if (!Number.isFinite(n)) throw new Error('dashboard.filter.notNumber');
        return n;
      };
      const min = bound(`${spec.id}.min`);
      const max = bound(`${spec.id}.max`);
      if (min === null && max === null) return null;
      if (min !== null && max !== null && min > max)
        throw new Error('dashboard.filter.minAboveMax');
      return { type: 'numberRange', min, max };
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
