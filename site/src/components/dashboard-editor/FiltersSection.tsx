import { dateRangePresets } from '@painel/api/browser';
import { useRef } from 'preact/hooks';
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
  const err = (p: string) => errorOf(`${path}.${p}`);
  const set = (change: Partial<FilterDraft>) =>
    update((d) => ({
      ...d,
      filters: d.filters.map((f, i) => (i === index ? ({ ...f, ...change } as FilterDraft) : f)),
    }));
  const setParameter = (parameter: string) =>
    update((d) => {
      const next = {
        ...d,
        filters: d.filters.map((f, i) => (i === index ? ({ ...f, parameter } as FilterDraft) : f)),
      };
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
        errors={{ en: err('label.en') }}
        onInput={(label) => set({ label })}
      />
      <div class="dbe-row">
        <TextField
          id={id('id')}
          label={m.filterId}
          hint={fill(m.filterIdHint, { id: filter.id || '…' })}
          mono
          value={filter.id}
          error={err('id')}
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
              id={id('parameters.min')}
              label={m.parameterMin}
              mono
              value={filter.min}
              error={err('parameters.min')}
              hint={fill(m.parameterHint, { use: `{{${filter.min || '…'}}}` })}
              onInput={(min) => set({ min })}
            />
            <TextField
              id={id('parameters.max')}
              label={m.parameterMax}
              mono
              value={filter.max}
              error={err('parameters.max')}
              hint={fill(m.parameterHint, { use: `{{${filter.max || '…'}}}` })}
              onInput={(max) => set({ max })}
            />
          </>
        ) : (
          <TextField
            id={id('parameter')}
            label={m.parameter}
            mono
            value={filter.parameter}
            error={err('parameter')}
            hint={fill(m.parameterHint, { use: usage(filter) })}
            onInput={setParameter}
          />
        )}
      </div>
      {filter.type === 'dateRange' && (
        <DateRangeFields filter={filter} id={id} err={err} m={m} set={set} />
      )}
      {filter.type === 'select' && (
        <SelectFields filter={filter} id={id} err={err} m={m} set={set} />
      )}
      {filter.type === 'numberRange' && (
        <NumberRangeFields filter={filter} id={id} err={err} m={m} set={set} />
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
  err: (p: string) => string | undefined;
  m: EditorMessages;
  set: (change: Partial<FilterDraft>) => void;
}

function DateRangeFields({ filter, id, err, m, set }: PartProps<DateRangeDraft>) {
  return (
    <div class="dbe-row">
      <SelectField
        id={id('default')}
        label={m.filterDefault}
        value={filter.defaultKind}
        error={err('default')}
        options={[
          { value: '', label: m.defaultNone },
          { value: 'preset', label: m.defaultPreset },
          { value: 'dates', label: m.defaultDates },
        ]}
        onChange={(defaultKind) => set({ defaultKind })}
      />
      {filter.defaultKind === 'preset' && (
        <SelectField
          id={id('preset')}
          label={m.preset}
          value={filter.preset}
          options={dateRangePresets.map((p) => ({ value: p, label: m.presets[p] ?? p }))}
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

function SelectFields({ filter, id, err, m, set }: PartProps<SelectDraft>) {
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
          options={[
            { value: 'text', label: m.valueText },
            { value: 'number', label: m.valueNumber },
          ]}
          onChange={(valueType) => set({ valueType })}
        />
        <SelectField
          id={id('optionsKind')}
          label={m.optionsFrom}
          value={filter.optionsKind}
          options={[
            { value: 'sql', label: m.optionsSql },
            { value: 'values', label: m.optionsValues },
          ]}
          onChange={(optionsKind) => set({ optionsKind })}
        />
      </div>
      {filter.optionsKind === 'sql' ? (
        <TextArea
          id={id('options')}
          label={m.optionsQuery}
          hint={m.optionsQueryHint}
          mono
          rows={2}
          value={filter.sql}
          error={err('options')}
          onInput={(sql) => set({ sql })}
        />
      ) : (
        <TextArea
          id={id('options')}
          label={m.optionsList}
          hint={m.oneALine}
          rows={4}
          value={filter.values}
          error={err('options')}
          onInput={(values) => set({ values })}
        />
      )}
      {filter.multiple ? (
        <TextArea
          id={id('default')}
          label={m.filterDefault}
          hint={m.oneALine}
          rows={2}
          value={filter.defaultValue}
          error={err('default')}
          onInput={(defaultValue) => set({ defaultValue })}
        />
      ) : (
        <TextField
          id={id('default')}
          label={m.filterDefault}
          hint={m.defaultNoneHint}
          value={filter.defaultValue}
          error={err('default')}
          onInput={(defaultValue) => set({ defaultValue })}
        />
      )}
    </>
  );
}

function NumberRangeFields({ filter, id, err, m, set }: PartProps<NumberRangeDraft>) {
  return (
    <div class="dbe-row">
      <TextField
        id={id('default.min')}
        label={m.defaultMin}
        value={filter.defaultMin}
        error={err('default.min')}
        onInput={(defaultMin) => set({ defaultMin })}
      />
      <TextField
        id={id('default.max')}
        label={m.defaultMax}
        value={filter.defaultMax}
        error={err('default.max')}
        onInput={(defaultMax) => set({ defaultMax })}
      />
    </div>
  );
}
