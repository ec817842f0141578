import type { LabelledProps } from '../fields/Labelled';
import SelectField, { emptyOption } from '../fields/SelectField';
import type { ColumnChoice } from './question';

/** A select of the question's columns, with a first "none" option when `none` is given. */
export default function ColumnSelect(
  props: LabelledProps & {
    value: string;
    choices: ColumnChoice[];
    none?: string | undefined;
    onChange: (value: string) => void;
  },
) {
  const { none, choices } = props;
  const options = choices.map((c) => ({ value: c.ref, label: c.label }));
  return (
    <SelectField
      {...props}
      options={none === undefined ? options : [emptyOption(none), ...options]}
    />
  );
}
