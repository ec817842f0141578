import { fill } from '../sql-editor/messages';
import type { Problem } from './build';
import { cardName } from './CardSettings';
import type { DashboardDraft } from './form';
import type { EditorMessages, FlatMessage } from './messages';

/**
 * What a problem's path (`cards.2.chart.title.en`, the API's own paths included) is about, in
 * the reader's words: the card or filter, then the field: `Days by weather · Title`.
 */

const fieldLabels: [RegExp, FlatMessage][] = [
  [/(^|\.)title\.en$/, 'fieldTitle'],
  [/(^|\.)description\.en$/, 'fieldDescription'],
  [/\.label\.en$/, 'fieldLabel'],
  [/^slug$/, 'slug'],
  [/(^|\.)source$/, 'source'],
  [/^filters\.\d+\.id$/, 'filterId'],
  [/\.parameters?(\.(min|max))?$/, 'parameter'],
  [/\.options$/, 'optionsFrom'],
  [/\.default/, 'filterDefault'],
  [/\.query\.sql$/, 'sql'],
  [/\.builder\.table$/, 'builderTable'],
  [/\.bins$/, 'bins'],
  [/\.crossFilter$/, 'crossFilter'],
  [/\.layout/, 'layoutTitle'],
];

export function describePath(path: string, draft: DashboardDraft, m: EditorMessages): string {
  const [, part, index] = /^(cards|filters)\.(\d+)/.exec(path) ?? [];
  const i = Number(index);
  const card = part === 'cards' ? draft.cards[i] : undefined;
  const filter = part === 'filters' ? draft.filters[i] : undefined;
  const context = card
    ? cardName(card, m)
    : filter
      ? filter.label.en.trim() || fill(m.filterUnnamed, { n: i + 1 })
      : m.settingsTitle;
  const field = fieldLabels.find(([pattern]) => pattern.test(path))?.[1];
  return `${context} · ${field ? m[field] : path}`;
}

export const describeProblem = (p: Problem, draft: DashboardDraft, m: EditorMessages) =>
  `${describePath(p.path, draft, m)}: ${m.problems[p.key]}`;
