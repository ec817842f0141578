import type { ComponentChildren, ComponentProps } from 'preact';
import SelectControl from '../fields/SelectField';
import { TextArea as TextAreaControl, TextField as TextControl } from '../fields/TextField';
import type { Texts } from './form';

/**
 * The editor's labelled controls (fields/, in the editor's `dbe` classes). Each takes the id
 * its label points at and, after a save was refused, the error shown under it (and linked
 * from the error summary by that id).
 */

type Dbe<P> = Omit<P, 'family'>;

export const TextField = (props: Dbe<ComponentProps<typeof TextControl>>) => (
  <TextControl family="dbe" type="text" autoComplete="off" {...props} />
);

export const TextArea = (props: Dbe<ComponentProps<typeof TextAreaControl>>) => (
  <TextAreaControl family="dbe" wide {...props} />
);

export const SelectField = <T extends string>(
  props: Dbe<ComponentProps<typeof SelectControl<T>>>,
) => <SelectControl family="dbe" {...props} />;

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
