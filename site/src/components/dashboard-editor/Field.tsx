import type { ComponentChildren } from 'preact';
import type { Texts } from './form';

/**
 * The editor's labelled controls. Each takes the id its label points at and, after a save
 * was refused, the error shown under it (and linked from the error summary by that id).
 */

interface Base {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

const described = (id: string, hint?: string, error?: string) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

function Notes({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} class="dbe-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="dbe-field-error">
          {error}
        </p>
      )}
    </>
  );
}

export function TextField(
  props: Base & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'date' | 'number' | 'search';
    list?: string;
    mono?: boolean;
    autoComplete?: string;
  },
) {
  const { id, label, hint, error, value, onInput, type = 'text', list, mono } = props;
  return (
    <div class="dbe-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        class={mono ? 'dbe-mono' : undefined}
        list={list}
        autoComplete={props.autoComplete ?? 'off'}
        spellcheck={mono ? false : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, hint, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextArea(
  props: Base & { value: string; onInput: (value: string) => void; rows?: number; mono?: boolean },
) {
  const { id, label, hint, error, value, onInput, rows = 3, mono } = props;
  return (
    <div class="dbe-field dbe-wide-field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        class={mono ? 'dbe-mono' : undefined}
        spellcheck={mono ? false : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, hint, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField<T extends string>(
  props: Base & {
    value: T;
    options: readonly { value: T; label: string }[];
    onChange: (value: T) => void;
  },
) {
  const { id, label, hint, error, value, options, onChange } = props;
  return (
    <div class="dbe-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, hint, error)}
        onChange={(e) => onChange(e.currentTarget.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const { id, label, checked, onChange, hint } = props;
  return (
    <div class="dbe-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="dbe-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** One text in English and Portuguese, as a group named by `legend`. */
export function LocalizedFields(props: {
  id: string;
  legend: string;
  labels: { en: string; pt: string };
  value: Texts;
  onInput: (value: Texts) => void;
  errors?: { en?: string | undefined; pt?: string | undefined };
  multiline?: boolean;
  hint?: string;
}) {
  const { id, legend, labels, value, onInput, errors, multiline, hint } = props;
  const Control = multiline ? TextArea : TextField;
  return (
    <fieldset class="dbe-localized">
      <legend>{legend}</legend>
      <Control
        id={`${id}-en`}
        label={labels.en}
        value={value.en}
        error={errors?.en}
        hint={hint}
        onInput={(en) => onInput({ ...value, en })}
      />
      <Control
        id={`${id}-pt`}
        label={labels.pt}
        value={value.pt}
        error={errors?.pt}
        onInput={(pt) => onInput({ ...value, pt })}
      />
    </fieldset>
  );
}

/** A titled part of the editor. */
export function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="dbe-section" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Where an error about `path` shows: the id of the control that edits it. */
export const fieldId = (path: string) => `dbe-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
