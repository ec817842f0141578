import { controlsOf } from './form-feedback';

/**
 * Drafts of forms being filled in when a session ends: kept in localStorage under the page's
 * path and the form's `data-draft` name, restored (once) when the reader comes back after
 * logging in. Passwords, secrets and hidden fields are never written.
 */

const prefix = 'painel.draft:';
// A draft older than this is more likely to surprise than to help.
const maxAgeMs = 24 * 60 * 60_000;

interface Draft {
  savedAt: number;
  fields: Record<string, string>;
}

const keyOf = (name: string) => `${prefix}${window.location.pathname}#${name}`;

/** The fields kept under `key`, forgetting them; null when there are none or they are stale. */
function take(key: string): Record<string, string> | null {
  try {
    const draft = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
    localStorage.removeItem(key);
    return !draft || Date.now() - draft.savedAt > maxAgeMs ? null : (draft.fields ?? null);
  } catch {
    return null;
  }
}

/**
 * The fields of this page's draft named `name`, forgetting it: for an island that reads its
 * draft itself, having started before restoreDrafts() ran.
 */
export const takeDraftFields = (name: string) => take(keyOf(name));

function keepable(control: ReturnType<typeof controlsOf>[number]): boolean {
  if (control.dataset.secret !== undefined) return false;
  if (control instanceof HTMLInputElement)
    return !['password', 'hidden', 'file'].includes(control.type);
  return true;
}

function changed(control: ReturnType<typeof controlsOf>[number]): boolean {
  if (control instanceof HTMLSelectElement)
    return [...control.options].some((o) => o.selected !== o.defaultSelected);
  if (
    control instanceof HTMLInputElement &&
    (control.type === 'checkbox' || control.type === 'radio')
  )
    return control.checked !== control.defaultChecked;
  return control.value !== control.defaultValue;
}

function draftValue(control: ReturnType<typeof controlsOf>[number]): string {
  if (
    control instanceof HTMLInputElement &&
    (control.type === 'checkbox' || control.type === 'radio')
  )
    return control.checked ? control.value : '';
  return control.value;
}

/** Saves every draft-enabled form that has changes; returns how many were saved. */
export function saveDrafts(): number {
  let saved = 0;
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft]')) {
    const controls = controlsOf(form).filter(keepable);
    if (!controls.some(changed)) continue;
    const fields: Record<string, string> = {};
    for (const control of controls) {
      if (control instanceof HTMLInputElement && control.type === 'radio' && !control.checked)
        continue;
      fields[control.name] = draftValue(control);
    }
    try {
      localStorage.setItem(
        keyOf(form.dataset.draft ?? ''),
        JSON.stringify({ savedAt: Date.now(), fields } satisfies Draft),
      );
      saved += 1;
    } catch {
      // Storage full or disabled: the draft is lost, as it would have been without this.
    }
  }
  return saved;
}

/** Restores and forgets this page's drafts; returns how many forms got one back. */
export function restoreDrafts(): number {
  let restored = 0;
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft]')) {
    const fields = take(keyOf(form.dataset.draft ?? ''));
    if (!fields) continue;
    for (const control of controlsOf(form).filter(keepable)) {
      const value = fields[control.name];
      if (value === undefined) continue;
      if (
        control instanceof HTMLInputElement &&
        (control.type === 'checkbox' || control.type === 'radio')
      )
        control.checked = control.value === value;
      else control.value = value;
    }
    restored += 1;
  }
  return restored;
}
