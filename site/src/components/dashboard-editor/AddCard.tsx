import type { ChartType } from '@painel/api/browser';
import { useRef, useState } from 'preact/hooks';
import { optionsOf } from '../fields/SelectField';
import type { DataSource } from '../sql-editor/api';
import type { EditorApi, SavedQuery } from './api';
import { SelectField } from './Field';
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

// The chart types a saved query's rows suit.
const savedTypes = ['bar', 'line', 'area', 'pie', 'scatter', 'histogram', 'kpi', 'table'] as const;

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

  /** A button that adds `card` at once. */
  const addButton = (label: string, card: NewCard, id?: string) => (
    <button id={id} type="button" class="sql-button sql-small" onClick={() => onAdd(card)}>
      {label}
    </button>
  );

  return (
    <div class="dbe-add">
      <h3 id="dbe-add-title">{m.addCardTitle}</h3>
      <div class="dbe-actions">
        {addButton(
          m.addSql,
          { kind: 'chart', type: 'bar', query: { mode: 'sql' } },
          'dbe-add-first',
        )}
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
        {addButton(m.addBuilder, { kind: 'chart', type: 'bar', query: { mode: 'builder' } })}
        {addButton(m.addKpi, { kind: 'chart', type: 'kpi', query: { mode: 'sql' } })}
        {addButton(m.addTable, { kind: 'chart', type: 'table', query: { mode: 'sql' } })}
        {addButton(m.addText, { kind: 'text' })}
      </div>
      <div id="dbe-saved-picker">
        {picker.status === 'loading' && <p role="status">{m.loading}</p>}
        {picker.status === 'error' && <p class="dbe-field-error">{m.savedQueriesFailed}</p>}
        {picker.status === 'ready' &&
          (picker.queries.length === 0 ? (
            <p>{m.savedQueriesEmpty}</p>
          ) : (
            <div class="dbe-row dbe-picker">
              <SelectField
                id="dbe-saved-query"
                label={m.savedQuery}
                value={chosen}
                options={picker.queries.map((q) => ({ value: q.id, label: q.name }))}
                onChange={setChosen}
              />
              <SelectField
                id="dbe-saved-type"
                label={m.chartType}
                value={type}
                options={optionsOf(savedTypes, m.types)}
                onChange={setType}
              />
              <button type="button" class="sql-button sql-small sql-primary" onClick={addSaved}>
                {m.addSavedSubmit}
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}
