import { useEffect, useMemo, useState } from 'preact/hooks';
import SelectField, { emptyOption } from './fields/SelectField';
import { type Compiled, compile, editorHref } from './query-builder/api';
import type { BuilderMessages } from './query-builder/messages';
import QuestionForm from './query-builder/QuestionForm';
import {
  columnChoices,
  emptyQuestion,
  type Question,
  tablesInScope,
  tablesOf,
  toBuilderQuery,
} from './query-builder/question';
import { type DataSource, type SqlProblem, sqlApi } from './sql-editor/api';
import type { SqlMessages } from './sql-editor/messages';
import ResultsPanel, { nextRun, type Run } from './sql-editor/ResultsPanel';
import { rowsText } from './sql-editor/ResultsTable';
import RunError, { type ShownError, shownError } from './sql-editor/RunError';
import type { SchemaState } from './sql-editor/SchemaBrowser';
import SourceSelect from './sql-editor/SourceSelect';

/**
 * The query builder page's island: pick a source and a table, shape the question (joins,
 * columns, filters, grouping, aggregates, sort, limit), then see its SQL, run it, or open it in
 * the SQL editor. The API compiles the question (POST …/builder/compile); the SQL editor's
 * calls, results table and error region do the rest.
 */

interface Props {
  workspace: string;
  locale: string;
  timeZone: string;
  /** The SQL editor's path, for "Open in SQL editor". */
  editorPath: string;
  m: BuilderMessages;
  /** The SQL editor's words, for its results table and error region. */
  sm: SqlMessages;
}

const errorId = 'qb-error';

export default function QueryBuilder({ workspace, locale, timeZone, editorPath, m, sm }: Props) {
  const api = useMemo(() => sqlApi(workspace), [workspace]);
  const [sources, setSources] = useState<DataSource[] | null>(null);
  const [sourceId, setSourceId] = useState('');
  const [schemas, setSchemas] = useState<Record<string, SchemaState>>({});
  const [q, setQ] = useState<Question>(emptyQuestion());
  const [shown, setShown] = useState<Compiled | null>(null);
  const [result, setResult] = useState<Run | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState<'compile' | 'run' | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const schemaState: SchemaState = schemas[sourceId] ?? { status: 'idle' };
  const tables = tablesOf(schemaState.status === 'ready' ? schemaState.schema : null);
  const scope = tablesInScope(tables, q);
  const choices = columnChoices(scope);

  useEffect(() => {
    void (async () => {
      const list = await api.dataSources().catch(() => null);
      const found = list?.ok ? list.data.dataSources : [];
      setSources(found);
      if (found[0]) setSourceId(found[0].id);
    })();
  }, []);

  useEffect(() => {
    if (!sourceId || (schemas[sourceId] && schemas[sourceId].status !== 'error')) return;
    setSchemas((all) => ({ ...all, [sourceId]: { status: 'loading' } }));
    void api
      .schema(sourceId)
      .catch(() => null)
      .then((answer) =>
        setSchemas((all) => ({
          ...all,
          [sourceId]: answer?.ok ? { status: 'ready', schema: answer.data } : { status: 'error' },
        })),
      );
  }, [sourceId]);

  // A new source starts a new question on its first table. The check reads the question as
  // it is now, not as this render saw it: a table picked the moment the list appeared stays.
  useEffect(() => {
    setQ((current) =>
      tables.some((t) => t.name === current.table) ? current : emptyQuestion(tables[0]?.name ?? ''),
    );
  }, [schemaState]);

  const update = (next: Question) => {
    setQ(next);
    // What is shown belongs to the question as it was.
    setShown(null);
  };

  const showProblem = (problem: SqlProblem) =>
    setError(shownError(problem, sm.errorUnexpected).error);

  /** The question compiled, or null with the reason shown. */
  const compiled = async (): Promise<Compiled | null> => {
    const answer = await compile(workspace, {
      source: sourceId,
      query: toBuilderQuery(q, choices),
      timeZone,
    }).catch(() => null);
    if (!answer) setError({ title: sm.errorNetwork, more: [] });
    else if (!answer.ok) showProblem(answer.problem);
    else return answer.data;
    return null;
  };

  const act = async (what: 'show' | 'run' | 'open') => {
    if (busy || !sourceId || !q.table) return;
    setBusy(what === 'run' ? 'run' : 'compile');
    setError(null);
    setAnnouncement('');
    try {
      const sql = await compiled();
      if (!sql) return;
      if (what === 'open') {
        window.location.assign(editorHref(editorPath, sourceId, sql));
        return;
      }
      setShown(sql);
      if (what === 'show') return;
      const answer = await api
        .run({ source: sourceId, ...sql }, new AbortController().signal)
        .catch(() => null);
      if (!answer) setError({ title: sm.errorNetwork, more: [] });
      else if (!answer.ok) showProblem(answer.problem);
      else {
        setResult(nextRun(answer.data));
        setAnnouncement(rowsText(sm, locale, answer.data.rowCount));
      }
    } finally {
      setBusy(null);
    }
  };

  const ready = !!sourceId && !!q.table && !busy;
  const actions = [
    { what: 'show', label: m.showSql },
    { what: 'run', label: busy === 'run' ? sm.running : sm.run },
    { what: 'open', label: m.openInEditor },
  ] as const;

  return (
    <div class="qb">
      <div class="qb-main">
        <div class="qb-toolbar">
          <SourceSelect
            family="qb"
            sources={sources}
            value={sourceId}
            m={sm}
            onChange={(id) => {
              setSourceId(id);
              update(emptyQuestion());
            }}
          />
          <SelectField
            family="qb"
            id="qb-table"
            label={m.table}
            value={q.table}
            busy={schemaState.status === 'loading'}
            options={[
              ...(q.table ? [] : [emptyOption(m.chooseTable)]),
              ...tables.map((t) => ({ value: t.name, label: t.name })),
            ]}
            onChange={(table) => update(emptyQuestion(table))}
          />
        </div>
        {sources !== null && sources.length === 0 && <p class="sql-notice">{sm.noSources}</p>}
        {schemaState.status === 'loading' && <p class="qb-hint">{m.loadingSchema}</p>}
        {schemaState.status === 'error' && <p class="sql-notice">{m.schemaError}</p>}

        {q.table && (
          <QuestionForm
            q={q}
            tables={tables}
            scope={scope}
            choices={choices}
            m={m}
            onChange={update}
          />
        )}

        <div class="qb-actions">
          {actions.map(({ what, label }) => (
            <button
              key={what}
              type="button"
              class={what === 'run' ? 'sql-button sql-primary' : 'sql-button'}
              aria-disabled={ready ? undefined : 'true'}
              onClick={() => void act(what)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>

      <div class="qb-output">
        <RunError id={errorId} error={error} m={sm} />
        <p class="sr-only" role="status">
          {busy === 'compile' ? m.compiling : announcement}
        </p>
        {shown && (
          <section class="qb-sql" aria-labelledby="qb-sql-title">
            <h2 id="qb-sql-title">{m.sqlTitle}</h2>
            {/* Focusable, so a long line can be scrolled with the keyboard. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region. */}
            <pre tabIndex={0}>{shown.sql}</pre>
            {shown.parameters.length > 0 && (
              <>
                <h3>{m.parameters}</h3>
                <ul class="qb-params">
                  {shown.parameters.map((p) => (
                    <li key={p.name}>
                      <code>{`{{${p.name}}}`}</code> = <code>{JSON.stringify(p.value)}</code> (
                      {p.type})
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
        <ResultsPanel
          id="qb-results"
          class="sql-results qb-results"
          busy={busy === 'run'}
          result={result}
          locale={locale}
          timeZone={timeZone}
          m={sm}
        />
      </div>
    </div>
  );
}
