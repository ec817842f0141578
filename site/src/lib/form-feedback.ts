/**
 * How a form shows what happened, shared by the account forms (auth-form.ts) and the app's
 * forms (app-form.ts): each field error under its field, a form-level error in the alert
 * region, and a busy state that keeps keyboard focus where it was.
 */

export interface Problem {
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FormMessages {
  unexpected: string;
  sending: string;
}

export function formFeedback(
  form: HTMLFormElement,
  alertBox: HTMLElement | null,
  msg: FormMessages,
) {
  const fields = controlsOf(form).filter(
    (c) => !(c instanceof HTMLInputElement && c.type === 'hidden'),
  );
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])');
  const buttonLabel = button?.textContent ?? '';
  for (const field of fields)
    field.dataset.describedby = field.getAttribute('aria-describedby') ?? '';

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

  function showFormError(error: {
    title?: string | undefined;
    detail?: string | undefined;
    more?: string[];
  }): void {
    if (!alertBox) return;
    const lines = [error.detail, ...(error.more ?? [])].filter((l): l is string => !!l);
    const title = document.createElement('p');
    const strong = document.createElement('strong');
    strong.textContent = error.title ?? msg.unexpected;
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

  // Removing a field's error as soon as it is edited tells the reader the fix was seen.
  form.addEventListener('input', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && fields.includes(target as Control))
      clearFieldError(target as Control);
  });

  return {
    fields,
    showFieldError,
    showFormError,
    clear(): void {
      alertBox?.replaceChildren();
      for (const field of fields) clearFieldError(field);
    },
    showProblem(problem: Problem): void {
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
      // A validation problem's detail speaks to API clients; the field messages say it better.
      const detail = invalid.length > 0 ? undefined : problem.detail;
      showFormError({ title: problem.title ?? msg.unexpected, detail, more: unplaced });
      invalid[0]?.focus();
    },
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    setBusy(on: boolean): void {
      form.setAttribute('aria-busy', String(on));
      if (!button) return;
      button.setAttribute('aria-disabled', String(on));
      button.textContent = on ? msg.sending : buttonLabel;
    },
  };
}

export function controlsOf(form: HTMLFormElement): Control[] {
  return [...form.elements].filter(
    (e): e is Control =>
      (e instanceof HTMLInputElement ||
        e instanceof HTMLSelectElement ||
        e instanceof HTMLTextAreaElement) &&
      e.name !== '',
  );
}
