/**
 * What the dashboard's filters say right now, as values a public link or an embed token can
 * lock (api/src/sharing/locked-filters.ts): a date range's preset or `{start, end}`; a
 * select's value or list; a number range's `{min, max}`; `null` for no value. Read from the
 * filter form as the reader left it (the island changes it without reloading the page), each
 * with the words the form shows for it.
 */

export interface FilterLock {
  value: unknown;
  text: string;
}

export interface LockWords {
  all: string;
  any: string;
  atLeast(min: string): string;
  atMost(max: string): string;
}

export function currentLocks(
  form: HTMLFormElement | null,
  words: LockWords,
): Map<string, FilterLock> {
  const locks = new Map<string, FilterLock>();
  for (const filter of form?.querySelectorAll<HTMLElement>('[data-filter]') ?? []) {
    const name = filter.dataset.filter ?? '';
    const input = (suffix: string) =>
      filter
        .querySelector<HTMLInputElement>(`input[name="${CSS.escape(`${name}.${suffix}`)}"]`)
        ?.value.trim() ?? '';
    const select = filter.querySelector('select');
    switch (filter.dataset.filterType) {
      case 'dateRange': {
        const preset = select?.value ?? '';
        const [start, end] = [input('start'), input('end')];
        locks.set(
          name,
          preset === 'custom'
            ? { value: { start, end }, text: `${start} – ${end}` }
            : { value: preset || null, text: select?.selectedOptions[0]?.text ?? words.any },
        );
        break;
      }
      case 'numberRange': {
        const [min, max] = [input('min'), input('max')];
        const text =
          min && max
            ? `${min} – ${max}`
            : min
              ? words.atLeast(min)
              : max
                ? words.atMost(max)
                : words.any;
        locks.set(name, {
          value: min || max ? { min: number(min), max: number(max) } : null,
          text,
        });
        break;
      }
      default: {
        const chosen = [...(select?.selectedOptions ?? [])].filter((o) => o.value !== '');
        const value =
          chosen.length === 0
            ? null
            : chosen.length === 1
              ? chosen[0]?.value
              : chosen.map((o) => o.value);
        const text = chosen.length > 0 ? chosen.map((o) => o.text).join(', ') : words.all;
        locks.set(name, { value, text });
      }
    }
  }
  return locks;
}

/** A typed bound as a number when it is one; as typed otherwise, for the API to refuse. */
function number(text: string): number | string | null {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}
