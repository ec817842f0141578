import { sameOriginPath } from './accounts';
import { apiFetch, readProblem } from './api-client';
import { formFeedback } from './form-feedback';

/**
 * Progressive enhancement of the account form rendered by components/AuthForm.astro: it
 * posts the fields as JSON to the accounts API in the page's language, shows errors through
 * form-feedback.ts, and the success message (or, after logging in, goes to `?next=` or the
 * workspaces page).
 */

const form = document.querySelector<HTMLFormElement>('form[data-auth-form]');
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const kind = form.dataset.authForm;
  const msg = form.dataset;
  const success = document.querySelector<HTMLElement>('[data-success]');
  const feedback = formFeedback(form, document.querySelector<HTMLElement>('[data-form-error]'), {
    unexpected: msg.msgUnexpected ?? '',
    sending: msg.msgSending ?? '',
  });
  const inputs = [...form.querySelectorAll<HTMLInputElement>('input')];
  const query = new URLSearchParams(window.location.search);
  let sending = false;

  keepQueryOnLanguageSwitch();

  // Emailed links carry a token in the query; a link without one is broken before it is sent.
  const tokenInput = inputs.find((i) => i.name === 'token');
  if (tokenInput) {
    const token = query.get('token') ?? '';
    tokenInput.value = token;
    if (!token) {
      form.hidden = true;
      feedback.showFormError({ title: msg.msgLinkTitle, detail: msg.msgLinkDetail });
      return;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!sending) void send();
  });
  if (kind === 'verify') form.requestSubmit();

  async function send(): Promise<void> {
    feedback.clear();
    const missing = feedback.fields.filter((f) => f.required && f.value.trim() === '');
    if (missing.length > 0) {
      for (const field of missing) feedback.showFieldError(field, msg.msgRequired ?? '');
      missing[0]?.focus();
      return;
    }
    const body: Record<string, string> = {};
    for (const input of inputs) body[input.name] = input.value;
    setSending(true);
    let response: Response;
    try {
      // A 401 here means wrong credentials or a dead link, never an expired session.
      response = await apiFetch(form.dataset.endpoint ?? '', {
        method: 'POST',
        body,
        refresh: false,
      });
    } catch {
      setSending(false);
      feedback.showFormError({ title: msg.msgNetwork });
      return;
    }
    if (response.ok) {
      succeed();
      return;
    }
    const problem = await readProblem(response);
    setSending(false);
    feedback.showProblem(problem);
  }

  function setSending(on: boolean): void {
    sending = on;
    feedback.setBusy(on);
  }

  function succeed(): void {
    setSending(false);
    // A used token cannot be used again: drop it, so a reload does not show a stale error.
    if (tokenInput) {
      window.history.replaceState(null, '', window.location.pathname);
      keepQueryOnLanguageSwitch();
    }
    form.hidden = true;
    const intro = document.querySelector<HTMLElement>('[data-intro]');
    if (intro) intro.hidden = true;
    if (success) {
      success.hidden = false;
      success.focus();
    }
    if (kind === 'login') {
      const next = sameOriginPath(query.get('next'), window.location.origin);
      window.location.assign(next ?? msg.home ?? '/');
    }
  }
}

/** The switcher links to the same page in the other language; keep `?token=` and `?next=`. */
function keepQueryOnLanguageSwitch(): void {
  const switcher = document.querySelector<HTMLAnchorElement>('a[data-locale]');
  if (switcher) switcher.search = window.location.search;
}
