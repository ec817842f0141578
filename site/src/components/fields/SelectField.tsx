import Labelled, { controlAria, type LabelledProps } from './Labelled';

/**
 * `values` as a select's options, each labelled by `label` (a function, or a lookup by value
 * where a value it lacks is its own label).
 */
export function optionsOf<T extends string>(
  values: readonly T[],
  label: ((value: T) => string) | Partial<Record<T, string>>,
): { value: T; label: string }[] {
  return values.map((value) => ({
    value,
    label: (typeof label === 'function' ? label(value) : label[value]) ?? value,
  }));
}

/** The option for no value: "none", "all rows", "custom"… */
export const emptyOption = (label: string) => ({ value: '' as const, label });

/** A labelled select (see Labelled.tsx) over `options`, in their order. */
export default function SelectField<T extends string>(
  props: LabelledProps & {
    value: T;
    options: readonly { value: T; label: string }[];
    onChange: (value: T) => void;
    /** While its options are still loading. */
    busy?: boolean;
  },
) {
  const { id, value, options, onChange, busy } = props;
  return (
    <Labelled {...props}>
      <select
        id={id}
        value={value}
        aria-busy={busy ? 'true' : undefined}
        {...controlAria(props)}
        onChange={(e) => onChange(e.currentTarget.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}
