import type { ChartType } from '@painel/api/browser';
import { dateRangePresets } from '@painel/api/browser';
import {
  type CardDraft,
  type Channel,
  channelsOf,
  type DashboardDraft,
  type FilterDraft,
  newFilter,
  slugify,
} from './form';

/**
 * How cards and filters meet: a filter gives the cards `{{parameter}}` values (a date range
 * `{{name.start}}` and `{{name.end}}`), so the editor shows which cards use each filter, turns
 * a saved query's parameters into filters, and suggests encodings from a result's columns.
 */

// The API's reference pattern (api/src/queries/parameters.ts).
const reference = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.(?:start|end))?\s*\}\}/g;

/** The parameter names a query's text refers to, in order of first use. */
export function referencedParameters(sql: string): string[] {
  return [...new Set([...sql.matchAll(reference)].map((m) => m[1] ?? ''))];
}

/** The parameter names a filter gives the cards. */
export function filterParameters(filter: FilterDraft): string[] {
  return filter.type === 'numberRange' ? [filter.min, filter.max] : [filter.parameter];
}

/** The cards whose SQL uses one of the filter's parameters. */
export function cardsUsing(draft: DashboardDraft, filter: FilterDraft): CardDraft[] {
  const names = new Set(filterParameters(filter).map((n) => n.trim()));
  return draft.cards.filter(
    (card) =>
      card.kind === 'chart' &&
      card.query.mode === 'sql' &&
      referencedParameters(card.query.sql).some((n) => names.has(n)),
  );
}

/** Parameters a card's SQL uses that no filter gives: the card cannot run as it is. */
export function unboundParameters(draft: DashboardDraft, card: CardDraft): string[] {
  if (card.kind !== 'chart' || card.query.mode !== 'sql') return [];
  const given = new Set(draft.filters.flatMap(filterParameters));
  return referencedParameters(card.query.sql).filter((n) => !given.has(n));
}

/**
 * A filter's new id everywhere: the filter itself and the cards that cross-filter it. While
 * `idFollows`, a new filter's id is its parameter's name.
 */
export function renameFilter(draft: DashboardDraft, index: number, id: string): DashboardDraft {
  const old = draft.filters[index]?.id;
  if (old === undefined || old === id) return draft;
  return {
    ...draft,
    filters: draft.filters.map((f, i) => (i === index ? { ...f, id } : f)),
    cards: draft.cards.map((card) =>
      card.kind === 'chart' && card.crossFilter === old ? { ...card, crossFilter: id } : card,
    ),
  };
}

/** The id a parameter name suggests: `weather_kind` → `weather-kind`. */
export const idFromParameter = (name: string) => slugify(name.replaceAll('_', '-'));

/** A parameter of a saved query (api/src/queries/parameters.ts ParameterDefinition). */
export interface SavedParameter {
  name: string;
  type: 'text' | 'number' | 'date' | 'dateRange' | 'list';
  value: unknown;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The filters a saved query's parameters need that the dashboard lacks: a date range stays a
 * date range (its saved value the default), a list becomes a multiple select and a text or
 * number a single one, offering the saved value(s) and starting on them. A single date has no
 * dashboard filter: those names come back in `unmatched`.
 */
export function filtersForParameters(
  parameters: readonly SavedParameter[],
  existing: readonly FilterDraft[],
): { filters: FilterDraft[]; unmatched: string[] } {
  const given = new Set(existing.flatMap(filterParameters));
  const taken = existing.map((f) => f.id);
  const filters: FilterDraft[] = [];
  const unmatched: string[] = [];
  for (const p of parameters) {
    if (given.has(p.name)) continue;
    // What every new filter takes from its parameter.
    const named = {
      id: uniqueAmong(idFromParameter(p.name) || 'filter', taken, filters),
      idFollows: false,
      label: { en: p.name, pt: '' },
      parameter: p.name,
    };
    if (p.type === 'dateRange') {
      const f = newFilter('dateRange', [...taken, ...filters.map((x) => x.id)]);
      if (f.type !== 'dateRange') continue;
      const v = p.value;
      const preset = (dateRangePresets as readonly unknown[]).includes(v);
      const range =
        typeof v === 'object' && v !== null ? (v as { start?: unknown; end?: unknown }) : null;
      filters.push({
        ...f,
        ...named,
        ...(preset
          ? { defaultKind: 'preset', preset: v as typeof f.preset }
          : range && isDate(range.start) && isDate(range.end)
            ? { defaultKind: 'dates', start: range.start, end: range.end }
            : { defaultKind: '' }),
      });
    } else if (p.type === 'list' || p.type === 'text' || p.type === 'number') {
      const f = newFilter('select', []);
      if (f.type !== 'select') continue;
      const values = Array.isArray(p.value) ? p.value : p.value === null ? [] : [p.value];
      const numeric =
        p.type === 'number' || (values.length > 0 && values.every((v) => typeof v === 'number'));
      filters.push({
        ...f,
        ...named,
        multiple: p.type === 'list',
        valueType: numeric ? 'number' : 'text',
        optionsKind: 'values',
        values: values.map(String).join('\n'),
        // The query ran with these: the cards start out showing what it showed.
        defaultValue: (p.type === 'list' ? values : values.slice(0, 1)).map(String).join('\n'),
      });
    } else unmatched.push(p.name);
    given.add(p.name);
  }
  return { filters, unmatched };
}

function uniqueAmong(id: string, taken: readonly string[], added: readonly FilterDraft[]): string {
  const used = new Set([...taken, ...added.map((f) => f.id)]);
  if (!used.has(id)) return id;
  for (let i = 2; ; i++) if (!used.has(`${id}-${i}`)) return `${id}-${i}`;
}

export interface ResultColumn {
  name: string;
  numeric: boolean;
}

/**
 * Fields for a chart type's channels from the result's columns: the first text (or date)
 * column as the category or axis, the first numeric one as the measure. Empty when the
 * columns do not fit, rather than a wrong guess.
 */
export function suggestEncoding(
  type: ChartType,
  columns: readonly ResultColumn[],
): Partial<Record<Channel, string>> {
  const category = columns.find((c) => !c.numeric)?.name;
  const measures = columns.filter((c) => c.numeric).map((c) => c.name);
  const [first, second] = measures;
  switch (type) {
    case 'line':
    case 'area':
    case 'pie':
    case 'bar':
      return category && first ? { x: category, y: first } : {};
    case 'scatter':
      return first && second ? { x: first, y: second } : {};
    case 'histogram':
      return first ? { x: first } : {};
    case 'heatmap': {
      const [a, b] = columns.filter((c) => !c.numeric).map((c) => c.name);
      return a && b && first ? { x: a, y: b, color: first } : {};
    }
    case 'map':
      return category && first ? { key: category, color: first } : {};
    default:
      return {};
  }
}

/** The horizontal bar's axes are the vertical one's swapped: categories on y, lengths on x. */
export function swapForOrientation(
  fields: Partial<Record<Channel, string>>,
  horizontal: boolean,
): Partial<Record<Channel, string>> {
  if (!horizontal) return fields;
  const { x, y, ...rest } = fields;
  return { ...rest, ...(y ? { x: y } : {}), ...(x ? { y: x } : {}) };
}

/**
 * A chart card with its empty channels filled from the result's columns, for its type (or
 * `type`, the one it is changing to). A card that already names a field is left alone, as is
 * a KPI, which shows every column unless told otherwise.
 */
export function withSuggestedFields(
  card: CardDraft,
  columns: readonly ResultColumn[],
  type?: ChartType,
): CardDraft {
  if (card.kind !== 'chart') return card;
  const chartType = type ?? card.type;
  const channels = channelsOf[chartType];
  if (chartType === 'kpi' || channels.some((ch) => card.encoding[ch].field.trim())) return card;
  const fields = swapForOrientation(
    suggestEncoding(chartType, columns),
    chartType === 'bar' && card.options.orientation === 'horizontal',
  );
  if (Object.keys(fields).length === 0) return card;
  const encoding = { ...card.encoding };
  for (const [channel, field] of Object.entries(fields) as [Channel, string][])
    encoding[channel] = { ...encoding[channel], field };
  return { ...card, encoding };
}
