/**
 * The SQL editor's words. The View translates each key on the server and hands the island the
 * strings, so the client never loads a catalog. Placeholders stay as `{name}` in what the
 * island gets and are filled there with `fill`.
 */
import { rangePresets, relativeDates } from './parameters';

export const sqlMessageKeys = {
  source: 'app.sql.source',
  noSources: 'app.sql.noSources',
  loadingSources: 'app.sql.loadingSources',
  editorLabel: 'app.sql.editor.label',
  editorHint: 'app.sql.editor.hint',
  exampleComment: 'app.sql.editor.example',
  run: 'app.sql.run',
  running: 'app.sql.running',
  cancel: 'app.sql.cancel',
  cancelled: 'app.sql.cancelled',
  schemaTitle: 'app.sql.schema.title',
  schemaRefresh: 'app.sql.schema.refresh',
  schemaLoading: 'app.sql.schema.loading',
  schemaError: 'app.sql.schema.error',
  schemaEmpty: 'app.sql.schema.empty',
  schemaRows: 'app.sql.schema.rows',
  schemaView: 'app.sql.schema.view',
  schemaColumns: 'app.sql.schema.columns',
  schemaInsert: 'app.sql.schema.insert',
  schemaHint: 'app.sql.schema.hint',
  paramsTitle: 'app.sql.params.title',
  paramsType: 'app.sql.params.type',
  paramsValue: 'app.sql.params.value',
  paramsStart: 'app.sql.params.start',
  paramsEnd: 'app.sql.params.end',
  paramsListHint: 'app.sql.params.listHint',
  paramsWhen: 'app.sql.params.when',
  paramsPeriod: 'app.sql.params.period',
  paramsCustom: 'app.sql.params.custom',
  typeText: 'app.sql.params.types.text',
  typeNumber: 'app.sql.params.types.number',
  typeDate: 'app.sql.params.types.date',
  typeDateRange: 'app.sql.params.types.dateRange',
  typeList: 'app.sql.params.types.list',
  errorAt: 'app.sql.error.line',
  errorAtColumn: 'app.sql.error.lineColumn',
  errorNetwork: 'auth.page.error.network',
  errorUnexpected: 'auth.page.error.unexpected',
  resultsTitle: 'app.sql.results.title',
  resultsIdle: 'app.sql.results.idle',
  resultsEmpty: 'app.sql.results.empty',
  resultsNone: 'app.sql.results.none',
  resultsNoMatch: 'app.sql.results.noMatch',
  filterLabel: 'app.sql.results.filter',
  sortBy: 'app.sql.results.sortBy',
  nullValue: 'app.sql.results.null',
  pagesLabel: 'app.sql.results.pages',
  pageFirst: 'app.sql.results.first',
  pagePrevious: 'app.sql.results.previous',
  pageNext: 'app.sql.results.next',
  pageLast: 'app.sql.results.last',
  pageRange: 'app.sql.results.range',
  rowsOne: 'app.sql.status.rows.one',
  rowsOther: 'app.sql.status.rows.other',
  matchingOne: 'app.sql.status.matching.one',
  matchingOther: 'app.sql.status.matching.other',
  truncated: 'app.sql.status.truncated',
  duration: 'app.sql.status.duration',
  fromCache: 'app.sql.status.cache',
  exportCsv: 'app.sql.export',
  save: 'app.sql.save.open',
  saveTitle: 'app.sql.save.title',
  saveName: 'app.sql.save.name',
  saveDescription: 'app.sql.save.description',
  saveSubmit: 'app.sql.save.submit',
  saveUpdate: 'app.sql.save.update',
  saveAsNew: 'app.sql.save.asNew',
  saveCancel: 'app.sql.save.cancel',
  saveDone: 'app.sql.save.done',
  saveOpen: 'app.sql.save.link',
  saveRequired: 'auth.page.error.required',
  editing: 'app.sql.editing',
  queryMissing: 'app.sql.queryMissing',
  historyTitle: 'app.sql.history.title',
  historyEmpty: 'app.sql.history.empty',
  historyUnavailable: 'app.sql.history.unavailable',
  historyFailed: 'app.sql.history.failed',
  historyLoad: 'app.sql.history.load',
  draftRestored: 'app.draftRestored',
} as const;

/** The flat strings plus the labels of relative dates and range presets, by their API name. */
export type SqlMessages = Record<keyof typeof sqlMessageKeys, string> & {
  relative: Record<string, string>;
};

/** Everything the SQL editor's parts say, translated on the server. */
export function sqlMessages(
  t: (key: string, values?: Record<string, unknown>) => string,
): SqlMessages {
  const relative = Object.fromEntries([
    ...relativeDates.map((d) => [d, t(`dates.relative.${d}`)]),
    ...rangePresets.map((p) => [p, t(`dates.preset.${p}`)]),
  ]);
  return { ...translateMessages(t, sqlMessageKeys), relative };
}

/** Every placeholder the messages use, left as `{name}` for the island to fill. */
export const placeholders = Object.fromEntries(
  ['n', 'name', 'line', 'column', 'seconds', 'from', 'to', 'total', 'text', 'ms', 'time'].map(
    (p) => [p, `{${p}}`],
  ),
);

/**
 * An island's strings from its key table, translated on the server with `{name}` slots left for
 * `fill` (the SQL editor's and the builder's tables both go through here).
 */
export function translateMessages<K extends string>(
  t: (key: string, values?: Record<string, unknown>) => string,
  keys: Record<K, string>,
): Record<K, string> {
  return Object.fromEntries(
    Object.entries<string>(keys).map(([name, key]) => [name, t(key, placeholders)]),
  ) as Record<K, string>;
}

/** `fill('Line {line}', {line: 3})` → `Line 3`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
