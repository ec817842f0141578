import { filterOps, lastUnits } from '@painel/api/browser';
import type { RowFields } from '../fields/Labelled';
import SelectField, { optionsOf } from '../fields/SelectField';
import { TextField } from '../fields/TextField';
import ColumnSelect from './ColumnSelect';
import type { BuilderMessages } from './messages';
import type { ColumnChoice, FilterDraft, FilterOp } from './question';

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
  field: RowFields;
  filter: FilterDraft;
  choices: ColumnChoice[];
  m: BuilderMessages;
  onChange: (next: FilterDraft) => void;
}

export default function FilterRow({ field, filter, choices, m, onChange }: Props) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...filter, ...patch });
  const text = (name: 'value' | 'value2' | 'values', label: string, hint?: string) => (
    <TextField
      {...field(name, label)}
      hint={hint}
      type="text"
      value={filter[name]}
      onInput={(value) => set({ [name]: value })}
    />
  );
  return (
    <>
      <ColumnSelect
        {...field('column', m.column)}
        value={filter.column}
        choices={choices}
        onChange={(column) => set({ column })}
      />
      <SelectField
        {...field('op', m.operator)}
        value={filter.op}
        options={optionsOf(filterOps, (op) => opLabel(m, op))}
        onChange={(op) => set({ op })}
      />
      {['=', '!=', '<', '<=', '>', '>=', 'contains', 'startsWith', 'between'].includes(filter.op) &&
        text('value', m.value)}
      {filter.op === 'between' && text('value2', m.value2)}
      {filter.op === 'in' && text('values', m.values, m.valuesHint)}
      {filter.op === 'last' && (
        <>
          <TextField
            {...field('amount', m.amount)}
            type="number"
            min={1}
            max={10000}
            step={1}
            value={filter.amount}
            onInput={(amount) => set({ amount })}
          />
          <SelectField
            {...field('unit', m.unit)}
            value={filter.unit}
            options={optionsOf(lastUnits, (u) => unitLabel(m, u))}
            onChange={(unit) => set({ unit })}
          />
        </>
      )}
    </>
  );
}
