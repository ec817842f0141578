import { dateRangePresets } from '@painel/api/browser';
import { useRef } from 'preact/hooks';
import { optionsOf } from '../fields/SelectField';
import { fill } from '../sql-editor/messages';
import { cardsUsing, idFromParameter, renameFilter } from './bindings';
import {
  Checkbox,
  fieldId,
  LocalizedFields,
  Section,
  SelectField,
  TextArea,
  TextField,
} from './Field';
import {
  type DashboardDraft,
  type DateRangeDraft,
  type FilterDraft,
  type NumberRangeDraft,
  newFilter,
  type SelectDraft,
} from './form';
import type { EditorMessages } from './messages';

/**
 * The dashboard's filters: each with its label in both languages, the name it has in links,
 * the parameter(s) it gives the cards' SQL, its default, and the cards that use it.
 */

interface Props {
  draft: DashboardDraft;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  update: (change: (d: DashboardDraft) => DashboardDraft) => void;
  announce: (text: string) => void;
}

export default function FiltersSection({ draft, errorOf, m, update, announce }: Props) {
  const addButtons = useRef<HTMLDivElement>(null);
  const typeName = {
    dateRange: m.filterDateRange,
    select: m.filterSelect,
    numberRange: m.filterNumberRange,
  };

  const add = (type: FilterDraft['type']) => {
    const filter = newFilter(
      type,
      draft.filters.map((f) => f.id),
    );
    update((d) => ({ ...d, filters: [...d.filters, filter] }));
    announce(fill(m.filterAdded, { name: typeName[type] }));
    // The new filter's first field, once it is drawn.
    const index = draft.filters.length;
    setTimeout(() => document.getElementById(fieldId(`filters.${index}.label.en`))?.focus(), 0);
  };

  const remove = (index: number) => {
    update((d) => ({ ...d, filters: d.filters.filter((_, i) => i !== index) }));
    announce(m.filterRemoved);
    addButtons.current?.querySelector('button')?.focus();
  };

  return (
    <Section id="dbe-filters" title={m.filtersTitle}>
      <p class="dbe-hint">{m.filtersHint}</p>
      {draft.filters.length === 0 && <p class="muted">{m.filtersEmpty}</p>}
      {draft.filters.map((filter, index) => (
        <FilterFields
          key={index}
          draft={draft}
          filter={filter}
          index={index}
          typeName={typeName[filter.type]}
          errorOf={errorOf}
          m={m}
          update={update}
          onRemove={() => remove(index)}
        />
      ))}
      <div class="dbe-actions" ref={addButtons}>
        <button type="button" class="sql-button sql-small" onClick={() => add('dateRange')}>
          {m.addDateRange}
        </button>
        <button type="button" class="sql-button sql-small" onClick={() => add('select')}>
          {m.addSelect}
        </button>
        <button type="button" class="sql-button sql-small" onClick={() => add('numberRange')}>
          {m.addNumberRange}
        </button>
      </div>
    </Section>
  );
}

function FilterFields(props: {
  draft: DashboardDraft;
  filter: FilterDraft;
  index: number;
  typeName: string;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  update: Props['update'];
  onRemove: () => void;
}) {
  const { draft, filter, index, typeName, errorOf, m, update, onRemove } = props;
  const path = `filters.${index}`;
  const id = (p: string) => fieldId(`${path}.${p}`);
  /** The control of `p` that shows its errors. */
  const at = (p: string) => ({ id: id(p), error: errorOf(`${path}.${p}`) });
  const changed = (d: DashboardDraft, change: Partial<FilterDraft>) => ({
    ...d,
    filters: d.filters.map((f, i) => (i === index ? ({ ...f, ...change } as FilterDraft) : f)),
  });
  const set = (change: Partial<FilterDraft>) => update((d) => changed(d, change));
  const setParameter = (parameter: string) =>
    update((d) => {
      const next = changed(d, { parameter });
      const follow = filter.idFollows ? idFromParameter(parameter) : '';
      return follow ? renameFilter(next, index, follow) : next;
    });
  const users = cardsUsing(draft, filter);
  const name = filter.label.en.trim() || fill(m.filterUnnamed, { n: index + 1 });

  return (
    <fieldset class="dbe-filter" id={id('group')}>
      <legend>
        {name} <span class="dbe-meta">({typeName})</span>
      </legend>
      <LocalizedFields
        id={id('label')}
        legend={m.filterLabel}
        labels={{ en: m.english, pt: m.portuguese }}
        value={filter.label}
        errors={{ en: errorOf(`${path}.label.en`) }}
        onInput={(label) => set({ label })}
      />
      <div class="dbe-row">
        <TextField
          {...at('id')}
          label={m.filterId}
          hint={fill(m.filterIdHint, { id: filter.id || '…' })}
          mono
          value={filter.id}
          onInput={(value) =>
            update((d) => {
              const renamed = renameFilter(d, index, value);
              return {
                ...renamed,
                filters: renamed.filters.map((f, i) =>
                  i === index ? { ...f, idFollows: false } : f,
                ),
              };
            })
          }
        />
        {filter.type === 'numberRange' ? (
          <>
            <TextField
              {...at('parameters.min')}
              label={m.parameterMin}
              mono
              value={filter.min}
              hint={fill(m.parameterHint, { use: `{{${filter.min || '…'}}}` })}
              onInput={(min) => set({ min })}
            />
            <TextField
              {...at('parameters.max')}
              label={m.parameterMax}
              mono
              value={filter.max}
              hint={fill(m.parameterHint, { use: `{{${filter.max || '…'}}}` })}
              onInput={(max) => set({ max })}
            />
          </>
        ) : (
          <TextField
            {...at('parameter')}
            label={m.parameter}
            mono
            value={filter.parameter}
            hint={fill(m.parameterHint, { use: usage(filter) })}
            onInput={setParameter}
          />
        )}
      </div>
      {filter.type === 'dateRange' && (
        <DateRangeFields filter={filter} id={id} at={at} m={m} set={set} />
      )}
      {filter.type === 'select' && <SelectFields filter={filter} id={id} at={at} m={m} set={set} />}
      {filter.type === 'numberRange' && (
        <NumberRangeFields filter={filter} id={id} at={at} m={m} set={set} />
      )}
      <p class="dbe-used">
        {users.length === 0
          ? m.filterUnused
          : fill(m.filterUsedBy, {
              names: users.map((c) => (c.kind === 'chart' ? c.title.en || c.id : c.id)).join(', '),
            })}
      </p>
      <button type="button" class="sql-button sql-small sql-danger" onClick={onRemove}>
        {fill(m.filterRemove, { name })}
      </button>
    </fieldset>
  );
}

/** How a card's SQL uses the filter's parameter. */
function usage(filter: DateRangeDraft | SelectDraft): string {
  const p = filter.parameter || '…';
  if (filter.type === 'dateRange') return `{{${p}.start}} … {{${p}.end}}`;
  return filter.multiple ? `IN ({{${p}}})` : `= {{${p}}}`;
}

interface PartProps<F extends FilterDraft> {
  filter: F;
  id: (p: string) => string;
  at: (p: string) => { id: string; error: string | undefined };
  m: EditorMessages;
  set: (change: Partial<FilterDraft>) => void;
}

function DateRangeFields({ filter, id, at, m, set }: PartProps<DateRangeDraft>) {
  return (
    <div class="dbe-row">
      <SelectField
        {...at('default')}
        label={m.filterDefault}
        value={filter.defaultKind}
        options={optionsOf(['', 'preset', 'dates'] as const, {
          '': m.defaultNone,
          preset: m.defaultPreset,
          dates: m.defaultDates,
        })}
        onChange={(defaultKind) => set({ defaultKind })}
      />
      {filter.defaultKind === 'preset' && (
        <SelectField
          id={id('preset')}
          label={m.preset}
          value={filter.preset}
          options={optionsOf(dateRangePresets, m.presets)}
          onChange={(preset) => set({ preset })}
        />
      )}
      {filter.defaultKind === 'dates' && (
        <>
          <TextField
            id={id('start')}
            type="date"
            label={m.defaultStart}
            value={filter.start}
            onInput={(start) => set({ start })}
          />
          <TextField
            id={id('end')}
            type="date"
            label={m.defaultEnd}
            value={filter.end}
            onInput={(end) => set({ end })}
          />
        </>
      )}
    </div>
  );
}

function SelectFields({ filter, id, at, m, set }: PartProps<SelectDraft>) {
  return (
    <>
      <div class="dbe-row">
        <Checkbox
          id={id('multiple')}
          label={m.multiple}
          checked={filter.multiple}
          onChange={(multiple) => set({ multiple })}
        />
        <SelectField
          id={id('valueType')}
          label={m.valueType}
          value={filter.valueType}
          options={optionsOf(['text', 'number'] as const, {
            text: m.valueText,
            number: m.valueNumber,
          })}
          onChange={(valueType) => set({ valueType })}
        />
        <SelectField
          id={id('optionsKind')}
          label={m.optionsFrom}
          value={filter.optionsKind}
          options={optionsOf(['sql', 'values'] as const, {
            sql: m.optionsSql,
            values: m.optionsValues,
          })}
          onChange={(optionsKind) => set({ optionsKind })}
        />
      </div>
      {filter.optionsKind === 'sql' ? (
        <TextArea
          {...at('options')}
          label={m.optionsQuery}
          hint={m.optionsQueryHint}
          mono
          rows={2}
          value={filter.sql}
          onInput={(sql) => set({ sql })}
        />
      ) : (
        <TextArea
          {...at('options')}
          label={m.optionsList}
          hint={m.oneALine}
          rows={4}
          value={filter.values}
          onInput={(values) => set({ values })}
        />
      )}
      {filter.multiple ? (
        <TextArea
          {...at('default')}
          label={m.filterDefault}
          hint={m.oneALine}
          rows={2}
          value={filter.defaultValue}
          onInput={(defaultValue) => set({ defaultValue })}
        />
      ) : (
        <TextField
          {...at('default')}
          label={m.filterDefault}
          hint={m.defaultNoneHint}
          value={filter.defaultValue}
          onInput={(defaultValue) => set({ defaultValue })}
        />
      )}
    </>
  );
}

function NumberRangeFields({ filter, at, m, set }: PartProps<NumberRangeDraft>) {
  return (
    <div class="dbe-row">
      <TextField
        {...at('default.min')}
        label={m.defaultMin}
        value={filter.defaultMin}
        onInput={(defaultMin) => set({ defaultMin })}
      />
      <TextField
        {...at('default.max')}
        label={m.defaultMax}
        value={filter.defaultMax}
        onInput={(defaultMax) => set({ defaultMax })}
      />
    </div>
  );
}
