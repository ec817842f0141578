import { flashKey } from '../../lib/app-form';
import { jsonForm } from '../sharing/json-form';
import { fieldNumber, fieldValue, scheduleOf, tickedValues } from '../subscriptions/schedule-form';

/**
 * The alert form (AlertForm.astro): only the chosen source's, condition's and schedule's fields
 * are enabled, and the body is the API's JSON. Saved, it goes back to the list, which says so;
 * a new webhook's signing secret is shown first, on the alert's own address, since it is
 * shown this once.
 */

const form = document.querySelector<HTMLFormElement>('form[data-alert-form]');
if (form) setUp(form);

function setUp(form: HTMLFormElement): void {
  const choice = (name: string) =>
    form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
  // Each radio group enables the parts whose data attribute lists its value.
  const switches = [
    { radio: 'source.kind', parts: 'sources' },
    { radio: 'condition.kind', parts: 'conditions' },
    { radio: 'schedule.kind', parts: 'kinds' },
  ];
  for (const { radio, parts } of switches) {
    const show = () => {
      for (const part of form.querySelectorAll<HTMLFieldSetElement>(`fieldset[data-${parts}]`))
        part.disabled = !(part.dataset[parts] ?? '').split(' ').includes(choice(radio));
    };
    for (const input of form.querySelectorAll(`input[name="${radio}"]`))
      input.addEventListener('change', show);
    show();
  }

  const { dataset } = form;
  // "Pause" and "Resume" save the form with its box flipped, saying which it was.
  const paused = form.querySelector<HTMLInputElement>('input[name="paused"]');
  document
    .querySelector<HTMLButtonElement>('button[data-toggle-pause]')
    ?.addEventListener('click', (event) => {
      if (!paused || !(event.currentTarget instanceof HTMLButtonElement)) return;
      paused.checked = !paused.checked;
      dataset.flash = event.currentTarget.dataset.flash ?? dataset.flash;
      form.requestSubmit();
    });
  jsonForm(form, {
    method: dataset.method === 'PUT' ? 'PUT' : 'POST',
    endpoint: dataset.endpoint ?? '',
    body: () => bodyOf(form, choice),
    // A list's item (`recipients.emails.2`) is shown on the list's field; the card's on its select.
    errorPath: (path, message) => ({
      path: path.replace(/\.\d+$/, '').replace(/^source\.(dashboard|card)$/, 'source.card'),
      message,
    }),
    done(answer) {
      const created = answer as { id?: string; webhookSecret?: string | null } | null;
      if (created?.webhookSecret && created.id) {
        reveal(created.webhookSecret, (dataset.detail ?? '').replace('{id}', created.id));
        return;
      }
      if (dataset.flash) sessionStorage.setItem(flashKey, dataset.flash);
      window.location.assign(dataset.done ?? '/');
    },
  });
}

/** Shows the secret, the address now the alert's, so that "Done" reloads the saved alert. */
function reveal(secret: string, detail: string): void {
  const box = document.getElementById('webhook-secret');
  const field = box?.querySelector<HTMLInputElement>('[data-value="secret"]');
  if (!box || !field) return;
  window.history.replaceState(null, '', detail);
  field.value = secret;
  box.hidden = false;
  box.focus();
}

function bodyOf(form: HTMLFormElement, choice: (name: string) => string) {
  const value = (name: string) => fieldValue(form, name);
  const number = (name: string) => fieldNumber(form, name);
  const kind = choice('condition.kind');
  const column = value('condition.column').trim();
  const condition =
    kind === 'above' || kind === 'below'
      ? { kind, ...(column ? { column } : {}), threshold: number('condition.threshold') }
      : kind === 'change'
        ? { kind, ...(column ? { column } : {}), percent: number('condition.percent') }
        : { kind };
  const [dashboard = '', card = ''] = value('source.card').split('/');
  const source =
    choice('source.kind') === 'card'
      ? { dashboard, card }
      : { savedQuery: value('source.savedQuery') };
  const schedule = scheduleOf(form, choice('schedule.kind'));
  const emails = form.querySelector<HTMLTextAreaElement>('textarea[name="recipients.emails"]');
  const webhookUrl = value('webhookUrl').trim();
  return {
    name: value('name'),
    source,
    condition,
    schedule,
    timeZone: value('timeZone'),
    cooldownMinutes: number('cooldownMinutes'),
    recipients: {
      members: tickedValues(form, 'recipients.members'),
      emails: (emails?.value ?? '').split(/[\s,;]+/).filter(Boolean),
    },
    webhookUrl: webhookUrl || null,
    paused: form.querySelector<HTMLInputElement>('input[name="paused"]')?.checked ?? false,
  };
}
