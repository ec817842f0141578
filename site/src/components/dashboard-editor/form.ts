export { chartTypes, formatStyles } from '@painel/api/browser';

import type {
  BuilderQuery,
  CardLayout,
  CardSpec,
  ChartSpec,
  ChartType,
  DashboardSpec,
  DateRangePreset,
  Encoding,
  FilterSpec,
  ValueFormat,
} from '@painel/api/browser';

/**
 * The editor's form state: a dashboard spec as its inputs hold it (texts in both languages as
 * plain strings, numbers as typed text, lists one item a line). `draftFromSpec` fills it from a
 * saved spec; build.ts turns it back. What the form does not show (a column's label, a KPI's
 * unit, reference lines, a builder question's joins) rides along in `keep` fields, so opening
 * and saving a dashboard never drops what another tool or a hand-written file put there.
 */

export interface Texts {
  en: string;
  pt: string;
}

export type FormatStyle = ValueFormat['style'];

export type Channel = 'x' | 'y' | 'color' | 'size' | 'key';
export const channelNames: readonly Channel[] = ['x', 'y', 'color', 'size', 'key'];

/** The channels each chart type draws from, in the order the form shows them. */
export const channelsOf: Record<ChartType, readonly Channel[]> = {
  kpi: ['x', 'y'],
  line: ['x', 'y', 'color'],
  area: ['x', 'y', 'color'],
  bar: ['x', 'y', 'color'],
  pie: ['x', 'y'],
  scatter: ['x', 'y', 'color', 'size'],
  histogram: ['x'],
  heatmap: ['x', 'y', 'color'],
  map: ['key', 'color'],
  table: [],
};

/** Types that list columns (a table's, a KPI's values) rather than only channels. */
export const listsColumns = (type: ChartType) => type === 'table' || type === 'kpi';

export interface EncodingDraft {
  field: string;
  /** '' lets the server infer the format from the column's type. */
  style: FormatStyle | '';
  /** Where space is short: '' is the format's own `auto` (compact from 10,000 on). */
  notation: '' | 'compact' | 'standard';
  keep: Omit<Encoding, 'field'>;
}

export interface OptionsDraft {
  orientation: '' | 'vertical' | 'horizontal';
  barLayout: '' | 'stacked' | 'grouped';
  donut: boolean;
  bins: string;
  trend: boolean;
  /** Periods to forecast; empty for none. */
  forecast: string;
  anomalies: boolean;
  /** A table's totals row. */
  totals: boolean;
  comparisonField: string;
  atlas: 'world' | 'us-states';
  join: 'id' | 'name';
  /** A totals row's list of fields, when the spec names them, rides along with the checkbox. */
  keep: Pick<
    ChartSpec['options'],
    'height' | 'referenceLines' | 'comparison' | 'totals' | 'conditionalFormats'
  >;
}

export interface BuilderDraft {
  table: string;
  group: string;
  truncate: '' | 'day' | 'week' | 'month' | 'quarter' | 'year';
  fn: '' | 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'median';
  column: string;
  /** The question as loaded: its other groupings, aggregates, joins, filters, order, limit. */
  keep: BuilderQuery | null;
}

export interface QueryDraft {
  mode: 'sql' | 'builder';
  sql: string;
  /** A data source name; '' is the dashboard's own. */
  source: string;
  builder: BuilderDraft;
  /** The saved query the SQL was copied from, shown as a reminder. */
  from?: string;
}

export interface ChartCardDraft {
  kind: 'chart';
  id: string;
  layout: CardLayout;
  query: QueryDraft;
  type: ChartType;
  title: Texts;
  description: Texts;
  encoding: Record<Channel, EncodingDraft>;
  columns: EncodingDraft[];
  options: OptionsDraft;
  /** A filter id, or ''. */
  crossFilter: string;
}

export interface TextCardDraft {
  kind: 'text';
  id: string;
  layout: CardLayout;
  title: Texts;
  text: Texts;
}

export type CardDraft = ChartCardDraft | TextCardDraft;

interface FilterBase {
  id: string;
  /** A new filter's id follows its parameter's name until the author changes the id. */
  idFollows: boolean;
  label: Texts;
}

export interface DateRangeDraft extends FilterBase {
  type: 'dateRange';
  parameter: string;
  defaultKind: '' | 'preset' | 'dates';
  preset: DateRangePreset;
  start: string;
  end: string;
}

export interface SelectDraft extends FilterBase {
  type: 'select';
  parameter: string;
  multiple: boolean;
  valueType: 'text' | 'number';
  optionsKind: 'sql' | 'values';
  sql: string;
  /** The source the options query runs on; '' is the dashboard's. */
  source: string;
  /** One value a line. */
  values: string;
  /** One value a line (one only for a single select); '' for none. */
  defaultValue: string;
}

export interface NumberRangeDraft extends FilterBase {
  type: 'numberRange';
  min: string;
  max: string;
  defaultMin: string;
  defaultMax: string;
}

export type FilterDraft = DateRangeDraft | SelectDraft | NumberRangeDraft;

export interface DashboardDraft {
  slug: string;
  /** A new dashboard's slug follows its English title until the author edits the slug. */
  slugFollows: boolean;
  title: Texts;
  description: Texts;
  source: string;
  public: boolean;
  /** Seconds as text; '' for no automatic refresh. */
  refreshSeconds: string;
  filters: FilterDraft[];
  cards: CardDraft[];
}

export const texts = (t?: { en: string; 'pt-BR'?: string | undefined }): Texts => ({
  en: t?.en ?? '',
  pt: t?.['pt-BR'] ?? '',
});

/** `Vendas & Clientes 2024` → `vendas-clientes-2024`: a slug or an id the API accepts. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** `prefix`, else `prefix-2`, `prefix-3`… whichever is not taken. */
export function uniqueId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = slugify(prefix) || 'item';
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

export const emptyEncoding = (): EncodingDraft => ({
  field: '',
  style: '',
  notation: '',
  keep: {},
});

function encodingDraft(e: Encoding | undefined): EncodingDraft {
  if (!e) return emptyEncoding();
  const { field, ...keep } = e;
  const notation = e.format?.notation;
  return {
    field,
    style: e.format?.style ?? '',
    notation: notation === 'compact' || notation === 'standard' ? notation : '',
    keep,
  };
}

export const emptyBuilder = (table = ''): BuilderDraft => ({
  table,
  group: '',
  truncate: '',
  fn: 'count',
  column: '',
  keep: null,
});

function builderDraft(q: BuilderQuery): BuilderDraft {
  const group = q.groupBy?.[0];
  const aggregate = q.aggregates?.[0];
  return {
    table: q.table,
    group: group?.column ?? '',
    truncate: group?.truncate ?? '',
    fn: aggregate?.fn ?? '',
    column: aggregate?.column ?? '',
    keep: q,
  };
}

export const emptyOptions = (): OptionsDraft => ({
  orientation: '',
  barLayout: '',
  donut: false,
  bins: '',
  trend: false,
  forecast: '',
  anomalies: false,
  totals: false,
  comparisonField: '',
  atlas: 'world',
  join: 'id',
  keep: {},
});

function optionsDraft(o: ChartSpec['options']): OptionsDraft {
  return {
    orientation: o.orientation ?? '',
    barLayout: o.layout ?? '',
    donut: o.donut ?? false,
    bins: o.bins === undefined ? '' : String(o.bins),
    trend: o.trend ?? false,
    forecast: o.forecast ? String(o.forecast.periods) : '',
    anomalies: o.anomalies ?? false,
    totals: Boolean(o.totals),
    comparisonField: o.comparison?.field ?? '',
    atlas: o.map?.atlas ?? 'world',
    join: o.map?.join ?? 'id',
    keep: {
      ...(o.height === undefined ? {} : { height: o.height }),
      ...(o.referenceLines ? { referenceLines: o.referenceLines } : {}),
      ...(o.comparison ? { comparison: o.comparison } : {}),
      ...(Array.isArray(o.totals) ? { totals: o.totals } : {}),
      ...(o.conditionalFormats ? { conditionalFormats: o.conditionalFormats } : {}),
    },
  };
}

export function newChartCard(
  id: string,
  layout: CardLayout,
  type: ChartType,
  query: Partial<QueryDraft> = {},
): ChartCardDraft {
  return {
    kind: 'chart',
    id,
    layout,
    query: { mode: 'sql', sql: '', source: '', builder: emptyBuilder(), ...query },
    type,
    title: { en: '', pt: '' },
    description: { en: '', pt: '' },
    encoding: {
      x: emptyEncoding(),
      y: emptyEncoding(),
      color: emptyEncoding(),
      size: emptyEncoding(),
      key: emptyEncoding(),
    },
    columns: [],
    options: emptyOptions(),
    crossFilter: '',
  };
}

export const newTextCard = (id: string, layout: CardLayout): TextCardDraft => ({
  kind: 'text',
  id,
  layout,
  title: { en: '', pt: '' },
  text: { en: '', pt: '' },
});

function cardDraft(card: CardSpec): CardDraft {
  if (card.kind === 'text')
    return {
      kind: 'text',
      id: card.id,
      layout: card.layout,
      title: texts(card.title),
      text: texts(card.text),
    };
  const { chart, query } = card;
  return {
    kind: 'chart',
    id: card.id,
    layout: card.layout,
    query:
      'sql' in query
        ? { mode: 'sql', sql: query.sql, source: query.source ?? '', builder: emptyBuilder() }
        : {
            mode: 'builder',
            sql: '',
            source: query.source ?? '',
            builder: builderDraft(query.builder),
          },
    type: chart.type,
    title: texts(chart.title),
    description: texts(chart.description),
    encoding: {
      x: encodingDraft(chart.encoding.x),
      y: encodingDraft(chart.encoding.y),
      color: encodingDraft(chart.encoding.color),
      size: encodingDraft(chart.encoding.size),
      key: encodingDraft(chart.encoding.key),
    },
    columns: (chart.columns ?? []).map(encodingDraft),
    options: optionsDraft(chart.options),
    crossFilter: card.crossFilter ?? '',
  };
}

const lines = (values: readonly (string | number)[]) => values.map(String).join('\n');

function filterDraft(f: FilterSpec): FilterDraft {
  const base = { id: f.id, idFollows: false, label: texts(f.label) };
  switch (f.type) {
    case 'dateRange':
      return {
        ...base,
        type: 'dateRange',
        parameter: f.parameter,
        defaultKind:
          f.default === undefined ? '' : typeof f.default === 'string' ? 'preset' : 'dates',
        preset: typeof f.default === 'string' ? f.default : 'last30days',
        start: typeof f.default === 'object' ? f.default.start : '',
        end: typeof f.default === 'object' ? f.default.end : '',
      };
    case 'select':
      return {
        ...base,
        type: 'select',
        parameter: f.parameter,
        multiple: f.multiple,
        valueType: f.valueType,
        optionsKind: 'sql' in f.options ? 'sql' : 'values',
        sql: 'sql' in f.options ? f.options.sql : '',
        source: 'sql' in f.options ? (f.options.source ?? '') : '',
        values: 'values' in f.options ? lines(f.options.values) : '',
        defaultValue:
          f.default === undefined ? '' : lines(Array.isArray(f.default) ? f.default : [f.default]),
      };
    case 'numberRange':
      return {
        ...base,
        type: 'numberRange',
        min: f.parameters.min,
        max: f.parameters.max,
        defaultMin: f.default?.min === undefined ? '' : String(f.default.min),
        defaultMax: f.default?.max === undefined ? '' : String(f.default.max),
      };
  }
}

/** A saved (or restored, or imported) spec as the form shows it. */
export function draftFromSpec(spec: DashboardSpec): DashboardDraft {
  return {
    slug: spec.slug,
    slugFollows: false,
    title: texts(spec.title),
    description: texts(spec.description),
    source: spec.source,
    public: spec.public,
    refreshSeconds: spec.refreshSeconds === undefined ? '' : String(spec.refreshSeconds),
    filters: spec.filters.map(filterDraft),
    cards: spec.cards.map(cardDraft),
  };
}

/** What the new-dashboard page starts from. */
export const emptyDashboard = (source: string): DashboardDraft => ({
  slug: '',
  slugFollows: true,
  title: { en: '', pt: '' },
  description: { en: '', pt: '' },
  source,
  public: false,
  refreshSeconds: '',
  filters: [],
  cards: [],
});

const filterIdPrefixes = { dateRange: 'period', select: 'choice', numberRange: 'range' } as const;

export function newFilter(type: FilterDraft['type'], taken: Iterable<string>): FilterDraft {
  const id = uniqueId(filterIdPrefixes[type], taken);
  // The parameter's name: an id may have dashes, an SQL name not.
  const name = id.replaceAll('-', '_');
  const base = { idFollows: true, label: { en: '', pt: '' }, id };
  switch (type) {
    case 'dateRange':
      return {
        ...base,
        type,
        parameter: name,
        defaultKind: 'preset',
        preset: 'last30days',
        start: '',
        end: '',
      };
    case 'select':
      return {
        ...base,
        type,
        parameter: name,
        multiple: false,
        valueType: 'text',
        optionsKind: 'sql',
        sql: '',
        source: '',
        values: '',
        defaultValue: '',
      };
    case 'numberRange':
      return {
        ...base,
        type,
        min: `${name}_min`,
        max: `${name}_max`,
        defaultMin: '',
        defaultMax: '',
      };
  }
}
