import { type ApiCall, apiFetch, readProblem } from '../../lib/api-client';
import { formFeedback } from '../../lib/form-feedback';

/**
 * A sharing form whose body is more than its fields (lists of grants or origins, the page's
 * current filters): sent as JSON like lib/app-form.ts sends the others, with the same field
 * and form errors. `body` builds what is sent; `done` gets the answer. The page's messages
 * come from AppPage's `[data-app-messages]`.
 */
export function jsonForm(
  form: HTMLFormElement,
  how: {
    method: NonNullable<ApiCall['method']>;
    endpoint: string;
    body(form: HTMLFormElement): unknown;
    /** Where the API's error paths (`origins.2`) name something the form shows otherwise. */
    errorPath?(path: string, message: string): { path: string; message: string };
    done(answer: unknown): void | Promise<void>;
  },
): void {
  const messages = document.querySelector<HTMLElement>('[data-app-messages]')?.dataset ?? {};
  const feedback = formFeedback(form, form.querySelector<HTMLElement>('[data-form-error]'), {
    unexpected: messages.msgUnexpected ?? '',
    sending: messages.msgSending ?? '',
  });
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    feedback.clear();
    feedback.setBusy(true);
    try {
      const response = await apiFetch(how.endpoint, { method: how.method, body: how.body(form) });
      if (!response.ok) {
        const problem = await readProblem(response);
        const { errorPath } = how;
        feedback.showProblem(
          errorPath && problem.errors
            ? { ...problem, errors: problem.errors.map((e) => errorPath(e.path, e.message)) }
            : problem,
        );
        return;
      }
      await how.done(response.status === 204 ? null : await response.json().catch(() => null));
    } catch {
      feedback.showFormError({ title: messages.msgNetwork ?? '' });
    } finally {
      sending = false;
      feedback.setBusy(false);
    }
  });
}
