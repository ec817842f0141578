import type { BuilderMessages } from './messages';
import {
  type ColumnChoice,
  type FilterDraft,
  type FilterOp,
  filterOps,
  lastUnits,
} from './question';

/**
 * One filter: its column, its operator and the inputs that operator needs — a value, two for
 * `between`, a comma list for `in`, none for the empty tests, an amount and a unit for `last`.
 */

const opLabel = (m: BuilderMessages, op: FilterOp): string =>
  ({
    '=': m.opsEq,
    '!=': m.opsNe,
    '<': m.opsLt,
    '<=': m.opsLe,
    '>': m.opsGt,
    '>=': m.opsGe,
    between: m.opsBetween,
    in: m.opsIn,
    contains: m.opsContains,
    startsWith: m.opsStartsWith,
    isEmpty: m.opsIsEmpty,
    notEmpty: m.opsNotEmpty,
    last: m.opsLast,
  })[op];

const unitLabel = (m: BuilderMessages, unit: (typeof lastUnits)[number]) =>
  ({ day: m.unitsDay, week: m.unitsWeek, month: m.unitsMonth, year: m.unitsYear })[unit];

interface Props {
  id: string;
  filter: FilterDraft;
  choices: ColumnChoice[];
  m: BuilderMessages;
  onChange: (next: FilterDraft) => void;
}

export default function FilterRow({ id, filter, choices, m, onChange }: Props) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...filter, ...patch });
  const text = (name: 'value' | 'value2' | 'values', label: string, hint?: string) => (
    <div class="qb-field">
      <label for={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        value={filter[name]}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
        onInput={(e) => set({ [name]: e.currentTarget.value })}
      />
      {hint && (
        <p id={`${id}-${name}-hint`} class="qb-hint">
          {hint}
        </p>
      )}
    </div>
  );
  return (
    <>
      <div class="qb-field">
        <label for={`${id}-column`}>{m.column}</label>
        <select
          id={`${id}-column`}
          value={filter.column}
          onChange={(e) => set({ column: e.currentTarget.value })}
        >
          {choices.map((c) => (
            <option key={c.ref} value={c.ref}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div class="qb-field">
        <label for={`${id}-op`}>{m.operator}</label>
        <select
          id={`${id}-op`}
          value={filter.op}
          onChange={(e) => set({ op: e.currentTarget.value as FilterOp })}
        >
          {filterOps.map((op) => (
            <option key={op} value={op}>
              {opLabel(m, op)}
            </option>
          ))}
        </select>
      </div>
      {['=', '!=', '<', '<=', '>', '>=', 'contains', 'startsWith', 'between'].includes(filter.op) &&
        text('value', m.value)}
      {filter.op === 'between' && text('value2', m.value2)}
      {filter.op === 'in' && text('values', m.values, m.valuesHint)}
      {filter.op === 'last' && (
        <>
          <div class="qb-field">
            <label for={`${id}-amount`}>{m.amount}</label>
            <input
              id={`${id}-amount`}
              type="number"
              min={1}
              max={10000}
              step={1}
              value={filter.amount}
              onInput={(e) => set({ amount: e.currentTarget.value })}
            />
          </div>
          <div class="qb-field">
            <label for={`${id}-unit`}>{m.unit}</label>
            <select
              id={`${id}-unit`}
              value={filter.unit}
              onChange={(e) => set({ unit: e.currentTarget.value as FilterDraft['unit'] })}
            >
              {lastUnits.map((u) => (
                <option key={u} value={u}>
                  {unitLabel(m, u)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    </>
  );
}
