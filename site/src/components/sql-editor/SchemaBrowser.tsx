import { useState } from 'preact/hooks';
import { formatCount } from './format';
import { fill, type SqlMessages } from './messages';
import { quoteIdentifier, type SchemaInfo, type SchemaTable } from './schema';

/**
 * The tables (and views) of the selected source with their columns and types. Every name is
 * a button that inserts it at the editor's cursor; a table's columns open and close with the
 * button beside its name.
 */

export type SchemaState =
  | { status: 'idle' | 'loading' | 'error' }
  | { status: 'ready'; schema: SchemaInfo };

interface Props {
  state: SchemaState;
  engine: string;
  locale: string;
  m: SqlMessages;
  onInsert: (text: string) => void;
  onRefresh: () => void;
}

export default function SchemaBrowser({ state, engine, locale, m, onInsert, onRefresh }: Props) {
  const schema = state.status === 'ready' ? state.schema : null;
  // One schema (DuckDB's main, PostgreSQL's public) reads best without its name repeated.
  const several = (schema?.schemas.length ?? 0) > 1;
  return (
    <section class="sql-panel sql-schema wide" aria-labelledby="sql-schema-title">
      <div class="sql-panel-head">
        <h2 id="sql-schema-title">{m.schemaTitle}</h2>
        <button
          type="button"
          class="sql-button sql-small"
          onClick={onRefresh}
          aria-disabled={state.status === 'loading' ? 'true' : undefined}
        >
          {m.schemaRefresh}
        </button>
      </div>
      <p id="sql-schema-hint" class="sql-hint">
        {m.schemaHint}
      </p>
      <div class="sql-schema-list" aria-busy={state.status === 'loading' ? 'true' : 'false'}>
        {state.status === 'loading' && <p class="muted">{m.schemaLoading}</p>}
        {state.status === 'error' && <p class="sql-inline-error">{m.schemaError}</p>}
        {schema?.schemas.every((s) => s.tables.length === 0) && (
          <p class="muted">{m.schemaEmpty}</p>
        )}
        {schema?.schemas.map((s) => (
          <div key={s.name}>
            {several && <h3 class="sql-schema-name">{s.name}</h3>}
            <ul class="sql-tables">
              {s.tables.map((table) => (
                <TableItem
                  key={`${s.name}.${table.name}`}
                  id={`${s.name}.${table.name}`}
                  table={table}
                  engine={engine}
                  locale={locale}
                  m={m}
                  onInsert={onInsert}
                />
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

function TableItem(props: {
  id: string;
  table: SchemaTable;
  engine: string;
  locale: string;
  m: SqlMessages;
  onInsert: (text: string) => void;
}) {
  const { table, engine, locale, m, onInsert } = props;
  const [open, setOpen] = useState(false);
  const columnsId = `sql-columns-${props.id.replace(/[^\w-]/g, '_')}`;
  const meta = [
    table.kind === 'view' ? m.schemaView : null,
    table.rowEstimate === null
      ? null
      : fill(m.schemaRows, { n: formatCount(locale, table.rowEstimate) }),
  ].filter((part): part is string => part !== null);
  return (
    <li>
      <div class="sql-table-row">
        <button
          type="button"
          class="sql-toggle"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls={columnsId}
          aria-label={fill(m.schemaColumns, { name: table.name })}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        <span class="sql-table-label">
          <NameButton name={table.name} engine={engine} onInsert={onInsert} />
          {meta.length > 0 && <span class="sql-meta">{meta.join(' · ')}</span>}
        </span>
      </div>
      <ul id={columnsId} class="sql-columns" hidden={!open}>
        {table.columns.map((column) => (
          <li key={column.name}>
            <NameButton name={column.name} engine={engine} onInsert={onInsert} />
            <span class="sql-meta">{column.type.toLowerCase()}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

/** A table's or column's name: inserts it, quoted for the engine, at the editor's cursor. */
function NameButton(props: { name: string; engine: string; onInsert: (text: string) => void }) {
  return (
    <button
      type="button"
      class="sql-name"
      aria-describedby="sql-schema-hint"
      onClick={() => props.onInsert(quoteIdentifier(props.name, props.engine))}
    >
      {props.name}
    </button>
  );
}
