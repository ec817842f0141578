import { useEffect, useRef, useState } from 'preact/hooks';
import ProblemLines from '../fields/ProblemLines';
import { TextArea, TextField } from '../fields/TextField';
import type { Answer, SavedQuery } from './api';
import type { SqlMessages } from './messages';

/**
 * Save the editor's query: a name and a description. Opened on a saved query, it changes
 * that one (or saves a copy as new); after saving, it links to the saved query.
 */

interface Props {
  saved: SavedQuery | null;
  m: SqlMessages;
  /** `asNew` saves a new query even when one is open. */
  onSave: (
    fields: { name: string; description: string },
    asNew: boolean,
  ) => Promise<Answer<SavedQuery>>;
  onClose: () => void;
}

export default function SaveForm({ saved, m, onSave, onClose }: Props) {
  const [name, setName] = useState(saved?.name ?? '');
  const [description, setDescription] = useState(saved?.description ?? '');
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState('');
  const [formError, setFormError] = useState<{ title: string; detail?: string } | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const submit = async (asNew: boolean) => {
    if (busy) return;
    setFormError(null);
    if (name.trim() === '') {
      setNameError(m.saveRequired);
      nameRef.current?.focus();
      return;
    }
    setNameError('');
    setBusy(true);
    try {
      const answer = await onSave({ name: name.trim(), description: description.trim() }, asNew);
      if (!answer.ok) {
        const fieldError = answer.problem.errors?.find((e) => e.path === 'name');
        if (fieldError) {
          setNameError(fieldError.message);
          nameRef.current?.focus();
        } else {
          setFormError({
            title: answer.problem.title ?? m.errorUnexpected,
            ...(answer.problem.detail ? { detail: answer.problem.detail } : {}),
          });
        }
      }
    } catch {
      setFormError({ title: m.errorNetwork });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="sql-save"
      aria-labelledby="sql-save-title"
      aria-busy={busy ? 'true' : 'false'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="sql-save-title">{m.saveTitle}</h2>
      <div class="sql-form-error" role="alert">
        {formError && <ProblemLines problem={formError} />}
      </div>
      <TextField
        family="sql"
        inputRef={nameRef}
        id="sql-save-name"
        label={m.saveName}
        value={name}
        maxLength={200}
        required
        autoComplete="off"
        error={nameError}
        onInput={(value) => {
          setName(value);
          setNameError('');
        }}
      />
      <TextArea
        family="sql"
        id="sql-save-description"
        label={m.saveDescription}
        rows={2}
        value={description}
        onInput={setDescription}
      />
      <div class="sql-actions">
        <button
          type="submit"
          class="sql-button sql-primary"
          aria-disabled={busy ? 'true' : undefined}
        >
          {saved ? m.saveUpdate : m.saveSubmit}
        </button>
        {saved && (
          <button
            type="button"
            class="sql-button"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => void submit(true)}
          >
            {m.saveAsNew}
          </button>
        )}
        <button type="button" class="sql-button" onClick={onClose}>
          {m.saveCancel}
        </button>
      </div>
    </form>
  );
}
