import type { ChartType } from '@painel/api/browser';
import { useRef, useState } from 'preact/hooks';
import type { DataSource } from '../sql-editor/api';
import type { EditorApi, SavedQuery } from './api';
import type { QueryDraft } from './form';
import type { EditorMessages } from './messages';

/**
 * The ways to add a card: a chart from SQL typed here, from a saved query (its SQL copied, its
 * parameters turned into filters) or from a builder question; a KPI or a table (from SQL); a
 * Markdown text.
 */

export type NewCard =
  | {
      kind: 'chart';
      type: ChartType;
      query: Partial<QueryDraft>;
      title?: string;
      saved?: SavedQuery;
    }
  | { kind: 'text' };

interface Props {
  api: EditorApi;
  sources: DataSource[];
  dashboardSource: string;
  m: EditorMessages;
  onAdd: (card: NewCard) => void;
}

type Picker =
  | { status: 'closed' }
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; queries: SavedQuery[] };

export default function AddCard({ api, sources, dashboardSource, m, onAdd }: Props) {
  const [picker, setPicker] = useState<Picker>({ status: 'closed' });
  const [chosen, setChosen] = useState('');
  const [type, setType] = useState<ChartType>('bar');
  const openButton = useRef<HTMLButtonElement>(null);

  const openPicker = async () => {
    if (picker.status !== 'closed') {
      setPicker({ status: 'closed' });
      return;
    }
    setPicker({ status: 'loading' });
    const answer = await api.savedQueries().catch(() => null);
    if (!answer?.ok) {
      setPicker({ status: 'error' });
      return;
    }
    setPicker({ status: 'ready', queries: answer.data.queries });
    setChosen(answer.data.queries[0]?.id ?? '');
    setTimeout(() => document.getElementById('dbe-saved-query')?.focus(), 0);
  };

  const addSaved = () => {
    if (picker.status !== 'ready') return;
    const saved = picker.queries.find((q) => q.id === chosen);
    if (!saved) return;
    const sourceName = sources.find((s) => s.id === saved.sourceId)?.name ?? '';
    onAdd({
      kind: 'chart',
      type,
      title: saved.name,
      saved,
      query: {
        mode: 'sql',
        sql: saved.sql,
        source: sourceName && sourceName !== dashboardSource ? sourceName : '',
        from: saved.name,
      },
    });
    setPicker({ status: 'closed' });
    openButton.current?.focus();
  };

  return (
    <div class="dbe-add">
      <h3 id="dbe-add-title">{m.addCardTitle}</h3>
      <div class="dbe-actions">
        <button
          id="dbe-add-first"
          type="button"
          class="sql-button sql-small"
          onClick={() => onAdd({ kind: 'chart', type: 'bar', query: { mode: 'sql' } })}
        >
          {m.addSql}
        </button>
        <button
          ref={openButton}
          type="button"
          class="sql-button sql-small"
          aria-expanded={picker.status === 'closed' ? 'false' : 'true'}
          aria-controls="dbe-saved-picker"
          onClick={() => void openPicker()}
        >
          {m.addSaved}
        </button>
        <button
          type="button"
          class="sql-button sql-small"
          onClick={() => onAdd({ kind: 'chart', type: 'bar', query: { mode: 'builder' } })}
        >
          {m.addBuilder}
        </button>
        <button
          type="button"
          class="sql-button sql-small"
          onClick={() => onAdd({ kind: 'chart', type: 'kpi', query: { mode: 'sql' } })}
        >
          {m.addKpi}
        </button>
        <button
          type="button"
          class="sql-button sql-small"
          onClick={() => onAdd({ kind: 'chart', type: 'table', query: { mode: 'sql' } })}
        >
          {m.addTable}
        </button>
        <button type="button" class="sql-button sql-small" onClick={() => onAdd({ kind: 'text' })}>
          {m.addText}
        </button>
      </div>
      <div id="dbe-saved-picker">
        {picker.status === 'loading' && <p role="status">{m.loading}</p>}
        {picker.status === 'error' && <p class="dbe-field-error">{m.savedQueriesFailed}</p>}
        {picker.status === 'ready' &&
          (picker.queries.length === 0 ? (
            <p>{m.savedQueriesEmpty}</p>
          ) : (
            <div class="dbe-row dbe-picker">
              <div class="dbe-field">
                <label for="dbe-saved-query">{m.savedQuery}</label>
                <select
                  id="dbe-saved-query"
                  value={chosen}
                  onChange={(e) => setChosen(e.currentTarget.value)}
                >
                  {picker.queries.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="dbe-field">
                <label for="dbe-saved-type">{m.chartType}</label>
                <select
                  id="dbe-saved-type"
                  value={type}
                  onChange={(e) => setType(e.currentTarget.value as ChartType)}
                >
                  {(
                    ['bar', 'line', 'area', 'pie', 'scatter', 'histogram', 'kpi', 'table'] as const
                  ).map((t) => (
                    <option key={t} value={t}>
                      {m.types[t]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" class="sql-button sql-small sql-primary" onClick={addSaved}>
                {m.addSavedSubmit}
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}
