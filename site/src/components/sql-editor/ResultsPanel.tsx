import type { SqlMessages } from './messages';
import ResultsTable, { statusText } from './ResultsTable';
import type { QueryResult } from './results';

/**
 * The results region under the SQL editor and the query builder: the last run's status line
 * and rows, or a line saying nothing ran yet; busy while a run is on.
 */

/** A run's rows, numbered so that each run starts its table afresh (sort, filter, page). */
export interface Run {
  run: number;
  data: QueryResult;
}

/** The next run after `previous`, with `data`. */
export const nextRun =
  (data: QueryResult) =>
  (previous: Run | null): Run => ({ run: (previous?.run ?? 0) + 1, data });

interface Props {
  /** The region's id prefix: its heading is `<id>-title`. */
  id: string;
  class: string;
  busy: boolean;
  result: Run | null;
  locale: string;
  timeZone: string;
  m: SqlMessages;
}

export default function ResultsPanel({ id, busy, result, locale, timeZone, m, ...props }: Props) {
  return (
    <section
      class={props.class}
      aria-labelledby={`${id}-title`}
      aria-busy={busy ? 'true' : 'false'}
    >
      <h2 id={`${id}-title`}>{m.resultsTitle}</h2>
      {result ? (
        <>
          <p class="sql-status">{statusText(m, locale, result.data)}</p>
          <ResultsTable
            key={result.run}
            result={result.data}
            locale={locale}
            timeZone={timeZone}
            m={m}
          />
        </>
      ) : (
        <p class="muted">{m.resultsIdle}</p>
      )}
    </section>
  );
}
