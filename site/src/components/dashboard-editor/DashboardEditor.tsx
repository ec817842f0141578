import type { ChartType } from '@painel/api/browser';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type DataSource, sqlApi } from '../sql-editor/api';
import { fill } from '../sql-editor/messages';
import AddCard, { type NewCard } from './AddCard';
import { type Answer, editorApi, type Folder, type Stored, type Version } from './api';
import { filtersForParameters, type ResultColumn, withSuggestedFields } from './bindings';
import { buildSpec } from './build';
import CardPreview from './CardPreview';
import CardSettings, { cardName } from './CardSettings';
import { firstFieldOf, sizeOf, withCardType, withLayouts, withoutCard } from './cards';
import { describePath, describeProblem } from './describe';
import { draftName, keepDraft, storeDraftNow, takeDraft } from './draft';
import EditorStatus, { type Alert } from './EditorStatus';
import { fieldId, Section } from './Field';
import FiltersSection from './FiltersSection';
import {
  type CardDraft,
  type DashboardDraft,
  draftFromSpec,
  emptyDashboard,
  newChartCard,
  newTextCard,
  uniqueId,
} from './form';
import { freeSpot, type Placed } from './grid';
import ImportForm from './ImportForm';
import LayoutGrid, { cellButtonId } from './LayoutGrid';
import { askBeforeLeaving } from './leave';
import ManagePanel from './ManagePanel';
import type { EditorMessages } from './messages';
import SettingsSection from './SettingsSection';
import { usePreview } from './use-preview';
import VersionsPanel from './VersionsPanel';

/**
 * The dashboard editor's island, on the new-dashboard and edit pages: the dashboard's fields,
 * its filters, cards added from SQL, a saved query or the builder, laid out on the grid by
 * pointer or keyboard, each previewed as the server draws it; saved as versions (a conflict
 * keeps the draft), restored, moved, duplicated, exported, imported and deleted.
 */

interface Props {
  workspace: string;
  locale: string;
  timeZone: string;
  /** The dashboard being edited; null on the new-dashboard page. */
  initial: Stored | null;
  versions: Version[];
  folders: Folder[];
  folderId: string | null;
  /** The workspace's data source names (the new dashboard starts on the first). */
  sourceNames: string[];
  /** `/w/<ws>/dashboards` in the page's language. */
  basePath: string;
  /** The preview fragment page, `/w/<ws>/card-preview` (it answers in the page's language). */
  previewPath: string;
  m: EditorMessages;
}

export default function DashboardEditor(props: Props) {
  const { workspace, locale, timeZone, initial, basePath, m } = props;
  const api = useMemo(
    () => editorApi(workspace, props.previewPath),
    [workspace, props.previewPath],
  );
  const start = useMemo(
    () => (initial ? draftFromSpec(initial.spec) : emptyDashboard(props.sourceNames[0] ?? '')),
    [],
  );
  const [draft, setDraft] = useState<DashboardDraft>(start);
  const [saved, setSaved] = useState(
    initial ? { slug: initial.spec.slug, version: initial.version } : null,
  );
  const [savedText, setSavedText] = useState(() => JSON.stringify(start));
  const [selected, setSelected] = useState<string | null>(start.cards[0]?.id ?? null);
  const [sources, setSources] = useState<DataSource[]>(
    props.sourceNames.map((name) => ({ id: '', name, engine: '' })),
  );
  const [columnsOf, setColumnsOf] = useState<Record<string, ResultColumn[]>>({});
  const [showProblems, setShowProblems] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>([]);
  const [status, setStatus] = useState<{ text: string; link?: boolean } | null>(null);
  const [alert, setAlert] = useState<Alert | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const [restoredDraft, setRestoredDraft] = useState(false);
  const [versions, setVersions] = useState<Version[]>(props.versions);
  const [folders, setFolders] = useState<Folder[]>(props.folders);
  const [folderId, setFolderId] = useState<string | null>(props.folderId);
  const draftForm = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLElement>(null);

  const dirty = JSON.stringify(draft) !== savedText;
  const update = (change: (d: DashboardDraft) => DashboardDraft) => setDraft((d) => change(d));
  const announce = (text: string) => {
    // The same words twice in a row are still read out.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  };

  // A draft this page came back with (a reload after a conflict, a session that ended).
  useEffect(() => {
    const stored = takeDraft(draftForm.current);
    if (stored && stored.slug === (initial?.spec.slug ?? null)) {
      setDraft(stored.draft);
      setSelected(stored.draft.cards[0]?.id ?? null);
      setRestoredDraft(true);
    }
    void sqlApi(workspace)
      .dataSources()
      .then((a) => a.ok && setSources(a.data.dataSources))
      .catch(() => {});
  }, []);

  useEffect(() => {
    keepDraft(draftForm.current, { slug: saved?.slug ?? null, draft }, dirty);
  }, [draft, saved, dirty]);

  useEffect(() => (dirty ? askBeforeLeaving() : undefined), [dirty]);

  const built = useMemo(() => buildSpec(draft), [draft]);
  const clientProblems = showProblems ? built.problems : [];
  const errorOf = (path: string) => {
    const server = serverErrors.find((e) => e.path === path);
    if (server) return server.message;
    const problem = clientProblems.find((p) => p.path === path);
    return problem ? m.problems[problem.key] : undefined;
  };
  const where = (path: string) => describePath(path, draft, m);

  /** Fills a chart's empty channels from the result's columns (bindings.ts). */
  const suggest = (id: string, columns: ResultColumn[], type?: ChartType) =>
    update((d) => ({
      ...d,
      cards: d.cards.map((c) => (c.id === id ? withSuggestedFields(c, columns, type) : c)),
    }));

  const preview = usePreview({
    api,
    draft,
    selected,
    m,
    onColumns: (id, columns) => {
      setColumnsOf((all) => ({ ...all, [id]: columns }));
      suggest(id, columns);
    },
  });

  const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);

  const addCard = (request: NewCard) => {
    const kind = request.kind === 'text' ? 'text' : request.type;
    const id = uniqueId(
      kind,
      draft.cards.map((c) => c.id),
    );
    const [w, h] = sizeOf(kind);
    const layout = freeSpot(draft.cards, w, h);
    const index = draft.cards.length;
    let card: CardDraft;
    let added: string[] = [];
    let unmatched: string[] = [];
    if (request.kind === 'text') card = newTextCard(id, layout);
    else {
      card = newChartCard(id, layout, request.type, request.query);
      if (request.title) card.title = { en: request.title, pt: '' };
      if (request.saved) {
        const made = filtersForParameters(request.saved.parameters ?? [], draft.filters);
        added = made.filters.map((f) => f.id);
        unmatched = made.unmatched;
        update((d) => ({ ...d, filters: [...d.filters, ...made.filters] }));
      }
    }
    update((d) => ({ ...d, cards: [...d.cards, card] }));
    setSelected(id);
    const said = [fill(m.cardAdded, { name: cardName(card, m) })];
    if (added.length) said.push(fill(m.filtersAddedFor, { names: added.join(', ') }));
    if (unmatched.length) said.push(fill(m.unmatchedParameters, { names: unmatched.join(', ') }));
    announce(said.join(' '));
    if (unmatched.length) setStatus({ text: said.slice(1).join(' ') });
    focusLater(fieldId(firstFieldOf(card, index)));
  };

  const removeCard = (index: number) => {
    const card = draft.cards[index];
    if (!card) return;
    update((d) => withoutCard(d, index));
    setSelected(null);
    announce(fill(m.cardRemoved, { name: cardName(card, m) }));
    focusLater('dbe-add-first');
  };

  const changeType = (index: number, type: ChartType) => {
    const card = draft.cards[index];
    if (card?.kind !== 'chart') return;
    update((d) => withCardType(d, index, type));
    const columns = columnsOf[card.id];
    if (columns) suggest(card.id, columns, type);
  };

  const arrange = (placed: Placed[]) => update((d) => withLayouts(d, placed));

  /** A failed call as the alert shows it: the API's translated title, detail and field errors. */
  const showFailure = (title: string, answer?: Answer<unknown>) => {
    const p = answer && !answer.ok ? answer.problem : {};
    setAlert({
      title: p.title ?? title,
      ...(p.detail ? { detail: p.detail } : {}),
      more: (p.errors ?? []).map((e) => `${where(e.path)}: ${e.message}`),
    });
  };

  const accepted = (stored: Stored) => {
    const next = draftFromSpec(stored.spec);
    setDraft(next);
    setSavedText(JSON.stringify(next));
    setSaved({ slug: stored.spec.slug, version: stored.version });
    setRestoredDraft(false);
    setServerErrors([]);
    setShowProblems(false);
    const editPath = `${basePath}/${stored.spec.slug}/edit`;
    if (window.location.pathname !== editPath) window.history.replaceState(null, '', editPath);
    void api
      .versions(stored.spec.slug)
      .then((a) => a.ok && setVersions(a.data.versions))
      .catch(() => {});
  };

  const save = async () => {
    if (busy) return;
    setAlert(null);
    setStatus(null);
    if (built.problems.length > 0) {
      setShowProblems(true);
      setServerErrors([]);
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      const answer = saved
        ? await api.save(saved.slug, built.spec, saved.version)
        : await api.create(built.spec);
      if (answer.ok) {
        accepted(answer.data);
        const text = fill(m.savedAs, { n: answer.data.version });
        setStatus({ text, link: true });
        announce(text);
        return;
      }
      const p = answer.problem;
      const slugError = p.errors?.find((e) => e.path === 'slug');
      if (p.status === 409 && saved && !slugError) {
        // Someone saved since this page loaded: keep the edits, offer the newer version.
        storeDraftNow();
        setAlert({ title: m.conflictTitle, detail: m.conflictDetail, conflict: true });
        return;
      }
      if (p.errors?.length) {
        setServerErrors(p.errors.map((e) => ({ path: e.path, message: e.message })));
        setShowProblems(true);
      }
      showFailure(m.saveFailed, answer);
    } catch {
      setAlert({ title: m.networkError });
    } finally {
      setBusy(false);
    }
  };

  const restore = async (version: number) => {
    if (!saved) return;
    const answer = await api.restore(saved.slug, version).catch(() => null);
    if (!answer?.ok) return showFailure(m.restoreFailed, answer ?? undefined);
    accepted(answer.data);
    setSelected(answer.data.spec.cards[0]?.id ?? null);
    const text = fill(m.restored, { n: version, v: answer.data.version });
    setStatus({ text, link: true });
    announce(text);
  };

  const discardDraft = async () => {
    if (!saved) {
      const fresh = emptyDashboard(props.sourceNames[0] ?? '');
      setDraft(fresh);
      setSavedText(JSON.stringify(fresh));
      setRestoredDraft(false);
      return;
    }
    const answer = await api.load(saved.slug).catch(() => null);
    if (!answer?.ok) return showFailure(m.unexpected, answer ?? undefined);
    accepted(answer.data);
    announce(m.draftDiscarded);
  };

  const problems = [
    ...serverErrors.map((e) => ({ path: e.path, text: `${where(e.path)}: ${e.message}` })),
    ...clientProblems.map((p) => ({ path: p.path, text: describeProblem(p, draft, m) })),
  ];
  const goTo = (path: string) => {
    const [, index] = /^cards\.(\d+)/.exec(path) ?? [];
    const card = index === undefined ? undefined : draft.cards[Number(index)];
    if (card) setSelected(card.id);
    setTimeout(() => {
      // The field itself, else the first field of a group (a localized text's English).
      const target =
        document.getElementById(fieldId(path)) ?? document.getElementById(`${fieldId(path)}-en`);
      target?.focus();
    }, 0);
  };

  const selectedIndex = draft.cards.findIndex((c) => c.id === selected);
  const viewHref = saved ? `${basePath}/${saved.slug}` : null;

  return (
    <div class="dbe">
      <form ref={draftForm} data-draft={draftName} hidden aria-hidden="true">
        <textarea name="draft" tabIndex={-1} defaultValue="" />
      </form>

      <EditorStatus
        m={m}
        busy={busy}
        version={saved?.version ?? null}
        dirty={dirty}
        status={status}
        viewHref={viewHref}
        alert={alert}
        restoredDraft={restoredDraft}
        problems={problems}
        summaryRef={summary}
        onSave={() => void save()}
        onDiscard={() => void discardDraft()}
        onProblem={goTo}
      />

      <SettingsSection
        draft={draft}
        sources={sources.map((s) => s.name)}
        basePath={basePath}
        errorOf={errorOf}
        m={m}
        update={update}
      />
      <FiltersSection draft={draft} errorOf={errorOf} m={m} update={update} announce={announce} />

      <Section id="dbe-cards" title={m.cardsTitle}>
        <AddCard api={api} sources={sources} dashboardSource={draft.source} m={m} onAdd={addCard} />
        <h3>{m.layoutTitle}</h3>
        <LayoutGrid
          cards={draft.cards.map((c) => ({
            id: c.id,
            layout: c.layout,
            name: cardName(c, m),
            kind: c.kind === 'text' ? m.textCard : m.types[c.type],
          }))}
          selectedId={selected}
          m={m}
          onChange={arrange}
          onSelect={(id) => {
            setSelected(id);
            announce(
              fill(m.cardChosen, { name: cardName(draft.cards.find((c) => c.id === id)!, m) }),
            );
          }}
        />
        <div class="dbe-card-area">
          {selectedIndex >= 0 ? (
            <CardSettings
              workspace={workspace}
              draft={draft}
              index={selectedIndex}
              sources={sources}
              columns={selected ? columnsOf[selected] : undefined}
              errorOf={errorOf}
              m={m}
              update={update}
              onTypeChange={(type) => changeType(selectedIndex, type)}
              onRemove={() => removeCard(selectedIndex)}
            />
          ) : (
            <p class="muted">{m.cardNoneSelected}</p>
          )}
          <CardPreview state={preview} m={m} />
        </div>
        {selectedIndex >= 0 && (
          <p>
            <a
              class="dbe-back"
              href={`#${cellButtonId(draft.cards[selectedIndex]!.id)}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(cellButtonId(draft.cards[selectedIndex]!.id))?.focus();
              }}
            >
              {m.backToLayout}
            </a>
          </p>
        )}
      </Section>

      {saved && (
        <VersionsPanel
          versions={versions}
          current={saved.version}
          locale={locale}
          timeZone={timeZone}
          m={m}
          onRestore={restore}
        />
      )}
      {saved && (
        <ManagePanel
          api={api}
          slug={saved.slug}
          folders={folders}
          folderId={folderId}
          basePath={basePath}
          m={m}
          report={(text, failed) => {
            if (failed) return showFailure(text, failed);
            setAlert(null);
            setStatus({ text });
            announce(text);
          }}
          onFolders={(list, id) => {
            setFolders(list);
            setFolderId(id);
          }}
        />
      )}
      <ImportForm api={api} basePath={basePath} m={m} />

      <p class="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
