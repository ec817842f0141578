import type { ComponentChildren } from 'preact';

/**
 * One labelled control of an island's form: its label, the control, then its hint and its
 * error. `family` is the island's class prefix, styled by its page: the wrapper is
 * `<family>-field`, the hint `<family>-hint`, the error `<family>-field-error`. The hint and
 * the error take the control's id plus `-hint` and `-error`, which `controlAria` points at.
 */

export type Family = 'dbe' | 'qb' | 'sql';

export interface LabelledProps {
  family: Family;
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The control's `aria-invalid` and `aria-describedby`: its error first, then its hint. */
export const controlAria = ({ id, hint, error }: Pick<LabelledProps, 'id' | 'hint' | 'error'>) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby':
    [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined,
});

/** The fields of one row of a form, named within it: `field('unit', label)` has id `<row>-unit`. */
export const rowFields = (family: Family, row: string) => (name: string, label: string) => ({
  family,
  id: `${row}-${name}`,
  label,
});

export type RowFields = ReturnType<typeof rowFields>;

export default function Labelled(
  props: LabelledProps & { wide?: boolean | undefined; children: ComponentChildren },
) {
  const { family, id, label, hint, error, wide } = props;
  return (
    <div class={wide ? `${family}-field ${family}-wide-field` : `${family}-field`}>
      <label for={id}>{label}</label>
      {props.children}
      {hint && (
        <p id={`${id}-hint`} class={`${family}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class={`${family}-field-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
