import type { Family } from '../fields/Labelled';
import SelectField, { emptyOption } from '../fields/SelectField';
import type { DataSource } from './api';
import type { SqlMessages } from './messages';

/** The data source a query runs on (`<family>-source`); `null` sources are still loading. */
export default function SourceSelect(props: {
  family: Family;
  sources: DataSource[] | null;
  value: string;
  m: SqlMessages;
  onChange: (id: string) => void;
}) {
  const { sources, m } = props;
  return (
    <SelectField
      {...props}
      id={`${props.family}-source`}
      label={m.source}
      busy={sources === null}
      options={
        sources === null
          ? [emptyOption(m.loadingSources)]
          : sources.map((s) => ({ value: s.id, label: s.name }))
      }
    />
  );
}
