import { type ApiCall, apiFetch, readProblem } from './api-client';
import { restoreDrafts } from './drafts';
import { controlsOf, formFeedback } from './form-feedback';

/**
 * The app pages' forms (account, sessions, workspace settings, members, API keys): each
 * `form[data-api-form]` sends its fields as JSON to `data-endpoint` with `data-method`, shows
 * errors next to the fields, and on success does what `data-success` says:
 * - `reload` (default): reloads the page, then shows `data-flash` in the page's status region;
 * - `go`: goes to `data-go`, where `{name}` is filled from the JSON answer;
 * - `reveal`: shows the element `data-reveal` names, filling its `[data-value=name]` slots from
 *   the answer (an API key's secret, shown once).
 * - `announce`: stays on the page and shows `data-flash` in the status region.
 * `data-confirm` asks first. Forms marked `data-draft` keep a draft if the session ends. A
 * submit button may carry its own `data-endpoint`, `data-success` and `data-flash` (a "Test
 * connection" beside "Save"). Names with dots build nested objects (`config.host`); controls
 * marked `data-number` send numbers; disabled controls are not sent.
 */

/** Where a message waits for the next page to show it (a form that goes elsewhere on success). */
export const flashKey = 'painel.flash';
const root = document.querySelector<HTMLElement>('[data-app-messages]');
const messages = {
  unexpected: root?.dataset.msgUnexpected ?? '',
  sending: root?.dataset.msgSending ?? '',
  network: root?.dataset.msgNetwork ?? '',
  required: root?.dataset.msgRequired ?? '',
  restored: root?.dataset.msgRestored ?? '',
};

showFlash();
if (restoreDrafts() > 0) announce(messages.restored);
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-api-form]')) enhance(form);

function enhance(form: HTMLFormElement): void {
  const feedback = formFeedback(
    form,
    form.querySelector<HTMLElement>('[data-form-error]'),
    messages,
  );
  let sending = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    const confirm = submitter?.dataset.confirm ?? form.dataset.confirm;
    if (confirm && !window.confirm(confirm)) return;
    void send({
      endpoint: submitter?.dataset.endpoint ?? form.dataset.endpoint ?? '',
      success: submitter?.dataset.success ?? form.dataset.success,
      flash: submitter?.dataset.flash ?? form.dataset.flash,
    });
  });

  async function send(how: Outcome & { endpoint: string }): Promise<void> {
    feedback.clear();
    const missing = feedback.fields.filter(
      (f) => f.required && !f.matches(':disabled') && f.value.trim() === '',
    );
    if (missing.length > 0) {
      for (const field of missing) feedback.showFieldError(field, messages.required);
      missing[0]?.focus();
      return;
    }
    const method = (form.dataset.method ?? 'POST').toUpperCase() as NonNullable<ApiCall['method']>;
    const body = bodyOf(form);
    sending = true;
    feedback.setBusy(true);
    let response: Response;
    try {
      response = await apiFetch(how.endpoint, {
        method,
        ...(Object.keys(body).length > 0 || method !== 'DELETE' ? { body } : {}),
      });
    } catch {
      sending = false;
      feedback.setBusy(false);
      feedback.showFormError({ title: messages.network });
      return;
    }
    if (!response.ok) {
      sending = false;
      feedback.setBusy(false);
      feedback.showProblem(await readProblem(response));
      return;
    }
    const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
    sending = false;
    feedback.setBusy(false);
    succeed(form, how, answer as Record<string, unknown>);
  }
}

interface Outcome {
  success: string | undefined;
  flash: string | undefined;
}

function bodyOf(form: HTMLFormElement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const control of controlsOf(form)) {
    // :disabled also covers controls inside a disabled fieldset (the other engines' fields).
    if (control.matches(':disabled')) continue;
    if (control instanceof HTMLInputElement && control.type === 'radio' && !control.checked)
      continue;
    if (control.value === '' && control.dataset.optional !== undefined) continue;
    const value =
      control instanceof HTMLInputElement && control.type === 'checkbox'
        ? control.checked
        : control.dataset.number !== undefined && control.value.trim() !== ''
          ? Number(control.value)
          : control.value;
    const path = control.name.split('.');
    let target = body;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1] ?? control.name] = value;
  }
  return body;
}

function succeed(form: HTMLFormElement, how: Outcome, answer: Record<string, unknown>): void {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(String(answer[name] ?? '')),
    );
  switch (how.success) {
    case 'announce':
      announce(how.flash ?? '');
      return;
    case 'go':
      window.location.assign(fill(form.dataset.go ?? '/'));
      return;
    case 'reveal': {
      const target = document.getElementById(form.dataset.reveal ?? '');
      if (!target) return;
      for (const slot of target.querySelectorAll<HTMLElement>('[data-value]')) {
        const value = String(answer[slot.dataset.value ?? ''] ?? '');
        if (slot instanceof HTMLInputElement) slot.value = value;
        else slot.textContent = value;
      }
      form.reset();
      target.hidden = false;
      target.focus();
      return;
    }
    default:
      if (how.flash) sessionStorage.setItem(flashKey, how.flash);
      window.location.reload();
  }
}

function showFlash(): void {
  const text = sessionStorage.getItem(flashKey);
  if (!text) return;
  sessionStorage.removeItem(flashKey);
  announce(text);
}

function announce(text: string): void {
  const region = document.querySelector<HTMLElement>('[data-app-status]');
  if (!region || !text) return;
  region.textContent = text;
  region.hidden = false;
}
