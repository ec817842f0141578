import { toCsv } from '@painel/api/browser';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  type DataSource,
  type HistoryEntry,
  type SavedQuery,
  type SqlProblem,
  sqlApi,
} from './sql-editor/api';
import { type CodeEditor, createCodeEditor } from './sql-editor/code-editor';
import { draftName, keepDraft, markDraftClean, takeDraft } from './sql-editor/draft';
import HistoryPanel, { type HistoryState } from './sql-editor/HistoryPanel';
import { fill, type SqlMessages } from './sql-editor/messages';
import ParameterInputs from './sql-editor/ParameterInputs';
import { fromValues, type ParameterDraft, reconcile, typed } from './sql-editor/parameters';
import ResultsPanel, { nextRun, type Run } from './sql-editor/ResultsPanel';
import { rowsText } from './sql-editor/ResultsTable';
import RunError, { type ShownError, shownError } from './sql-editor/RunError';
import { download } from './sql-editor/results';
import SaveForm from './sql-editor/SaveForm';
import SchemaBrowser, { type SchemaState } from './sql-editor/SchemaBrowser';
import SourceSelect from './sql-editor/SourceSelect';
import { quoteIdentifier, type SchemaInfo } from './sql-editor/schema';

/**
 * The SQL editor page's island: pick a source, write SQL with its schema at hand, fill in the
 * `{{parameters}}`, run (Ctrl/Cmd-Enter) or cancel, read, sort, filter and export the rows,
 * save the query, and go back to an earlier run. All calls go through lib/api-client.ts.
 */

interface Props {
  workspace: string;
  locale: string;
  timeZone: string;
  /** `?query=<id>`: the saved query to open. */
  queryId: string | null;
  /** `?source=<id>`: the source to start on (the data sources page's Query links). */
  initialSource: string | null;
  /** This page's path, for links to a saved query (`…/sql?query=<id>`). */
  pagePath: string;
  m: SqlMessages;
}

const errorId = 'sql-error';

export default function SqlEditor({
  workspace,
  locale,
  timeZone,
  queryId,
  initialSource,
  pagePath,
  m,
}: Props) {
  const api = useMemo(() => sqlApi(workspace), [workspace]);
  const exampleStart = `-- ${m.exampleComment}\n`;

  const [sources, setSources] = useState<DataSource[] | null>(null);
  const [sourceId, setSourceId] = useState('');
  const [schemas, setSchemas] = useState<Record<string, SchemaState>>({});
  const [params, setParams] = useState<ParameterDraft[]>([]);
  const [paramErrors, setParamErrors] = useState<Record<string, string>>({});
  const [running, setRunning] = useState<AbortController | null>(null);
  const [result, setResult] = useState<Run | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [saved, setSaved] = useState<SavedQuery | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedLink, setSavedLink] = useState<SavedQuery | null>(null);
  const [history, setHistory] = useState<HistoryState>({ status: 'loading' });

  const root = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const draftForm = useRef<HTMLFormElement>(null);
  const runButton = useRef<HTMLButtonElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  // The latest state for callbacks the editor holds on to (Mod-Enter, change listener).
  const latest = useRef({ sourceId, params, running, run: () => {} });

  const source = sources?.find((s) => s.id === sourceId) ?? null;
  const schemaState: SchemaState = schemas[sourceId] ?? { status: 'idle' };

  const syncDraft = (
    next: Partial<{ sql: string; source: string; parameters: ParameterDraft[] }>,
  ) =>
    keepDraft(draftForm.current, {
      sql: next.sql ?? editor.current?.getDoc() ?? '',
      source: next.source ?? latest.current.sourceId,
      parameters: next.parameters ?? latest.current.params,
    });

  const updateParams = (next: ParameterDraft[]) => {
    latest.current.params = next;
    setParams(next);
    syncDraft({ parameters: next });
  };

  const onDocChange = (doc: string) => {
    const current = latest.current.params;
    const next = reconcile(doc, current);
    const same = next.length === current.length && next.every((p, i) => p === current[i]);
    if (!same) updateParams(next);
    syncDraft({ sql: doc });
  };

  const loadInto = (sql: string, sourceFor: string | null, values: ParameterDraft[]) => {
    if (sourceFor) chooseSource(sourceFor);
    // Parameters first, so the change listener keeps their values.
    latest.current.params = values;
    setParams(reconcile(sql, values));
    editor.current?.setDoc(sql);
    setError(null);
    syncDraft({ sql, parameters: values });
  };

  const chooseSource = (id: string) => {
    latest.current.sourceId = id;
    setSourceId(id);
    syncDraft({ source: id });
  };

  // The editor, the sources, the query to open (a draft, a saved query or the example).
  useEffect(() => {
    if (!host.current) return;
    const draft = takeDraft(draftForm.current);
    // `?sql=…&params=…`: a query the query builder opened here.
    const search = new URLSearchParams(window.location.search);
    const opened = draft || queryId ? null : search.get('sql');
    editor.current = createCodeEditor({
      parent: host.current,
      doc: draft?.sql ?? opened ?? exampleStart,
      label: m.editorLabel,
      describedBy: 'sql-editor-hint',
      errorId,
      onChange: onDocChange,
      onRun: () => latest.current.run(),
    });
    if (opened) {
      let values: unknown = [];
      try {
        values = JSON.parse(search.get('params') ?? '[]');
      } catch {}
      loadInto(opened, null, fromValues(Array.isArray(values) ? values : []));
    }
    if (draft) {
      loadInto(draft.sql, null, draft.parameters);
      const status = document.querySelector<HTMLElement>('[data-app-status]');
      if (status) {
        status.textContent = m.draftRestored;
        status.hidden = false;
      }
    }
    void (async () => {
      const list = await api.dataSources().catch(() => null);
      const found = list?.ok ? list.data.dataSources : [];
      setSources(found);
      const known = (id: string | null | undefined) => !!id && found.some((s) => s.id === id);
      let first = known(draft?.source)
        ? draft?.source
        : known(initialSource)
          ? initialSource
          : found[0]?.id;
      if (queryId) {
        const answer = await api.saved(queryId).catch(() => null);
        if (answer?.ok) {
          setSaved(answer.data);
          if (found.some((s) => s.id === answer.data.sourceId)) first = answer.data.sourceId;
          if (!draft) {
            loadInto(answer.data.sql, null, fromValues(answer.data.parameters ?? []));
            markDraftClean(draftForm.current);
          }
        } else setNotice(m.queryMissing);
      }
      if (first) chooseSource(first);
      if (!draft && !queryId) markDraftClean(draftForm.current);
    })();
    void loadHistory();
    return () => editor.current?.destroy();
  }, []);

  // Each source's schema, once (refresh reads it again); the editor completes from it.
  const loadSchema = async (id: string, refresh = false) => {
    setSchemas((all) => ({ ...all, [id]: { status: 'loading' } }));
    const answer = await api.schema(id, refresh).catch(() => null);
    setSchemas((all) => ({
      ...all,
      [id]: answer?.ok ? { status: 'ready', schema: answer.data } : { status: 'error' },
    }));
  };
  useEffect(() => {
    if (sourceId && !schemas[sourceId]) void loadSchema(sourceId);
  }, [sourceId]);
  const readySchema: SchemaInfo | null = schemaState.status === 'ready' ? schemaState.schema : null;
  useEffect(() => {
    if (!source) return;
    editor.current?.setLanguage(source.engine, readySchema);
    // A fresh page shows a first query on the source's first table.
    const table = readySchema?.schemas[0]?.tables[0];
    if (table && editor.current?.getDoc() === exampleStart) {
      editor.current.setDoc(
        `${exampleStart}SELECT *\nFROM ${quoteIdentifier(table.name, source.engine)}\nLIMIT 100`,
      );
      markDraftClean(draftForm.current);
    }
  }, [source, readySchema]);

  async function loadHistory() {
    const answer = await api.history().catch(() => null);
    setHistory(
      answer?.ok ? { status: 'ready', entries: answer.data.entries } : { status: 'unavailable' },
    );
  }

  const showProblem = (problem: SqlProblem) => {
    const shown = shownError(problem, m.errorUnexpected);
    setParamErrors(shown.byParameter);
    setError(shown.error);
    editor.current?.markError(shown.error.line ?? null);
  };

  const run = async () => {
    const id = latest.current.sourceId;
    if (latest.current.running || !id || !editor.current) return;
    const controller = new AbortController();
    latest.current.running = controller;
    setRunning(controller);
    setError(null);
    setParamErrors({});
    setNotice('');
    setAnnouncement('');
    editor.current.markError(null);
    try {
      const answer = await api.run(
        { source: id, sql: editor.current.getDoc(), parameters: latest.current.params.map(typed) },
        controller.signal,
      );
      if (answer.ok) {
        setResult(nextRun(answer.data));
        setAnnouncement(rowsText(m, locale, answer.data.rowCount));
      } else if (controller.signal.aborted) {
        setNotice(m.cancelled);
        setAnnouncement(m.cancelled);
      } else {
        showProblem(answer.problem);
      }
    } catch (e) {
      if (controller.signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) {
        setNotice(m.cancelled);
        setAnnouncement(m.cancelled);
      } else {
        setError({ title: m.errorNetwork, more: [] });
      }
    } finally {
      latest.current.running = null;
      setRunning(null);
      // Keyboard focus on Cancel would be lost when it goes away.
      if (document.activeElement?.id === 'sql-cancel') runButton.current?.focus();
      void loadHistory();
    }
  };
  latest.current.run = () => void run();

  // Ctrl/Cmd-Enter runs from any control of the editor (a parameter, the filter…); the
  // code editor handles its own and marks the event handled.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      e.preventDefault();
      latest.current.run();
    };
    root.current?.addEventListener('keydown', onKey);
    return () => root.current?.removeEventListener('keydown', onKey);
  }, []);

  const cancel = () => running?.abort();

  const exportCsv = () => {
    if (!result) return;
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    const base =
      (saved?.name ?? 'query').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') ||
      'query';
    download(toCsv(result.data), `${base}-${stamp}.csv`);
  };

  const save = async (fields: { name: string; description: string }, asNew: boolean) => {
    const body = {
      ...fields,
      sourceId: latest.current.sourceId,
      sql: editor.current?.getDoc() ?? '',
      parameters: latest.current.params.map(typed),
    };
    const answer = await api.save(body, asNew ? undefined : saved?.id);
    if (answer.ok) {
      setSaved(answer.data);
      setSavedLink(answer.data);
      markDraftClean(draftForm.current);
      setSaving(false);
      // A reload now opens the saved query rather than the example.
      window.history.replaceState(
        null,
        '',
        `${pagePath}?query=${encodeURIComponent(answer.data.id)}`,
      );
      setAnnouncement(m.saveDone);
    }
    return answer;
  };

  const loadHistoryEntry = (entry: HistoryEntry) => {
    const known = sources?.some((s) => s.id === entry.sourceId) ? entry.sourceId : null;
    loadInto(entry.sql, known, fromValues(entry.parameters ?? []));
    editor.current?.focus();
  };

  const sourceName = (id: string) => sources?.find((s) => s.id === id)?.name ?? id;
  const savedHref = (q: SavedQuery) => `${pagePath}?query=${encodeURIComponent(q.id)}`;

  return (
    <div class="sql-editor" ref={root}>
      <form ref={draftForm} data-draft={draftName} hidden aria-hidden="true">
        <textarea name="sql" tabIndex={-1} defaultValue="" />
        <textarea name="source" tabIndex={-1} defaultValue="" />
        <textarea name="parameters" tabIndex={-1} defaultValue="[]" />
      </form>

      <div class="sql-main">
        <div class="sql-toolbar">
          <SourceSelect
            family="sql"
            sources={sources}
            value={sourceId}
            m={m}
            onChange={chooseSource}
          />
          {saved && (
            <p class="sql-editing">
              {m.editing} <a href={savedHref(saved)}>{saved.name}</a>
            </p>
          )}
        </div>
        {sources !== null && sources.length === 0 && <p class="sql-notice">{m.noSources}</p>}

        <h2 id="sql-editor-title" class="sr-only">
          {m.editorLabel}
        </h2>
        <div class="sql-code" ref={host} />
        <p id="sql-editor-hint" class="sql-hint">
          {m.editorHint}
        </p>

        <ParameterInputs drafts={params} errors={paramErrors} m={m} onChange={updateParams} />

        <div class="sql-actions">
          <button
            ref={runButton}
            type="button"
            class="sql-button sql-primary"
            aria-disabled={running || !sourceId ? 'true' : undefined}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            onClick={() => void run()}
          >
            {running ? m.running : m.run}
          </button>
          {running && (
            <button id="sql-cancel" type="button" class="sql-button sql-danger" onClick={cancel}>
              {m.cancel}
            </button>
          )}
          <button
            ref={saveButton}
            type="button"
            class="sql-button"
            aria-expanded={saving ? 'true' : 'false'}
            aria-controls="sql-save-form"
            onClick={() => {
              setSavedLink(null);
              setSaving(!saving);
            }}
          >
            {m.save}
          </button>
          <button
            type="button"
            class="sql-button"
            aria-disabled={result ? undefined : 'true'}
            onClick={exportCsv}
          >
            {m.exportCsv}
          </button>
        </div>

        <div id="sql-save-form">
          {saving && (
            <SaveForm
              saved={saved}
              m={m}
              onSave={save}
              onClose={() => {
                setSaving(false);
                saveButton.current?.focus();
              }}
            />
          )}
        </div>
        {savedLink && (
          <p class="sql-notice">
            {m.saveDone}{' '}
            <a href={savedHref(savedLink)}>{fill(m.saveOpen, { name: savedLink.name })}</a>
          </p>
        )}
      </div>

      <aside class="sql-side">
        <SchemaBrowser
          state={schemaState}
          engine={source?.engine ?? ''}
          locale={locale}
          m={m}
          onInsert={(text) => editor.current?.insert(text)}
          onRefresh={() =>
            sourceId && schemaState.status !== 'loading' && void loadSchema(sourceId, true)
          }
        />
        <HistoryPanel
          state={history}
          locale={locale}
          timeZone={timeZone}
          sourceName={sourceName}
          m={m}
          onLoad={loadHistoryEntry}
        />
      </aside>

      <div class="sql-output">
        <RunError id={errorId} error={error} m={m} />
        {notice && <p class="sql-notice">{notice}</p>}
        <p class="sr-only" role="status">
          {announcement}
        </p>

        <ResultsPanel
          id="sql-results"
          class="sql-results wide"
          busy={!!running}
          result={result}
          locale={locale}
          timeZone={timeZone}
          m={m}
        />
      </div>
    </div>
  );
}
