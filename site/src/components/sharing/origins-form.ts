import { announce } from './announce';
import { jsonForm } from './json-form';

/**
 * The allowed-origins form of the embedding page: one origin a line, sent as a list. The API
 * names a bad entry by its place in that list (`origins.2`); the reader is told its line.
 */
const form = document.querySelector<HTMLFormElement>('form[data-origins-form]');
if (form) {
  const area = form.querySelector<HTMLTextAreaElement>('textarea[name="origins"]');
  let lines: number[] = [];
  jsonForm(form, {
    method: 'PUT',
    endpoint: form.dataset.endpoint ?? '',
    body() {
      const all = (area?.value ?? '').split('\n').map((l) => l.trim());
      lines = all.flatMap((l, i) => (l ? [i + 1] : []));
      return { origins: all.filter(Boolean) };
    },
    errorPath(path, message) {
      const line = lines[Number(/^origins\.(\d+)$/.exec(path)?.[1] ?? -1)];
      return {
        path,
        message: line
          ? (form.dataset.msgLine ?? '')
              .replace('{line}', String(line))
              .replace('{message}', message)
          : message,
      };
    },
    done(answer) {
      const saved = (answer as { allowedOrigins?: string[] } | null)?.allowedOrigins;
      if (area && saved) area.value = saved.join('\n');
      announce(form, form.dataset.msgSaved ?? '');
    },
  });
}
