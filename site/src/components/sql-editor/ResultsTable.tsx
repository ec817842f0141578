import { useMemo, useState } from 'preact/hooks';
import { TextField } from '../fields/TextField';
import { cellFormatter, formatCount, formatDuration, isNumeric } from './format';
import { fill, type SqlMessages } from './messages';
import {
  filteredOrder,
  nextSort,
  pageOf,
  type QueryResult,
  type Sort,
  searchText,
  sortedOrder,
} from './results';

/**
 * A query's rows, a page at a time: sortable by any column (the header buttons), filtered by
 * a text, numbers and dates as the page's language writes them, nulls marked.
 */

export const pageSize = 100;

interface Props {
  result: QueryResult;
  locale: string;
  timeZone: string;
  m: SqlMessages;
}

export function rowsText(m: SqlMessages, locale: string, n: number): string {
  return fill(n === 1 ? m.rowsOne : m.rowsOther, { n: formatCount(locale, n) });
}

/** "1,234 rows · truncated at 100,000 rows · 85 ms · from cache, 12 s old". */
export function statusText(m: SqlMessages, locale: string, result: QueryResult): string {
  const parts = [rowsText(m, locale, result.rowCount)];
  if (result.truncated) parts.push(fill(m.truncated, { n: formatCount(locale, result.rowCount) }));
  parts.push(fill(m.duration, { time: formatDuration(locale, result.durationMs) }));
  if (result.cache.hit)
    parts.push(
      fill(m.fromCache, { seconds: formatCount(locale, Math.round(result.cache.ageMs / 1000)) }),
    );
  return parts.join(' · ');
}

export default function ResultsTable({ result, locale, timeZone, m }: Props) {
  const [sort, setSort] = useState<Sort | null>(null);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const format = useMemo(() => cellFormatter(locale, timeZone), [locale, timeZone]);
  const shown = (column: number, value: unknown) =>
    format(result.columns[column]?.type ?? 'unknown', value);
  const searching = filter.trim() !== '';
  // Built on the first search only: most results are never filtered.
  const haystack = useMemo(
    () => (searching ? searchText(result, shown) : null),
    [result, searching],
  );
  const matching = useMemo(
    () => (haystack ? filteredOrder(haystack, filter) : result.rows.map((_, i) => i)),
    [result, haystack, filter],
  );
  const order = useMemo(() => sortedOrder(result, matching, sort), [result, matching, sort]);
  const { rows: visible, current, pages, first } = pageOf(order, page, pageSize);

  const sortBy = (column: number) => {
    setSort((s) => nextSort(s, column));
    setPage(0);
  };

  if (result.columns.length === 0) return <p class="muted">{m.resultsNone}</p>;
  return (
    <div class="sql-results-body">
      <div class="sql-results-tools">
        <TextField
          family="sql"
          id="sql-filter"
          label={m.filterLabel}
          type="search"
          value={filter}
          autoComplete="off"
          onInput={(value) => {
            setFilter(value);
            setPage(0);
          }}
        />
        {searching && (
          <p class="sql-matching" aria-live="polite">
            {fill(order.length === 1 ? m.matchingOne : m.matchingOther, {
              n: formatCount(locale, order.length),
            })}
          </p>
        )}
      </div>
      {/* The header buttons take focus, so the keyboard scrolls a wide table sideways. */}
      <div class="table-scroll sql-table-scroll">
        <table>
          <thead>
            <tr>
              {result.columns.map((column, i) => {
                const direction = sort?.column === i ? sort.direction : undefined;
                return (
                  <th
                    key={column.name + String(i)}
                    scope="col"
                    aria-sort={direction}
                    class={isNumeric(column.type) ? 'numeric' : undefined}
                  >
                    <button
                      type="button"
                      class="sql-sort"
                      title={fill(m.sortBy, { name: column.name })}
                      onClick={() => sortBy(i)}
                    >
                      {column.name}
                      <span aria-hidden="true" class="sql-sort-mark">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => (
              <tr key={r}>
                {(result.rows[r] ?? []).map((value, c) => {
                  const type = result.columns[c]?.type ?? 'unknown';
                  return value === null ? (
                    <td key={c} class="sql-null">
                      {m.nullValue}
                    </td>
                  ) : (
                    <td key={c} class={isNumeric(type) ? 'numeric' : undefined}>
                      {format(type, value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {order.length === 0 && (
        <p class="muted">
          {searching ? fill(m.resultsNoMatch, { text: filter.trim() }) : m.resultsEmpty}
        </p>
      )}
      {order.length > pageSize && (
        <nav class="sql-pages" aria-label={m.pagesLabel}>
          <PageButton label={m.pageFirst} enabled={current > 0} go={() => setPage(0)} />
          <PageButton
            label={m.pagePrevious}
            enabled={current > 0}
            go={() => setPage(current - 1)}
          />
          <p aria-live="polite">
            {fill(m.pageRange, {
              from: formatCount(locale, first + 1),
              to: formatCount(locale, first + visible.length),
              total: formatCount(locale, order.length),
            })}
          </p>
          <PageButton
            label={m.pageNext}
            enabled={current < pages - 1}
            go={() => setPage(current + 1)}
          />
          <PageButton
            label={m.pageLast}
            enabled={current < pages - 1}
            go={() => setPage(pages - 1)}
          />
        </nav>
      )}
    </div>
  );
}

/** aria-disabled rather than disabled: the last page's "Next" keeps the keyboard focus. */
function PageButton(props: { label: string; enabled: boolean; go: () => void }) {
  return (
    <button
      type="button"
      class="sql-button sql-small"
      aria-disabled={props.enabled ? undefined : 'true'}
      onClick={() => props.enabled && props.go()}
    >
      {props.label}
    </button>
  );
}
