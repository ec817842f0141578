import { moment } from '../../lib/moment';
import type { HistoryEntry } from './api';
import { formatCount, formatDuration } from './format';
import { fill, type SqlMessages } from './messages';

/** The reader's own recent runs, newest first; choosing one loads its SQL and parameters. */

export type HistoryState =
  | { status: 'loading' | 'unavailable' }
  | { status: 'ready'; entries: HistoryEntry[] };

interface Props {
  state: HistoryState;
  locale: string;
  timeZone: string;
  sourceName: (id: string) => string;
  m: SqlMessages;
  onLoad: (entry: HistoryEntry) => void;
}

const shown = 30;

export default function HistoryPanel({ state, locale, timeZone, sourceName, m, onLoad }: Props) {
  return (
    <section class="sql-panel sql-history wide" aria-labelledby="sql-history-title">
      <h2 id="sql-history-title">{m.historyTitle}</h2>
      <p id="sql-history-hint" class="sql-hint">
        {m.historyLoad}
      </p>
      {state.status === 'unavailable' && <p class="muted">{m.historyUnavailable}</p>}
      {state.status === 'ready' && state.entries.length === 0 && (
        <p class="muted">{m.historyEmpty}</p>
      )}
      {state.status === 'ready' && state.entries.length > 0 && (
        <ol class="sql-history-list">
          {state.entries.slice(0, shown).map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                class="sql-history-entry"
                aria-describedby="sql-history-hint"
                onClick={() => onLoad(entry)}
              >
                <code>{firstLine(entry.sql)}</code>
                <span class="sql-meta">
                  {[
                    moment(locale, timeZone, entry.ranAt),
                    sourceName(entry.sourceId),
                    entry.error
                      ? m.historyFailed
                      : entry.rowCount === null
                        ? null
                        : fill(entry.rowCount === 1 ? m.rowsOne : m.rowsOther, {
                            n: formatCount(locale, entry.rowCount),
                          }),
                    formatDuration(locale, entry.durationMs),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The first line with code on it, so a leading comment does not hide the query. */
function firstLine(sql: string): string {
  const lines = sql.split('\n').map((l) => l.trim());
  const line = lines.find((l) => l !== '' && !l.startsWith('--')) ?? lines[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
