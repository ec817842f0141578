import { useRef, useState } from 'preact/hooks';
import ProblemLines from '../fields/ProblemLines';
import { type EditorApi, importType } from './api';
import { Checkbox, Section } from './Field';
import { leavePage } from './leave';
import type { EditorMessages } from './messages';

/**
 * Import a dashboard file (YAML or JSON, as export writes it) into this workspace. Its data
 * sources are matched by name: a missing one is refused (422) and named here, so the reader
 * knows which source to connect first.
 */

interface Props {
  api: EditorApi;
  /** The dashboards page's path; an imported dashboard opens at `<base>/<slug>/edit`. */
  basePath: string;
  m: EditorMessages;
}

interface Failure {
  title: string;
  detail?: string;
  more: string[];
}

export default function ImportForm({ api, basePath, m }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if (!file) {
      setFailure({ title: m.importChoose, more: [] });
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = new Blob([await file.text()], { type: importType(file) });
      const answer = await api.import(body, replace);
      if (answer.ok) {
        leavePage(() => window.location.assign(`${basePath}/${answer.data.spec.slug}/edit`));
        return;
      }
      const p = answer.problem;
      setFailure({
        title: p.title ?? m.unexpected,
        ...(p.detail ? { detail: p.detail } : {}),
        // A missing source already names itself in the detail.
        more:
          p.status === 422
            ? []
            : (p.errors ?? []).map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)),
      });
    } catch {
      setFailure({ title: m.networkError, more: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="dbe-import" title={m.importTitle}>
      <form
        class="dbe-import"
        noValidate
        onSubmit={(e) => void submit(e)}
        aria-busy={busy ? 'true' : 'false'}
      >
        <p class="dbe-hint" id="dbe-import-hint">
          {m.importHint}
        </p>
        <div class="dbe-field">
          <label for="dbe-import-file">{m.importFile}</label>
          <input
            ref={input}
            id="dbe-import-file"
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
            aria-describedby="dbe-import-hint"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <Checkbox
          id="dbe-import-replace"
          label={m.importReplace}
          checked={replace}
          onChange={setReplace}
        />
        <div class="dbe-error-box" role="alert">
          {failure && <ProblemLines problem={failure} />}
        </div>
        <button type="submit" class="sql-button sql-small">
          {busy ? m.importing : m.importSubmit}
        </button>
      </form>
    </Section>
  );
}
