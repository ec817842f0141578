import { saveDrafts, takeDraftFields } from '../../lib/drafts';
import type { DashboardDraft } from './form';

/**
 * Unsaved edits survive a reload through lib/drafts.ts, as the SQL editor's do: the island keeps
 * a hidden `form[data-draft="dashboard"]` holding the form state as JSON, marked changed only
 * while it differs from what was saved. saveDrafts() writes it to localStorage when a session
 * ends (api-client.ts) or when a save meets someone else's version (409); back on the page,
 * lib/app-form.ts may restore it into the form before the island starts, or the island may
 * start first: `takeDraft` reads it either way.
 */

export const draftName = 'dashboard';

export interface StoredDraft {
  /** The dashboard it edits (its slug when last saved); null on the new-dashboard page. */
  slug: string | null;
  draft: DashboardDraft;
}

function parse(text: string | null | undefined): StoredDraft | null {
  try {
    const value = JSON.parse(text ?? 'null') as StoredDraft | null;
    return value && typeof value === 'object' && value.draft && Array.isArray(value.draft.cards)
      ? value
      : null;
  } catch {
    return null;
  }
}

const fieldOf = (form: HTMLFormElement | null) =>
  form?.elements.namedItem('draft') as HTMLTextAreaElement | null | undefined;

/** The draft the page came back with, or null; either way, none is left behind. */
export function takeDraft(form: HTMLFormElement | null): StoredDraft | null {
  const field = fieldOf(form);
  if (field && field.value !== field.defaultValue) {
    const restored = parse(field.value);
    field.value = field.defaultValue;
    return restored;
  }
  const stored = takeDraftFields(draftName);
  return stored ? parse(stored.draft) : null;
}

/** Keeps the hidden field equal to the editor's state; unchanged when nothing is unsaved. */
export function keepDraft(form: HTMLFormElement | null, stored: StoredDraft, dirty: boolean): void {
  const field = fieldOf(form);
  if (!field) return;
  const text = JSON.stringify(stored);
  field.value = text;
  if (!dirty) field.defaultValue = text;
  else if (field.defaultValue === text) field.defaultValue = '';
}

/** Writes the unsaved edits to localStorage now (before a reload the reader asked for). */
export function storeDraftNow(): boolean {
  return saveDrafts() > 0;
}
