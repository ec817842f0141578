import type { InputHTMLAttributes, Ref } from 'preact';
import Labelled, { controlAria, type LabelledProps } from './Labelled';

/** A labelled text input or text area (see Labelled.tsx). */

interface TextProps extends LabelledProps {
  value: string;
  onInput: (value: string) => void;
  /** Names and SQL: monospace, no spell check. */
  mono?: boolean | undefined;
}

/** What the input and the text area share: value, style, state for assistive technology. */
const textProps = ({ family, id, hint, error, value, onInput, mono }: TextProps) => ({
  id,
  value,
  ...(mono ? { class: `${family}-mono`, spellcheck: false } : {}),
  ...controlAria({ id, hint, error }),
  onInput: (e: { currentTarget: { value: string } }) => onInput(e.currentTarget.value),
});

type InputExtras = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'list' | 'min' | 'max' | 'step' | 'maxLength' | 'required' | 'autoComplete' | 'onKeyDown'
>;

export function TextField(props: TextProps & InputExtras & { inputRef?: Ref<HTMLInputElement> }) {
  const { family, id, label, hint, error, value, onInput, mono, inputRef, ...input } = props;
  return (
    <Labelled {...props}>
      <input ref={inputRef} {...input} {...textProps(props)} />
    </Labelled>
  );
}

export function TextArea(props: TextProps & { rows?: number | undefined; wide?: boolean }) {
  return (
    <Labelled {...props}>
      <textarea rows={props.rows ?? 3} {...textProps(props)} />
    </Labelled>
  );
}
