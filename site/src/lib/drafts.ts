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

const keyOf = (form: HTMLFormElement) =>
  `${prefix}${window.location.pathname}#${form.dataset.draft ?? ''}`;

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
        keyOf(form),
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
    const key = keyOf(form);
    let draft: Draft | null = null;
    try {
      draft = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
      localStorage.removeItem(key);
    } catch {
      draft = null;
    }
    if (!draft || Date.now() - draft.savedAt > maxAgeMs) continue;
    for (const control of controlsOf(form).filter(keepable)) {
      const value = draft.fields[control.name];
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
