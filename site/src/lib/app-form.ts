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
 * `data-confirm` asks first. Forms marked `data-draft` keep a draft if the session ends.
 */

const flashKey = 'painel.flash';
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
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    void send();
  });

  async function send(): Promise<void> {
    feedback.clear();
    const missing = feedback.fields.filter((f) => f.required && f.value.trim() === '');
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
      response = await apiFetch(form.dataset.endpoint ?? '', {
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
    succeed(form, answer as Record<string, unknown>);
  }
}

function bodyOf(form: HTMLFormElement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const control of controlsOf(form)) {
    if (control instanceof HTMLInputElement && control.type === 'radio' && !control.checked)
      continue;
    if (control.value === '' && control.dataset.optional !== undefined) continue;
    body[control.name] =
      control instanceof HTMLInputElement && control.type === 'checkbox'
        ? control.checked
        : control.value;
  }
  return body;
}

function succeed(form: HTMLFormElement, answer: Record<string, unknown>): void {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(String(answer[name] ?? '')),
    );
  switch (form.dataset.success) {
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
      if (form.dataset.flash) sessionStorage.setItem(flashKey, form.dataset.flash);
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
