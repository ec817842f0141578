import { flashKey } from '../../lib/app-form';
import { currentLocks } from '../sharing/filter-locks';
import { jsonForm } from '../sharing/json-form';
import { fieldValue, scheduleOf, tickedValues } from './schedule-form';

/**
 * The subscription form (SubscriptionForm.astro): only the chosen schedule kind's fields are
 * enabled, and the body is the API's JSON — the filter values read as public links lock them,
 * the members ticked, the outside addresses one per line. Saved, it goes back to the list,
 * which says so.
 */

const form = document.querySelector<HTMLFormElement>('form[data-subscription-form]');
if (form) setUp(form);

function setUp(form: HTMLFormElement): void {
  const kinds = [...form.querySelectorAll<HTMLInputElement>('input[name="schedule.kind"]')];
  const kind = () => kinds.find((k) => k.checked)?.value ?? '';
  const showKind = () => {
    for (const part of form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-kinds]'))
      part.disabled = !(part.dataset.kinds ?? '').split(' ').includes(kind());
  };
  for (const k of kinds) k.addEventListener('change', showKind);
  showKind();

  const { dataset } = form;
  jsonForm(form, {
    method: dataset.method === 'PUT' ? 'PUT' : 'POST',
    endpoint: dataset.endpoint ?? '',
    body: () => bodyOf(form, kind()),
    // A list's item (`recipients.emails.2`) is shown on the list's field.
    errorPath: (path, message) => ({ path: path.replace(/\.\d+$/, ''), message }),
    done() {
      if (dataset.flash) sessionStorage.setItem(flashKey, dataset.flash);
      window.location.assign(dataset.done ?? '/');
    },
  });
}

function bodyOf(form: HTMLFormElement, kind: string) {
  const value = (name: string) => fieldValue(form, name);
  const on = (name: string) =>
    form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked ?? false;
  const schedule = scheduleOf(form, kind);
  // Only the values are sent: the words are for the share dialog, which shows them.
  const words = { all: '', any: '', atLeast: () => '', atMost: () => '' };
  const filters = Object.fromEntries(
    [...currentLocks(form, words)].map(([id, lock]) => [id, lock.value]),
  );
  const name = value('name').trim();
  const emails = form.querySelector<HTMLTextAreaElement>('textarea[name="recipients.emails"]');
  return {
    dashboard: form.dataset.dashboard,
    ...(form.dataset.card ? { card: form.dataset.card } : {}),
    ...(name ? { name } : {}),
    schedule,
    timeZone: value('timeZone'),
    filters,
    recipients: {
      members: tickedValues(form, 'recipients.members'),
      emails: (emails?.value ?? '').split(/[\s,;]+/).filter(Boolean),
    },
    attach: { csv: on('attach.csv'), pdf: on('attach.pdf') },
    skipEmpty: on('skipEmpty'),
    paused: on('paused'),
  };
}
