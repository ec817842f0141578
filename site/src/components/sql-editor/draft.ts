import { takeDraftFields } from '../../lib/drafts';
import type { ParameterDraft } from './parameters';

/**
 * The editor's text survives a session that ends mid-edit through lib/drafts.ts: the island
 * keeps a hidden `form[data-draft="sql"]` in step with the editor, which saveDrafts() writes
 * to localStorage before going to log in. Back on the page, lib/app-form.ts may restore it
 * into that form before the island starts, or the island may start first; `takeDraft` reads
 * it either way.
 */

export interface SqlDraft {
  sql: string;
  source: string;
  parameters: ParameterDraft[];
}

export const draftName = 'sql';

function parseParameters(text: string | undefined): ParameterDraft[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? (value as ParameterDraft[]) : [];
  } catch {
    return [];
  }
}

/** A draft from its fields' texts, by name. */
const draftOf = (text: (name: string) => string | undefined): SqlDraft => ({
  sql: text('sql') ?? '',
  source: text('source') ?? '',
  parameters: parseParameters(text('parameters')),
});

/** The draft the page came back with, or null; either way, no draft is left behind. */
export function takeDraft(form: HTMLFormElement | null): SqlDraft | null {
  if (!form) return null;
  const field = (name: string) => form.elements.namedItem(name) as HTMLTextAreaElement | null;
  const sql = field('sql');
  // Already restored into the form by lib/app-form.ts.
  if (sql && sql.value !== sql.defaultValue) return draftOf((name) => field(name)?.value);
  const stored = takeDraftFields(draftName);
  return stored?.sql ? draftOf((name) => stored[name]) : null;
}

/** Keeps the hidden form's fields equal to the editor's state. */
export function keepDraft(form: HTMLFormElement | null, draft: SqlDraft): void {
  if (!form) return;
  const set = (name: string, value: string) => {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLTextAreaElement) field.value = value;
  };
  set('sql', draft.sql);
  set('source', draft.source);
  set('parameters', JSON.stringify(draft.parameters));
}

/** What the form holds now is not a draft (an example, a saved query as saved). */
export function markDraftClean(form: HTMLFormElement | null): void {
  for (const field of form?.querySelectorAll('textarea') ?? []) field.defaultValue = field.value;
}
