import { aggregateFns, truncations } from '@painel/api/browser';
import type { ComponentChildren } from 'preact';
import { type RowFields, rowFields } from '../fields/Labelled';
import SelectField, { emptyOption, optionsOf } from '../fields/SelectField';
import { TextField } from '../fields/TextField';
import { fill } from '../sql-editor/messages';
import ColumnSelect from './ColumnSelect';
import FilterRow from './FilterRow';
import type { BuilderMessages } from './messages';
import {
  aggregating,
  type ColumnChoice,
  type LinkedTable,
  linkedTables,
  newFilter,
  outputNames,
  type Question,
} from './question';

/**
 * The question below its table: joins, columns, filters, grouping, aggregates, sort and limit.
 * Each list is a fieldset of rows with a Remove button per row and an Add button under it.
 */

interface Props {
  q: Question;
  tables: LinkedTable[];
  scope: LinkedTable[];
  choices: ColumnChoice[];
  m: BuilderMessages;
  onChange: (next: Question) => void;
}

/** One row of a list: where it stands, its fields, and how it changes. */
interface Row<T> {
  index: number;
  field: RowFields;
  change: (patch: Partial<T>) => void;
}

function Section<T>(props: {
  id: string;
  title: string;
  rows: T[];
  addLabel: string;
  canAdd?: boolean;
  empty?: string | undefined;
  m: BuilderMessages;
  onChange: (rows: T[]) => void;
  /** The row the Add button adds, if any. */
  newRow: () => NoInfer<T> | undefined;
  /** The list once row `index` is removed; by default, the others. */
  without?: (index: number) => NoInfer<T>[];
  row: (item: T, row: Row<T>) => ComponentChildren;
}) {
  const { id, title, rows, m, onChange } = props;
  const without = props.without ?? ((index) => rows.filter((_, i) => i !== index));
  const add = () => {
    const row = props.newRow();
    if (row !== undefined) onChange([...rows, row]);
  };
  return (
    <fieldset class="qb-section" id={id}>
      <legend>{title}</legend>
      {rows.map((item, i) => (
        <div class="qb-row" key={i}>
          {props.row(item, {
            index: i,
            field: rowFields('qb', `${id}-${i}`),
            change: (patch) => onChange(rows.map((x, j) => (j === i ? { ...x, ...patch } : x))),
          })}
          <button
            type="button"
            class="sql-button sql-small"
            aria-label={fill(m.removeItem, { name: title, n: i + 1 })}
            onClick={() => onChange(without(i))}
          >
            {m.remove}
          </button>
        </div>
      ))}
      {props.empty && <p class="qb-hint">{props.empty}</p>}
      {props.canAdd !== false && (
        <button type="button" class="sql-button sql-small" onClick={add}>
          {props.addLabel}
        </button>
      )}
    </fieldset>
  );
}

export default function QuestionForm({ q, tables, scope, choices, m, onChange }: Props) {
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch });
  const first = choices[0]?.ref ?? '';
  const grouped = aggregating(q);
  const fnLabels = {
    count: m.fnsCount,
    countDistinct: m.fnsCountDistinct,
    sum: m.fnsSum,
    avg: m.fnsAvg,
    min: m.fnsMin,
    max: m.fnsMax,
    median: m.fnsMedian,
  };
  const truncLabels = {
    day: m.truncDay,
    week: m.truncWeek,
    month: m.truncMonth,
    quarter: m.truncQuarter,
    year: m.truncYear,
  };
  // Sorting goes by the result's names when grouping, else by any column.
  const sortChoices: ColumnChoice[] = grouped
    ? outputNames(q).map((n) => ({ ref: n, label: n, type: '' }))
    : choices;
  const base = scope.slice(0, 1);
  const joinable = (index: number) => {
    const before = scope.slice(0, index + 1);
    const own = tables.find((t) => t.name === q.joins[index]?.table);
    const options = linkedTables(tables, before);
    return own && !options.includes(own) ? [own, ...options] : options;
  };
  const canJoin = linkedTables(tables, scope).length > 0;

  return (
    <>
      <Section
        id="qb-joins"
        title={m.joinsTitle}
        rows={q.joins}
        addLabel={m.addJoin}
        canAdd={canJoin && q.joins.length < 5}
        empty={q.joins.length === 0 && !canJoin && base.length ? m.joinsNone : undefined}
        m={m}
        onChange={(joins) => set({ joins })}
        newRow={() => {
          const next = linkedTables(tables, scope)[0];
          return next && { table: next.name, type: 'left' as const };
        }}
        // Later joins may hang off this one: they go with it, as when its table changes.
        without={(i) => q.joins.slice(0, i)}
        row={(join, { index, field, change }) => (
          <>
            <SelectField
              {...field('table', m.joinsTable)}
              value={join.table}
              options={joinable(index).map((t) => ({ value: t.name, label: t.name }))}
              onChange={(table) => set({ joins: [...q.joins.slice(0, index), { ...join, table }] })}
            />
            <SelectField
              {...field('type', m.joinsType)}
              value={join.type}
              options={optionsOf(['left', 'inner'] as const, {
                left: m.joinsLeft,
                inner: m.joinsInner,
              })}
              onChange={(type) => change({ type })}
            />
          </>
        )}
      />

      {!grouped && (
        <fieldset class="qb-section" aria-describedby="qb-columns-hint">
          <legend>{m.columnsTitle}</legend>
          <p id="qb-columns-hint" class="qb-hint">
            {m.columnsHint}
          </p>
          <ul class="qb-checks">
            {choices.map((c, i) => (
              <li key={c.ref}>
                <input
                  id={`qb-column-${i}`}
                  type="checkbox"
                  checked={q.columns.includes(c.ref)}
                  onChange={(e) =>
                    set({
                      columns: e.currentTarget.checked
                        ? choices
                            .map((x) => x.ref)
                            .filter((r) => r === c.ref || q.columns.includes(r))
                        : q.columns.filter((r) => r !== c.ref),
                    })
                  }
                />
                <label for={`qb-column-${i}`}>{c.label}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}

      <Section
        id="qb-filters"
        title={m.filtersTitle}
        rows={q.filters}
        addLabel={m.addFilter}
        canAdd={q.filters.length < 50 && !!first}
        m={m}
        onChange={(filters) => set({ filters })}
        newRow={() => newFilter(first)}
        row={(filter, { field, change }) => (
          <FilterRow field={field} filter={filter} choices={choices} m={m} onChange={change} />
        )}
      />

      <Section
        id="qb-group"
        title={m.groupByTitle}
        rows={q.groupBy}
        addLabel={m.addGroup}
        canAdd={q.groupBy.length < 10 && !!first}
        m={m}
        onChange={(groupBy) => set({ groupBy, orderBy: [] })}
        newRow={() => ({ column: first, truncate: '' as const })}
        row={(g, { field, change }) => (
          <>
            <ColumnSelect
              {...field('column', m.column)}
              value={g.column}
              choices={choices}
              onChange={(column) => change({ column })}
            />
            <SelectField
              {...field('truncate', m.truncate)}
              value={g.truncate}
              options={[emptyOption(m.truncateNone), ...optionsOf(truncations, truncLabels)]}
              onChange={(truncate) => change({ truncate })}
            />
          </>
        )}
      />

      <Section
        id="qb-aggregates"
        title={m.aggregatesTitle}
        rows={q.aggregates}
        addLabel={m.addAggregate}
        canAdd={q.aggregates.length < 20}
        m={m}
        onChange={(aggregates) => set({ aggregates, orderBy: [] })}
        newRow={() => ({ fn: 'count' as const, column: '' })}
        row={(a, { field, change }) => (
          <>
            <SelectField
              {...field('fn', m.function)}
              value={a.fn}
              options={optionsOf(aggregateFns, fnLabels)}
              // Only a count goes without a column.
              onChange={(fn) =>
                change({ fn, column: fn === 'count' || a.column ? a.column : first })
              }
            />
            <ColumnSelect
              {...field('column', m.column)}
              value={a.column}
              choices={choices}
              none={a.fn === 'count' ? m.allRows : undefined}
              onChange={(column) => change({ column })}
            />
          </>
        )}
      />

      <Section
        id="qb-sort"
        title={m.sortTitle}
        rows={q.orderBy}
        addLabel={m.addSort}
        canAdd={q.orderBy.length < 10 && sortChoices.length > 0}
        m={m}
        onChange={(orderBy) => set({ orderBy })}
        newRow={() => ({ column: sortChoices[0]?.ref ?? '', direction: 'asc' as const })}
        row={(o, { field, change }) => (
          <>
            <ColumnSelect
              {...field('column', m.sortBy)}
              value={o.column}
              choices={sortChoices}
              onChange={(column) => change({ column })}
            />
            <SelectField
              {...field('direction', m.sortDirection)}
              value={o.direction}
              options={optionsOf(['asc', 'desc'] as const, { asc: m.sortAsc, desc: m.sortDesc })}
              onChange={(direction) => change({ direction })}
            />
          </>
        )}
      />

      <TextField
        family="qb"
        id="qb-limit"
        label={m.limit}
        type="number"
        min={1}
        max={100000}
        step={1}
        value={q.limit}
        onInput={(limit) => set({ limit })}
      />
    </>
  );
}
