import { sameOriginPath } from './accounts';

/**
 * Progressive enhancement of the account form rendered by components/AuthForm.astro: it
 * posts the fields as JSON to the accounts API in the page's language, puts each field
 * error under its field, a form-level error in the alert region, and shows the success
 * message (or, after logging in, goes to `?next=` or the locale's home page).
 */

interface Problem {
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

type Control = HTMLInputElement;

const form = document.querySelector<HTMLFormElement>('form[data-auth-form]');
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const kind = form.dataset.authForm;
  const msg = form.dataset;
  const locale = document.documentElement.lang || 'en';
  const alertBox = document.querySelector<HTMLElement>('[data-form-error]');
  const success = document.querySelector<HTMLElement>('[data-success]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const buttonLabel = button?.textContent ?? '';
  const inputs = [...form.querySelectorAll<Control>('input')];
  const fields = inputs.filter((i) => i.type !== 'hidden');
  const query = new URLSearchParams(window.location.search);
  let sending = false;

  keepQueryOnLanguageSwitch();
  for (const field of fields)
    field.dataset.describedby = field.getAttribute('aria-describedby') ?? '';

  // Emailed links carry a token in the query; a link without one is broken before it is sent.
  const tokenInput = inputs.find((i) => i.name === 'token');
  if (tokenInput) {
    const token = query.get('token') ?? '';
    tokenInput.value = token;
    if (!token) {
      form.hidden = true;
      showFormError({ title: msg.msgLinkTitle, detail: msg.msgLinkDetail });
      return;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!sending) void send();
  });
  // Removing a field's error as soon as it is edited tells the reader the fix was seen.
  form.addEventListener('input', (event) => {
    if (event.target instanceof HTMLInputElement) clearFieldError(event.target);
  });
  if (kind === 'verify') form.requestSubmit();

  async function send(): Promise<void> {
    clearErrors();
    const missing = fields.filter((f) => f.required && f.value.trim() === '');
    if (missing.length > 0) {
      for (const field of missing) showFieldError(field, msg.msgRequired ?? '');
      missing[0]?.focus();
      return;
    }
    const body: Record<string, string> = {};
    for (const input of inputs) body[input.name] = input.value;
    setSending(true);
    let response: Response;
    try {
      response = await fetch(form.dataset.endpoint ?? '', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, application/problem+json',
          'Accept-Language': locale,
          // Only a logged-in browser has this cookie, and then the API wants it echoed.
          ...csrfHeader(),
        },
        body: JSON.stringify(body),
      });
    } catch {
      setSending(false);
      showFormError({ title: msg.msgNetwork });
      return;
    }
    if (response.ok) {
      succeed();
      return;
    }
    const problem = await readProblem(response);
    setSending(false);
    showProblem(problem);
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

  function showProblem(problem: Problem): void {
    const unplaced: string[] = [];
    const invalid: Control[] = [];
    for (const error of problem.errors ?? []) {
      const field = fields.find((f) => f.name === error.path);
      if (field) {
        showFieldError(field, error.message);
        invalid.push(field);
      } else {
        unplaced.push(error.message);
      }
    }
    const title = problem.title ?? msg.msgUnexpected;
    // A validation problem's detail speaks to API clients; the field messages say it better.
    const detail = invalid.length > 0 ? undefined : problem.detail;
    showFormError({ title, detail, more: unplaced });
    invalid[0]?.focus();
  }

  function showFormError(error: { title?: string; detail?: string; more?: string[] }): void {
    if (!alertBox) return;
    const lines = [error.detail, ...(error.more ?? [])].filter((l): l is string => !!l);
    const title = document.createElement('p');
    const strong = document.createElement('strong');
    strong.textContent = error.title ?? msg.msgUnexpected ?? '';
    title.append(strong);
    alertBox.replaceChildren(
      title,
      ...lines.map((line) => {
        const p = document.createElement('p');
        p.textContent = line;
        return p;
      }),
    );
  }

  function showFieldError(field: Control, message: string): void {
    const error = document.getElementById(`${field.id}-error`);
    if (!error) return;
    error.textContent = message;
    error.hidden = false;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', `${error.id} ${field.dataset.describedby}`.trim());
  }

  function clearFieldError(field: Control): void {
    const error = document.getElementById(`${field.id}-error`);
    if (error) {
      error.textContent = '';
      error.hidden = true;
    }
    field.removeAttribute('aria-invalid');
    if (field.dataset.describedby)
      field.setAttribute('aria-describedby', field.dataset.describedby);
    else field.removeAttribute('aria-describedby');
  }

  function clearErrors(): void {
    alertBox?.replaceChildren();
    for (const field of fields) clearFieldError(field);
  }

  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
  function setSending(on: boolean): void {
    sending = on;
    form.setAttribute('aria-busy', String(on));
    if (!button) return;
    button.setAttribute('aria-disabled', String(on));
    button.textContent = on ? (msg.msgSending ?? buttonLabel) : buttonLabel;
  }
}

async function readProblem(response: Response): Promise<Problem> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return {};
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Problem) : {};
  } catch {
    return {};
  }
}

function csrfHeader(): Record<string, string> {
  const match = /(?:^|;\s*)painel_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? { 'X-CSRF-Token': decodeURIComponent(match[1]) } : {};
}

/** The switcher links to the same page in the other language; keep `?token=` and `?next=`. */
function keepQueryOnLanguageSwitch(): void {
  const switcher = document.querySelector<HTMLAnchorElement>('a[data-locale]');
  if (switcher) switcher.search = window.location.search;
}
