import type {
  BuilderQuery,
  CardQuery,
  CardSpec,
  ChartSpec,
  DashboardSpec,
  Encoding,
  FilterSpec,
  LocalizedText,
} from '@painel/api/browser';
import { optionApplies } from '@painel/api/browser';
import {
  type CardDraft,
  type ChartCardDraft,
  channelNames,
  channelsOf,
  type DashboardDraft,
  type EncodingDraft,
  type FilterDraft,
  listsColumns,
  type QueryDraft,
  type Texts,
} from './form';

/**
 * The form state (form.ts) back to a dashboard spec, with what stops the API from taking it
 * as problems: a path like the API's (`cards.0.chart.title.en`) and a message name. The spec
 * is built either way, so the preview of one card works while another is unfinished.
 */

export type ProblemKey =
  | 'required'
  | 'slug'
  | 'id'
  | 'parameter'
  | 'duplicate'
  | 'options'
  | 'dates'
  | 'number'
  | 'bins'
  | 'forecast'
  | 'englishFirst';

export interface Problem {
  path: string;
  key: ProblemKey;
}

export interface Built {
  spec: DashboardSpec;
  problems: Problem[];
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
const parameterPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

class Collector {
  problems: Problem[] = [];
  add(path: string, key: ProblemKey) {
    this.problems.push({ path, key });
  }

  /** Optional text in both languages: English first, Portuguese only beside it. */
  localized(t: Texts, path: string, required = false): LocalizedText | undefined {
    const en = t.en.trim();
    const pt = t.pt.trim();
    if (!en) {
      if (required) this.add(`${path}.en`, 'required');
      else if (pt) this.add(`${path}.en`, 'englishFirst');
      return required ? { en: '' } : undefined;
    }
    return pt ? { en, 'pt-BR': pt } : { en };
  }

  number(text: string, path: string): number | undefined {
    const trimmed = text.trim().replace(',', '.');
    if (trimmed === '') return undefined;
    const n = Number(trimmed);
    if (!Number.isFinite(n)) {
      this.add(path, 'number');
      return undefined;
    }
    return n;
  }

  parameter(name: string, path: string): string {
    const trimmed = name.trim();
    if (!parameterPattern.test(trimmed)) this.add(path, trimmed ? 'parameter' : 'required');
    return trimmed;
  }
}

/** One value a line, blank lines dropped. */
export const splitLines = (text: string) =>
  text
    .split('\n')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function encoding(d: EncodingDraft): Encoding | undefined {
  const field = d.field.trim();
  if (!field) return undefined;
  const { format, ...keep } = d.keep;
  if (!d.style) return { ...keep, field };
  const { notation: _, ...rest } = format ?? {};
  return {
    ...keep,
    field,
    format: { ...rest, style: d.style, ...(d.notation ? { notation: d.notation } : {}) },
  };
}

function builderQuery(d: QueryDraft['builder'], path: string, c: Collector): BuilderQuery {
  const table = d.table.trim();
  if (!table) c.add(`${path}.table`, 'required');
  const keep: Partial<BuilderQuery> = d.keep && d.keep.table === table ? d.keep : {};
  const moreGroups = keep.groupBy?.slice(1) ?? [];
  const moreAggregates = keep.aggregates?.slice(1) ?? [];
  const groupBy = d.group
    ? [{ column: d.group, ...(d.truncate ? { truncate: d.truncate } : {}) }, ...moreGroups]
    : moreGroups;
  const aggregates = d.fn
    ? [{ fn: d.fn, ...(d.column ? { column: d.column } : {}) }, ...moreAggregates]
    : moreAggregates;
  const { groupBy: _g, aggregates: _a, table: _t, ...rest } = keep;
  return {
    ...rest,
    table,
    ...(groupBy.length ? { groupBy } : {}),
    ...(aggregates.length ? { aggregates } : {}),
  };
}

function cardQuery(q: QueryDraft, path: string, c: Collector): CardQuery {
  const source = q.source.trim() ? { source: q.source.trim() } : {};
  if (q.mode === 'builder')
    return { ...source, builder: builderQuery(q.builder, `${path}.builder`, c) };
  if (!q.sql.trim()) c.add(`${path}.sql`, 'required');
  return { ...source, sql: q.sql };
}

function chartOptions(card: ChartCardDraft, path: string, c: Collector): ChartSpec['options'] {
  const o = card.options;
  const type = card.type;
  const options: ChartSpec['options'] = {};
  if (o.keep.height !== undefined) options.height = o.keep.height;
  if (optionApplies('orientation', type) && o.orientation) options.orientation = o.orientation;
  if (optionApplies('layout', type) && o.barLayout) options.layout = o.barLayout;
  if (optionApplies('donut', type) && o.donut) options.donut = true;
  if (optionApplies('bins', type) && o.bins.trim()) {
    const bins = Number(o.bins.trim());
    if (!Number.isInteger(bins) || bins < 2 || bins > 100) c.add(`${path}.bins`, 'bins');
    else options.bins = bins;
  }
  if (optionApplies('referenceLines', type) && o.keep.referenceLines)
    options.referenceLines = o.keep.referenceLines;
  if (optionApplies('trend', type) && o.trend) options.trend = true;
  if (optionApplies('forecast', type) && o.forecast.trim()) {
    const periods = Number(o.forecast.trim());
    if (!Number.isInteger(periods) || periods < 1 || periods > 60)
      c.add(`${path}.forecast`, 'forecast');
    else options.forecast = { periods };
  }
  if (optionApplies('anomalies', type) && o.anomalies) options.anomalies = true;
  if (optionApplies('comparison', type) && o.comparisonField.trim())
    options.comparison = { ...o.keep.comparison, field: o.comparisonField.trim() };
  if (optionApplies('map', type)) options.map = { atlas: o.atlas, join: o.join };
  if (optionApplies('totals', type) && o.totals) options.totals = o.keep.totals ?? true;
  if (optionApplies('conditionalFormats', type) && o.keep.conditionalFormats)
    options.conditionalFormats = o.keep.conditionalFormats;
  return options;
}

function chartSpec(card: ChartCardDraft, path: string, c: Collector): ChartSpec {
  const title = c.localized(card.title, `${path}.title`, true) as LocalizedText;
  const description = c.localized(card.description, `${path}.description`);
  const used = new Set(channelsOf[card.type]);
  const enc: ChartSpec['encoding'] = {};
  for (const channel of channelNames) {
    const e = used.has(channel) ? encoding(card.encoding[channel]) : undefined;
    if (e) enc[channel] = e;
  }
  const columns = listsColumns(card.type)
    ? card.columns.map(encoding).filter((e): e is Encoding => !!e)
    : [];
  return {
    type: card.type,
    title,
    ...(description ? { description } : {}),
    encoding: enc,
    ...(columns.length ? { columns } : {}),
    options: chartOptions(card, `${path}.options`, c),
  };
}

function cardSpec(card: CardDraft, index: number, c: Collector, filterIds: Set<string>): CardSpec {
  const path = `cards.${index}`;
  if (card.kind === 'text') {
    const title = c.localized(card.title, `${path}.title`);
    const pt = card.text.pt.trim();
    return {
      id: card.id,
      kind: 'text',
      layout: card.layout,
      ...(title ? { title } : {}),
      text: { en: card.text.en, ...(pt ? { 'pt-BR': card.text.pt } : {}) },
    };
  }
  return {
    id: card.id,
    kind: 'chart',
    layout: card.layout,
    query: cardQuery(card.query, `${path}.query`, c),
    chart: chartSpec(card, `${path}.chart`, c),
    // A filter removed since it was picked no longer cross-filters.
    ...(card.crossFilter && filterIds.has(card.crossFilter)
      ? { crossFilter: card.crossFilter }
      : {}),
  };
}

function filterSpec(f: FilterDraft, index: number, c: Collector): FilterSpec {
  const path = `filters.${index}`;
  if (!idPattern.test(f.id)) c.add(`${path}.id`, f.id ? 'id' : 'required');
  const label = c.localized(f.label, `${path}.label`, true) as LocalizedText;
  switch (f.type) {
    case 'dateRange': {
      const parameter = c.parameter(f.parameter, `${path}.parameter`);
      let value: Extract<FilterSpec, { type: 'dateRange' }>['default'];
      if (f.defaultKind === 'preset') value = f.preset;
      if (f.defaultKind === 'dates') {
        if (!datePattern.test(f.start) || !datePattern.test(f.end) || f.start > f.end)
          c.add(`${path}.default`, 'dates');
        else value = { start: f.start, end: f.end };
      }
      return {
        id: f.id,
        type: 'dateRange',
        label,
        parameter,
        ...(value ? { default: value } : {}),
      };
    }
    case 'select': {
      const parameter = c.parameter(f.parameter, `${path}.parameter`);
      const typed = (values: string[], at: string) =>
        f.valueType === 'number'
          ? values.map((v) => c.number(v, at)).filter((n): n is number => n !== undefined)
          : values;
      let options: Extract<FilterSpec, { type: 'select' }>['options'];
      if (f.optionsKind === 'sql') {
        if (!f.sql.trim()) c.add(`${path}.options`, 'options');
        options = { ...(f.source.trim() ? { source: f.source.trim() } : {}), sql: f.sql };
      } else {
        const values = typed(splitLines(f.values), `${path}.options`);
        if (values.length === 0) c.add(`${path}.options`, 'options');
        options = { values };
      }
      const defaults = typed(splitLines(f.defaultValue), `${path}.default`);
      const value = f.multiple ? defaults : defaults[0];
      return {
        id: f.id,
        type: 'select',
        label,
        parameter,
        multiple: f.multiple,
        valueType: f.valueType,
        options,
        ...(value === undefined || (Array.isArray(value) && value.length === 0)
          ? {}
          : { default: value }),
      };
    }
    case 'numberRange': {
      const min = c.parameter(f.min, `${path}.parameters.min`);
      const max = c.parameter(f.max, `${path}.parameters.max`);
      const low = c.number(f.defaultMin, `${path}.default.min`);
      const high = c.number(f.defaultMax, `${path}.default.max`);
      const value = {
        ...(low === undefined ? {} : { min: low }),
        ...(high === undefined ? {} : { max: high }),
      };
      return {
        id: f.id,
        type: 'numberRange',
        label,
        parameters: { min, max },
        ...(Object.keys(value).length ? { default: value } : {}),
      };
    }
  }
}

function duplicates(ids: string[], path: (i: number) => string, c: Collector) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) c.add(path(i), 'duplicate');
    seen.add(id);
  });
}

function filterSpecs(filters: readonly FilterDraft[], c: Collector): FilterSpec[] {
  const specs = filters.map((f, i) => filterSpec(f, i, c));
  duplicates(
    filters.map((f) => f.id),
    (i) => `filters.${i}.id`,
    c,
  );
  return specs;
}

/** The whole dashboard, as saving sends it. */
export function buildSpec(draft: DashboardDraft): Built {
  const c = new Collector();
  const slug = draft.slug.trim();
  if (!idPattern.test(slug)) c.add('slug', slug ? 'slug' : 'required');
  const title = c.localized(draft.title, 'title', true) as LocalizedText;
  const description = c.localized(draft.description, 'description');
  if (!draft.source.trim()) c.add('source', 'required');
  const refresh = draft.refreshSeconds.trim() ? Number(draft.refreshSeconds) : undefined;
  const filters = filterSpecs(draft.filters, c);
  const filterIds = new Set(draft.filters.map((f) => f.id));
  const cards = draft.cards.map((card, i) => cardSpec(card, i, c, filterIds));
  const spec: DashboardSpec = {
    slug,
    title,
    ...(description ? { description } : {}),
    source: draft.source.trim(),
    public: draft.public,
    ...(refresh && Number.isInteger(refresh) && refresh >= 30 ? { refreshSeconds: refresh } : {}),
    filters,
    cards,
  };
  return { spec, problems: c.problems };
}

export const probeId = 'editor-columns-probe';

/**
 * The same query, returning no rows: the preview draws it as a table card to learn the result's
 * column names for the encoding pickers. SQL is wrapped (a trailing `;` would end it early);
 * a builder question keeps one row.
 */
export function probeQuery(query: CardQuery): CardQuery {
  if ('builder' in query) return { ...query, builder: { ...query.builder, limit: 1 } };
  const sql = query.sql.trim().replace(/;+\s*$/, '');
  return { ...query, sql: `SELECT * FROM (\n${sql}\n) AS painel_columns LIMIT 0` };
}

/**
 * What the live preview sends for one card: the dashboard's filters and that card alone (with
 * the column probe for a chart), so another card's unfinished query never blocks it. Only
 * the problems of those parts count.
 */
export function previewSpec(draft: DashboardDraft, cardId: string): Built | null {
  const index = draft.cards.findIndex((card) => card.id === cardId);
  const card = draft.cards[index];
  if (!card) return null;
  const c = new Collector();
  const filters = filterSpecs(draft.filters, c);
  // A title is not needed to see the card, nor where it sits.
  const titled =
    card.kind === 'chart' && !card.title.en.trim()
      ? { ...card, title: { ...card.title, en: card.id } }
      : card;
  const chosen = {
    ...cardSpec(titled, index, c, new Set(draft.filters.map((f) => f.id))),
    layout: { x: 0, y: 0, w: 12, h: 4 },
  };
  const cards: CardSpec[] = [chosen];
  if (chosen.kind === 'chart')
    cards.push({
      id: probeId,
      kind: 'chart',
      layout: { x: 0, y: 1000, w: 1, h: 1 },
      query: probeQuery(chosen.query),
      chart: { type: 'table', title: { en: probeId }, encoding: {}, options: {} },
    });
  // Every other part of the spec just has to pass: the preview never shows it.
  const spec: DashboardSpec = {
    slug: 'preview',
    title: { en: draft.title.en.trim() || 'Preview' },
    source: draft.source.trim(),
    public: false,
    filters,
    cards,
  };
  if (!draft.source.trim()) c.add('source', 'required');
  return { spec, problems: c.problems };
}
