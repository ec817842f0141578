import { apiFetch, readProblem } from './api-client';
import { flashKey } from './app-form';
import { formFeedback } from './form-feedback';

/**
 * The upload form (UploadForm.astro). Preview sends the file to `…/uploads/preview` and shows
 * what came back: the options detected (editable; a new Preview reads the file with them), a
 * type to choose per column and the first rows. Import sends the file with those options,
 * the types changed and the mode, then reloads the page, which says so. Without a preview,
 * Import sends the file alone and everything is detected.
 */

interface Preview {
  table: string;
  tableExists: boolean;
  detected: Record<string, string | string[] | undefined> & { format: string; sheets?: string[] };
  columns: { name: string; type: string; detectedType: string }[];
  rowCount: number;
  rows: unknown[][];
}

/** The form's words for the API's option values, both ways. */
const words: Record<string, Record<string, string>> = {
  delimiter: { comma: ',', semicolon: ';', tab: '\t', pipe: '|' },
  decimal: { dot: '.', comma: ',' },
  thousands: { none: 'none', dot: '.', comma: ',', space: ' ' },
  dateFormat: { iso: 'iso', dmy: 'dd/mm/yyyy', mdy: 'mm/dd/yyyy' },
  encoding: { utf8: 'utf-8', latin1: 'latin1' },
};

const form = document.querySelector<HTMLFormElement>('form[data-upload-form]');
if (form) setUp(form);

function setUp(form: HTMLFormElement): void {
  const messages = document.querySelector<HTMLElement>('[data-app-messages]')?.dataset ?? {};
  const feedback = formFeedback(form, form.querySelector<HTMLElement>('[data-form-error]'), {
    unexpected: messages.msgUnexpected ?? '',
    sending: messages.msgSending ?? '',
  });
  const file = form.querySelector<HTMLInputElement>('input[type="file"]');
  const table = form.querySelector<HTMLInputElement>('input[name="table"]');
  const settings = form.querySelector<HTMLFieldSetElement>('[data-upload-settings]');
  const preview = form.querySelector<HTMLElement>('[data-upload-preview]');
  const mode = form.querySelector<HTMLFieldSetElement>('[data-upload-mode]');
  const kinds = JSON.parse(form.dataset.kinds ?? '{}') as Record<string, string>;
  let sending = false;

  const reset = () => {
    if (settings) settings.hidden = settings.disabled = true;
    if (preview) preview.hidden = true;
    if (mode) mode.hidden = mode.disabled = true;
  };
  file?.addEventListener('change', reset);
  table?.addEventListener('change', () => {
    if (mode) mode.hidden = mode.disabled = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const step = event.submitter instanceof HTMLButtonElement ? event.submitter.value : 'import';
    feedback.clear();
    const chosen = file?.files?.[0];
    if (!file || !chosen) {
      if (file) feedback.showFieldError(file, messages.msgRequired ?? '');
      file?.focus();
      return;
    }
    sending = true;
    feedback.setBusy(true);
    try {
      const url = `${form.dataset.endpoint}${step === 'preview' ? '/preview' : ''}?${queryOf(chosen, step)}`;
      const response = await apiFetch(url, { method: 'POST', body: chosen });
      if (!response.ok) {
        feedback.showProblem(await readProblem(response));
        return;
      }
      if (step === 'preview') show((await response.json()) as Preview);
      else {
        sessionStorage.setItem(flashKey, form.dataset.flash ?? '');
        window.location.reload();
      }
    } catch {
      feedback.showFormError({ title: messages.msgNetwork ?? '' });
    } finally {
      sending = false;
      feedback.setBusy(false);
    }
  });

  /** The file's name, the table, and once previewed the options, types and mode shown. */
  function queryOf(chosen: File, step: string): URLSearchParams {
    const query = new URLSearchParams({ name: chosen.name });
    if (table?.value.trim()) query.set('table', table.value.trim());
    if (settings && !settings.disabled) {
      for (const select of settings.querySelectorAll<HTMLSelectElement>('select')) {
        if (select.closest<HTMLElement>('[data-formats]')?.hidden || !select.value) continue;
        query.set(select.name, words[select.name]?.[select.value] ?? select.value);
      }
    }
    const types = Object.fromEntries(
      [...form.querySelectorAll<HTMLSelectElement>('select[data-column]')]
        .filter((s) => s.value !== s.dataset.detected && s.value !== 'other')
        .map((s) => [s.dataset.column ?? '', s.value]),
    );
    if (preview && !preview.hidden && Object.keys(types).length > 0)
      query.set('types', JSON.stringify(types));
    const appending = form.querySelector<HTMLInputElement>('input[name="mode"]:checked');
    if (step === 'import' && mode && !mode.disabled && appending)
      query.set('mode', appending.value);
    return query;
  }

  function show(answer: Preview): void {
    if (settings) {
      settings.hidden = settings.disabled = false;
      for (const part of settings.querySelectorAll<HTMLElement>('[data-formats]'))
        part.hidden = part.dataset.formats !== answer.detected.format;
      for (const select of settings.querySelectorAll<HTMLSelectElement>('select')) {
        if (select.name === 'sheet') {
          select.replaceChildren(
            ...(answer.detected.sheets ?? []).map((name) => new Option(name, name)),
          );
        }
        const value = answer.detected[select.name];
        if (typeof value !== 'string') continue;
        const word = Object.entries(words[select.name] ?? {}).find(([, v]) => v === value)?.[0];
        select.value = word ?? value;
      }
    }
    if (mode) mode.hidden = mode.disabled = !answer.tableExists;
    if (!preview) return;
    const head = preview.querySelector('thead tr');
    const body = preview.querySelector('tbody');
    head?.replaceChildren(
      ...answer.columns.map((column, i) => {
        const th = document.createElement('th');
        th.scope = 'col';
        const id = `upload-type-${i}`;
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = column.name;
        const select = document.createElement('select');
        select.id = id;
        select.className = 'input';
        select.dataset.column = column.name;
        select.dataset.detected = column.detectedType;
        select.setAttribute(
          'aria-label',
          (form.dataset.typeLabel ?? '{name}').replace('{name}', column.name),
        );
        const offered = Object.keys(kinds).filter(
          (k) => k !== 'other' || column.detectedType === 'other',
        );
        select.append(...offered.map((k) => new Option(kinds[k], k)));
        select.value = column.type;
        th.append(label, select);
        return th;
      }),
    );
    body?.replaceChildren(
      ...answer.rows.map((row) => {
        const tr = document.createElement('tr');
        tr.append(
          ...row.map((value) => {
            const td = document.createElement('td');
            td.textContent =
              value === null
                ? ''
                : typeof value === 'number'
                  ? value.toLocaleString(document.documentElement.lang || 'en')
                  : typeof value === 'object'
                    ? JSON.stringify(value)
                    : String(value);
            return td;
          }),
        );
        return tr;
      }),
    );
    const summary = preview.querySelector('[data-upload-summary]');
    if (summary) {
      summary.textContent = (form.dataset.rows ?? '')
        .replace('{count}', answer.rowCount.toLocaleString(document.documentElement.lang || 'en'))
        .replace('{table}', answer.table)
        .replace('{shown}', String(answer.rows.length));
    }
    preview.hidden = false;
    preview.querySelector<HTMLElement>('h3')?.focus();
  }
}
