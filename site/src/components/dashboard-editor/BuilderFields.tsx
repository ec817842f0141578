import { aggregateFns, truncations } from '@painel/api/browser';
import { useEffect, useState } from 'preact/hooks';
import { emptyOption, optionsOf } from '../fields/SelectField';
import { type DataSource, sqlApi } from '../sql-editor/api';
import type { SchemaInfo } from '../sql-editor/schema';
import { fieldId, SelectField } from './Field';
import { type BuilderDraft, emptyBuilder } from './form';
import type { EditorMessages } from './messages';

/**
 * A no-code question for a card, the builder's smallest useful form: a table, one grouping
 * (with a date truncation) and one aggregate. The card keeps the question itself, so the
 * server compiles it for each reader; anything more a question had (joins, filters) is kept.
 */

interface Props {
  workspace: string;
  /** The source the card queries, by name. */
  source: string;
  sources: DataSource[];
  value: BuilderDraft;
  path: string;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  onChange: (value: BuilderDraft) => void;
}

type SchemaState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; schema: SchemaInfo };

// Schemas change rarely: one read per source while the page is open.
const schemas = new Map<string, Promise<SchemaInfo | null>>();

function schemaOf(workspace: string, sourceId: string): Promise<SchemaInfo | null> {
  let found = schemas.get(sourceId);
  if (!found) {
    found = sqlApi(workspace)
      .schema(sourceId)
      .then((a) => (a.ok ? a.data : null))
      .catch(() => null);
    schemas.set(sourceId, found);
  }
  return found;
}

export default function BuilderFields(props: Props) {
  const { workspace, source, sources, value, path, errorOf, m, onChange } = props;
  const [state, setState] = useState<SchemaState>({ status: 'loading' });
  const sourceId = sources.find((s) => s.name === source)?.id;

  useEffect(() => {
    if (!sourceId) {
      setState({ status: 'error' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    void schemaOf(workspace, sourceId).then((schema) => {
      if (live) setState(schema ? { status: 'ready', schema } : { status: 'error' });
    });
    return () => {
      live = false;
    };
  }, [workspace, sourceId]);

  const tables = state.status === 'ready' ? state.schema.schemas.flatMap((s) => s.tables) : [];
  const table = tables.find((t) => t.name === value.table);
  const columnOptions = [
    emptyOption(m.builderNone),
    ...(table?.columns ?? []).map((c) => ({ value: `${table?.name}.${c.name}`, label: c.name })),
  ];
  // A name the schema lacks (a table dropped since) stays visible rather than vanishing.
  const tableOptions = [
    emptyOption(m.builderChooseTable),
    ...tables.map((t) => ({ value: t.name, label: t.name })),
    ...(value.table && !table ? [{ value: value.table, label: value.table }] : []),
  ];

  return (
    <fieldset class="dbe-builder" aria-busy={state.status === 'loading' ? 'true' : 'false'}>
      <legend>{m.builderTitle}</legend>
      {state.status === 'loading' && <p class="dbe-hint">{m.loading}</p>}
      {state.status === 'error' && <p class="dbe-field-error">{m.builderSchemaError}</p>}
      <div class="dbe-row">
        <SelectField
          id={fieldId(`${path}.table`)}
          label={m.builderTable}
          value={value.table}
          error={errorOf(`${path}.table`)}
          options={tableOptions}
          onChange={(name) => onChange(emptyBuilder(name))}
        />
        <SelectField
          id={fieldId(`${path}.group`)}
          label={m.builderGroup}
          value={value.group}
          options={columnOptions}
          onChange={(group) => onChange({ ...value, group })}
        />
        <SelectField
          id={fieldId(`${path}.truncate`)}
          label={m.builderTruncate}
          value={value.truncate}
          options={[emptyOption(m.builderNoTruncate), ...optionsOf(truncations, m.truncations)]}
          onChange={(truncate) => onChange({ ...value, truncate })}
        />
      </div>
      <div class="dbe-row">
        <SelectField
          id={fieldId(`${path}.fn`)}
          label={m.builderAggregate}
          value={value.fn}
          options={[emptyOption(m.builderNone), ...optionsOf(aggregateFns, m.aggregates)]}
          onChange={(fn) => onChange({ ...value, fn })}
        />
        <SelectField
          id={fieldId(`${path}.column`)}
          label={m.builderAggregateColumn}
          hint={m.builderAggregateHint}
          value={value.column}
          options={columnOptions}
          onChange={(column) => onChange({ ...value, column })}
        />
      </div>
    </fieldset>
  );
}
