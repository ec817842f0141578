import { useRef, useState } from 'preact/hooks';
import { emptyOption } from '../fields/SelectField';
import { fill } from '../sql-editor/messages';
import type { Answer, EditorApi, Folder } from './api';
import Confirm from './Confirm';
import { Section, SelectField, TextField } from './Field';
import { leavePage } from './leave';
import type { EditorMessages } from './messages';

/**
 * What is done to a saved dashboard as a whole: download it as YAML or JSON, duplicate it,
 * move it to a folder (a new one made on the spot), delete it (after asking).
 */

interface Props {
  api: EditorApi;
  slug: string;
  folders: Folder[];
  folderId: string | null;
  /** The dashboards list page, where a deleted dashboard's editor goes. */
  basePath: string;
  m: EditorMessages;
  /** Says how it went, in the editor's status line (or its alert when `failed`). */
  report: (text: string, failed?: Answer<unknown>) => void;
  onFolders: (folders: Folder[], folderId: string | null) => void;
}

export default function ManagePanel(props: Props) {
  const { api, slug, folders, folderId, basePath, m, report, onFolders } = props;
  const [chosen, setChosen] = useState(folderId ?? '');
  const [newFolder, setNewFolder] = useState('');
  const [copy, setCopy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const current = folders.find((f) => f.id === folderId);

  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
    } catch {
      report(m.networkError, { ok: false, problem: {} });
    } finally {
      setBusy(false);
    }
  };

  const move = (id: string | null, list = folders) =>
    run(async () => {
      const answer = await api.move(slug, id);
      if (!answer.ok) return report(m.moveFailed, answer);
      onFolders(list, id);
      setChosen(id ?? '');
      const name = list.find((f) => f.id === id)?.name;
      report(name ? fill(m.moved, { name }) : m.movedOut);
    });

  const createFolder = () =>
    run(async () => {
      const name = newFolder.trim();
      if (!name) {
        report(m.folderNameRequired, { ok: false, problem: {} });
        document.getElementById('dbe-new-folder')?.focus();
        return;
      }
      const answer = await api.createFolder(name);
      if (!answer.ok) return report(m.folderFailed, answer);
      setNewFolder('');
      const list = [...folders, answer.data].sort((a, b) => a.name.localeCompare(b.name));
      const moved = await api.move(slug, answer.data.id);
      if (!moved.ok) return report(m.moveFailed, moved);
      onFolders(list, answer.data.id);
      setChosen(answer.data.id);
      report(fill(m.moved, { name }));
    });

  const duplicate = () =>
    run(async () => {
      const answer = await api.duplicate(slug);
      if (!answer.ok) return report(m.duplicateFailed, answer);
      setCopy(answer.data.spec.slug);
      report(fill(m.duplicated, { slug: answer.data.spec.slug }));
    });

  const remove = () =>
    run(async () => {
      const answer = await api.remove(slug);
      if (!answer.ok) return report(m.deleteFailed, answer);
      leavePage(() => window.location.assign(basePath));
    });

  return (
    <Section id="dbe-manage" title={m.manageTitle}>
      <h3>{m.exportTitle}</h3>
      <p class="dbe-actions">
        <a
          class="sql-button sql-small"
          href={api.exportHref(slug, 'yaml')}
          download={`${slug}.dashboard.yaml`}
        >
          {m.exportYaml}
        </a>
        <a
          class="sql-button sql-small"
          href={api.exportHref(slug, 'json')}
          download={`${slug}.dashboard.json`}
        >
          {m.exportJson}
        </a>
      </p>

      <h3>{m.folderTitle}</h3>
      <p>{current ? fill(m.folderCurrent, { name: current.name }) : m.folderNone}</p>
      <div class="dbe-row">
        <SelectField
          id="dbe-folder"
          label={m.folder}
          value={chosen}
          options={[
            emptyOption(m.folderNoneOption),
            ...folders.map((f) => ({ value: f.id, label: f.name })),
          ]}
          onChange={setChosen}
        />
        <button
          type="button"
          class="sql-button sql-small"
          onClick={() => void move(chosen || null)}
        >
          {m.move}
        </button>
      </div>
      <div class="dbe-row">
        <TextField
          id="dbe-new-folder"
          label={m.newFolder}
          value={newFolder}
          onInput={setNewFolder}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void createFolder();
            }
          }}
        />
        <button type="button" class="sql-button sql-small" onClick={() => void createFolder()}>
          {m.createFolder}
        </button>
      </div>

      <h3>{m.duplicateTitle}</h3>
      <p class="dbe-actions">
        <button type="button" class="sql-button sql-small" onClick={() => void duplicate()}>
          {m.duplicate}
        </button>
        {copy && <a href={`${basePath}/${copy}/edit`}>{fill(m.openCopy, { slug: copy })}</a>}
      </p>

      <h3>{m.deleteTitle}</h3>
      {confirming ? (
        <Confirm
          id="dbe-delete-question"
          question={m.deleteConfirm}
          yes={m.deleteYes}
          cancel={m.cancel}
          danger
          onYes={() => void remove()}
          onCancel={() => {
            setConfirming(false);
            setTimeout(() => deleteButton.current?.focus(), 0);
          }}
        />
      ) : (
        <button
          ref={deleteButton}
          type="button"
          class="sql-button sql-small sql-danger"
          onClick={() => {
            setConfirming(true);
            setTimeout(
              () =>
                document
                  .querySelector<HTMLButtonElement>('#dbe-manage .dbe-confirm .sql-danger')
                  ?.focus(),
              0,
            );
          }}
        >
          {m.delete}
        </button>
      )}
    </Section>
  );
}
