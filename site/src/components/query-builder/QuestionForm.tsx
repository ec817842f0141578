import type { ComponentChildren } from 'preact';
import { fill } from '../sql-editor/messages';
import FilterRow from './FilterRow';
import type { BuilderMessages } from './messages';
import {
  aggregateFns,
  aggregating,
  type ColumnChoice,
  type LinkedTable,
  linkedTables,
  newFilter,
  outputNames,
  type Question,
  truncations,
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

function Section<T>(props: {
  id: string;
  title: string;
  rows: T[];
  addLabel: string;
  canAdd?: boolean;
  empty?: string;
  m: BuilderMessages;
  onAdd: () => void;
  onRemove: (index: number) => void;
  row: (item: T, index: number, id: string) => ComponentChildren;
}) {
  const { id, title, rows, m } = props;
  return (
    <fieldset class="qb-section" id={id}>
      <legend>{title}</legend>
      {rows.map((item, i) => (
        <div class="qb-row" key={i}>
          {props.row(item, i, `${id}-${i}`)}
          <button
            type="button"
            class="sql-button sql-small"
            aria-label={fill(m.removeItem, { name: title, n: i + 1 })}
            onClick={() => props.onRemove(i)}
          >
            {m.remove}
          </button>
        </div>
      ))}
      {props.empty && <p class="qb-hint">{props.empty}</p>}
      {props.canAdd !== false && (
        <button type="button" class="sql-button sql-small" onClick={props.onAdd}>
          {props.addLabel}
        </button>
      )}
    </fieldset>
  );
}

function ColumnSelect(props: {
  id: string;
  label: string;
  value: string;
  choices: ColumnChoice[];
  none?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div class="qb-field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.none !== undefined && <option value="">{props.none}</option>}
        {props.choices.map((c) => (
          <option key={c.ref} value={c.ref}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const without = <T,>(list: T[], index: number) => list.filter((_, i) => i !== index);
const replaced = <T,>(list: T[], index: number, item: T) =>
  list.map((x, i) => (i === index ? item : x));

export default function QuestionForm({ q, tables, scope, choices, m, onChange }: Props) {
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch });
  const first = choices[0]?.ref ?? '';
  const grouped = aggregating(q);
  const fnLabel = (fn: (typeof aggregateFns)[number]) =>
    ({
      count: m.fnsCount,
      countDistinct: m.fnsCountDistinct,
      sum: m.fnsSum,
      avg: m.fnsAvg,
      min: m.fnsMin,
      max: m.fnsMax,
      median: m.fnsMedian,
    })[fn];
  const truncLabel = (t: (typeof truncations)[number]) =>
    ({
      day: m.truncDay,
      week: m.truncWeek,
      month: m.truncMonth,
      quarter: m.truncQuarter,
      year: m.truncYear,
    })[t];
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
        onAdd={() => {
          const next = linkedTables(tables, scope)[0];
          if (next) set({ joins: [...q.joins, { table: next.name, type: 'left' }] });
        }}
        onRemove={(i) => set({ joins: q.joins.slice(0, i) })}
        row={(join, i, id) => (
          <>
            <div class="qb-field">
              <label for={`${id}-table`}>{m.joinsTable}</label>
              <select
                id={`${id}-table`}
                value={join.table}
                // Later joins may hang off this one: they go with it.
                onChange={(e) =>
                  set({
                    joins: [...q.joins.slice(0, i), { ...join, table: e.currentTarget.value }],
                  })
                }
              >
                {joinable(i).map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="qb-field">
              <label for={`${id}-type`}>{m.joinsType}</label>
              <select
                id={`${id}-type`}
                value={join.type}
                onChange={(e) =>
                  set({
                    joins: replaced(q.joins, i, {
                      ...join,
                      type: e.currentTarget.value as 'left' | 'inner',
                    }),
                  })
                }
              >
                <option value="left">{m.joinsLeft}</option>
                <option value="inner">{m.joinsInner}</option>
              </select>
            </div>
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
        onAdd={() => set({ filters: [...q.filters, newFilter(first)] })}
        onRemove={(i) => set({ filters: without(q.filters, i) })}
        row={(filter, i, id) => (
          <FilterRow
            id={id}
            filter={filter}
            choices={choices}
            m={m}
            onChange={(next) => set({ filters: replaced(q.filters, i, next) })}
          />
        )}
      />

      <Section
        id="qb-group"
        title={m.groupByTitle}
        rows={q.groupBy}
        addLabel={m.addGroup}
        canAdd={q.groupBy.length < 10 && !!first}
        m={m}
        onAdd={() => set({ groupBy: [...q.groupBy, { column: first, truncate: '' }], orderBy: [] })}
        onRemove={(i) => set({ groupBy: without(q.groupBy, i), orderBy: [] })}
        row={(g, i, id) => (
          <>
            <ColumnSelect
              id={`${id}-column`}
              label={m.column}
              value={g.column}
              choices={choices}
              onChange={(column) =>
                set({ groupBy: replaced(q.groupBy, i, { ...g, column }), orderBy: [] })
              }
            />
            <div class="qb-field">
              <label for={`${id}-truncate`}>{m.truncate}</label>
              <select
                id={`${id}-truncate`}
                value={g.truncate}
                onChange={(e) =>
                  set({
                    groupBy: replaced(q.groupBy, i, {
                      ...g,
                      truncate: e.currentTarget.value as Question['groupBy'][number]['truncate'],
                    }),
                    orderBy: [],
                  })
                }
              >
                <option value="">{m.truncateNone}</option>
                {truncations.map((t) => (
                  <option key={t} value={t}>
                    {truncLabel(t)}
                  </option>
                ))}
              </select>
            </div>
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
        onAdd={() =>
          set({ aggregates: [...q.aggregates, { fn: 'count', column: '' }], orderBy: [] })
        }
        onRemove={(i) => set({ aggregates: without(q.aggregates, i), orderBy: [] })}
        row={(a, i, id) => (
          <>
            <div class="qb-field">
              <label for={`${id}-fn`}>{m.function}</label>
              <select
                id={`${id}-fn`}
                value={a.fn}
                onChange={(e) => {
                  const fn = e.currentTarget.value as (typeof aggregateFns)[number];
                  // Only a count goes without a column.
                  const column = fn === 'count' || a.column ? a.column : first;
                  set({ aggregates: replaced(q.aggregates, i, { fn, column }), orderBy: [] });
                }}
              >
                {aggregateFns.map((fn) => (
                  <option key={fn} value={fn}>
                    {fnLabel(fn)}
                  </option>
                ))}
              </select>
            </div>
            <ColumnSelect
              id={`${id}-column`}
              label={m.column}
              value={a.column}
              choices={choices}
              {...(a.fn === 'count' ? { none: m.allRows } : {})}
              onChange={(column) =>
                set({ aggregates: replaced(q.aggregates, i, { ...a, column }), orderBy: [] })
              }
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
        onAdd={() =>
          set({ orderBy: [...q.orderBy, { column: sortChoices[0]?.ref ?? '', direction: 'asc' }] })
        }
        onRemove={(i) => set({ orderBy: without(q.orderBy, i) })}
        row={(o, i, id) => (
          <>
            <ColumnSelect
              id={`${id}-column`}
              label={m.sortBy}
              value={o.column}
              choices={sortChoices}
              onChange={(column) => set({ orderBy: replaced(q.orderBy, i, { ...o, column }) })}
            />
            <div class="qb-field">
              <label for={`${id}-direction`}>{m.sortDirection}</label>
              <select
                id={`${id}-direction`}
                value={o.direction}
                onChange={(e) =>
                  set({
                    orderBy: replaced(q.orderBy, i, {
                      ...o,
                      direction: e.currentTarget.value as 'asc' | 'desc',
                    }),
                  })
                }
              >
                <option value="asc">{m.sortAsc}</option>
                <option value="desc">{m.sortDesc}</option>
              </select>
            </div>
          </>
        )}
      />

      <div class="qb-field">
        <label for="qb-limit">{m.limit}</label>
        <input
          id="qb-limit"
          type="number"
          min={1}
          max={100000}
          step={1}
          value={q.limit}
          onInput={(e) => set({ limit: e.currentTarget.value })}
        />
      </div>
    </>
  );
}
