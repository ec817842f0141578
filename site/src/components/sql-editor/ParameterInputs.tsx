import SelectField, { emptyOption, optionsOf } from '../fields/SelectField';
import type { SqlMessages } from './messages';
import {
  isRangePreset,
  type ParameterDraft,
  type ParameterType,
  parameterTypes,
  rangePresets,
  relativeDates,
} from './parameters';

/** One group per `{{name}}` in the SQL: its type and its value (two dates for a range). */

interface Props {
  drafts: ParameterDraft[];
  /** Messages from the last run, by parameter name. */
  errors: Record<string, string>;
  m: SqlMessages;
  onChange: (drafts: ParameterDraft[]) => void;
}

const typeLabel = (m: SqlMessages, type: ParameterType) =>
  ({
    text: m.typeText,
    number: m.typeNumber,
    date: m.typeDate,
    dateRange: m.typeDateRange,
    list: m.typeList,
  })[type];

export default function ParameterInputs({ drafts, errors, m, onChange }: Props) {
  if (drafts.length === 0) return null;
  const update = (index: number, change: Partial<ParameterDraft>) =>
    onChange(drafts.map((d, i) => (i === index ? { ...d, ...change } : d)));
  return (
    <section class="sql-params wide" aria-labelledby="sql-params-title">
      <h2 id="sql-params-title">{m.paramsTitle}</h2>
      {drafts.map((draft, i) => {
        const id = `sql-param-${draft.name}`;
        const error = errors[draft.name];
        const errorId = `${id}-error`;
        const invalid = error
          ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorId }
          : {};
        // A relative date or a preset replaces the date inputs; "custom" brings them back.
        const relative =
          draft.type === 'date' && (relativeDates as readonly string[]).includes(draft.value);
        const preset = draft.type === 'dateRange' && isRangePreset(draft.value);
        const when = draft.type === 'date' || draft.type === 'dateRange';
        const valueType =
          draft.type === 'number'
            ? 'number'
            : draft.type === 'text' || draft.type === 'list'
              ? 'text'
              : 'date';
        return (
          <fieldset key={draft.name} class="sql-param">
            <legend>
              <code>{draft.name}</code>
            </legend>
            <SelectField
              family="sql"
              id={`${id}-type`}
              label={m.paramsType}
              value={draft.type}
              options={optionsOf(parameterTypes, (type) => typeLabel(m, type))}
              onChange={(type) => update(i, { type })}
            />
            {when && (
              <SelectField
                family="sql"
                id={`${id}-when`}
                label={draft.type === 'date' ? m.paramsWhen : m.paramsPeriod}
                value={relative || preset ? draft.value : ''}
                options={[
                  emptyOption(m.paramsCustom),
                  ...optionsOf(draft.type === 'date' ? relativeDates : rangePresets, m.relative),
                ]}
                onChange={(value) => update(i, { value, end: '' })}
              />
            )}
            {!relative && !preset && (
              <div class="sql-field">
                <label for={`${id}-value`}>
                  {draft.type === 'dateRange' ? m.paramsStart : m.paramsValue}
                </label>
                <input
                  id={`${id}-value`}
                  type={valueType}
                  step={draft.type === 'number' ? 'any' : undefined}
                  value={draft.value}
                  autocomplete="off"
                  spellcheck={false}
                  aria-describedby={
                    [draft.type === 'list' ? `${id}-hint` : '', error ? errorId : '']
                      .join(' ')
                      .trim() || undefined
                  }
                  aria-invalid={invalid['aria-invalid']}
                  onInput={(e) => update(i, { value: e.currentTarget.value })}
                />
                {draft.type === 'list' && (
                  <p id={`${id}-hint`} class="sql-hint">
                    {m.paramsListHint}
                  </p>
                )}
              </div>
            )}
            {draft.type === 'dateRange' && !preset && (
              <div class="sql-field">
                <label for={`${id}-end`}>{m.paramsEnd}</label>
                <input
                  id={`${id}-end`}
                  type="date"
                  value={draft.end}
                  aria-invalid={invalid['aria-invalid']}
                  aria-describedby={error ? errorId : undefined}
                  onInput={(e) => update(i, { end: e.currentTarget.value })}
                />
              </div>
            )}
            {error && (
              <p id={errorId} class="sql-field-error">
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
