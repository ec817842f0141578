/**
 * The query string a dashboard's filter form stands for. The no-JavaScript form sends every
 * field as it is (`period=last30days&period.start=&period.end=`); the island sends the same
 * filters without what the server ignores, so a shared link stays short. The rules of the
 * query string are the API's (api/src/dashboards/filters.ts): a filter absent takes its default,
 * present and empty it has no value.
 */

export type FilterType = 'dateRange' | 'select' | 'numberRange';

/** A table card's sort or search (`days.sort`, `days.q`), which a filter change keeps. */
export const isTableView = (name: string) => /\.(sort|q|show)$/.test(name);

export interface FilterField {
  /** The filter's name in the query string (its id). */
  name: string;
  type: FilterType;
}

/**
 * `entries` are the form's fields (`new FormData(form)`). With `waitForDates`, a custom date
 * range that lacks a date gives `null`: the reader is still picking, nothing is sent yet.
 */
export function formQuery(
  entries: Iterable<readonly [string, FormDataEntryValue]>,
  filters: readonly FilterField[],
  options: { waitForDates?: boolean } = {},
): URLSearchParams | null {
  const values = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const first = (name: string) => (values.get(name)?.[0] ?? '').trim();
  const query = new URLSearchParams();
  for (const { name, type } of filters) {
    if (type === 'dateRange') {
      const preset = first(name);
      query.append(name, preset);
      if (preset !== 'custom') continue;
      const start = first(`${name}.start`);
      const end = first(`${name}.end`);
      if (options.waitForDates && (!start || !end)) return null;
      query.append(`${name}.start`, start);
      query.append(`${name}.end`, end);
    } else if (type === 'select') {
      // The form's hidden empty field makes "nothing chosen" explicit; it goes when a value is.
      const chosen = (values.get(name) ?? []).filter((v) => v !== '');
      if (chosen.length === 0) query.append(name, '');
      for (const value of chosen) query.append(name, value);
    } else {
      const min = first(`${name}.min`);
      const max = first(`${name}.max`);
      if (!min && !max) query.append(`${name}.min`, '');
      if (min) query.append(`${name}.min`, min);
      if (max) query.append(`${name}.max`, max);
    }
  }
  for (const [name, list] of values)
    if (isTableView(name)) for (const value of list) if (value) query.append(name, value);
  return query;
}

/**
 * The query after a click on a mark whose value is `value` in a card that filters `name`: the
 * filter takes that one value, or none when it already had exactly that one (a second click
 * undoes the first).
 */
export function crossFiltered(
  query: URLSearchParams,
  name: string,
  value: string,
): URLSearchParams {
  const current = query.getAll(name).filter((v) => v !== '');
  const next = new URLSearchParams(query);
  next.delete(name);
  next.append(name, current.length === 1 && current[0] === value ? '' : value);
  return next;
}
