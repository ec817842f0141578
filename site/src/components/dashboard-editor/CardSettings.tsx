import type { ChartType } from '@painel/api/browser';
import { emptyOption, optionsOf } from '../fields/SelectField';
import type { DataSource } from '../sql-editor/api';
import { fill } from '../sql-editor/messages';
import BuilderFields from './BuilderFields';
import { type ResultColumn, unboundParameters } from './bindings';
import { Checkbox, fieldId, LocalizedFields, SelectField, TextArea, TextField } from './Field';
import {
  type CardDraft,
  type Channel,
  type ChartCardDraft,
  channelsOf,
  chartTypes,
  type DashboardDraft,
  type EncodingDraft,
  emptyEncoding,
  type FormatStyle,
  formatStyles,
  listsColumns,
  type OptionsDraft,
  type TextCardDraft,
} from './form';
import type { EditorMessages } from './messages';

/**
 * The chosen card's settings: its query (SQL, or a builder question), title and description in
 * both languages, chart type, the fields each channel draws with their format, the options of
 * its type, and the filter a click on it sets.
 */

interface Props {
  workspace: string;
  draft: DashboardDraft;
  index: number;
  sources: DataSource[];
  /** The result's columns, once a preview ran. */
  columns: ResultColumn[] | undefined;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  update: (change: (d: DashboardDraft) => DashboardDraft) => void;
  onTypeChange: (type: ChartType) => void;
  onRemove: () => void;
}

export default function CardSettings(props: Props) {
  const { draft, index, m, update } = props;
  const card = draft.cards[index];
  if (!card) return null;
  const setCard = (change: (c: CardDraft) => CardDraft) =>
    update((d) => ({ ...d, cards: d.cards.map((c, i) => (i === index ? change(c) : c)) }));
  const name = cardName(card, m);
  return (
    <div class="dbe-card-settings">
      <h3 id="dbe-card-title">{fill(m.cardSettingsTitle, { name })}</h3>
      {card.kind === 'text' ? (
        <TextCardFields {...props} card={card} setCard={setCard} />
      ) : (
        <ChartCardFields {...props} card={card} setCard={setCard} />
      )}
      <button type="button" class="sql-button sql-small sql-danger" onClick={props.onRemove}>
        {fill(m.cardRemove, { name })}
      </button>
    </div>
  );
}

/** What the editor calls a card: its English title, else its kind and id. */
export function cardName(card: CardDraft, m: EditorMessages): string {
  const title = card.title.en.trim();
  if (title) return title;
  return `${card.kind === 'text' ? m.textCard : m.types[card.type]} (${card.id})`;
}

type Setter<C> = { card: C; setCard: (change: (c: CardDraft) => CardDraft) => void };

function TextCardFields({ card, index, errorOf, m, setCard }: Props & Setter<TextCardDraft>) {
  const path = `cards.${index}`;
  const set = (change: Partial<TextCardDraft>) =>
    setCard((c) => ({ ...c, ...change }) as CardDraft);
  return (
    <>
      <LocalizedFields
        id={fieldId(`${path}.title`)}
        legend={m.cardTitle}
        labels={{ en: m.english, pt: m.portuguese }}
        value={card.title}
        errors={{ en: errorOf(`${path}.title.en`) }}
        onInput={(title) => set({ title })}
      />
      <LocalizedFields
        id={fieldId(`${path}.text`)}
        legend={m.markdown}
        hint={m.markdownHint}
        labels={{ en: m.english, pt: m.portuguese }}
        multiline
        value={card.text}
        onInput={(text) => set({ text })}
      />
    </>
  );
}

function ChartCardFields(props: Props & Setter<ChartCardDraft>) {
  const { card, index, draft, sources, columns, errorOf, m, setCard, onTypeChange } = props;
  const path = `cards.${index}`;
  const set = (change: Partial<ChartCardDraft>) =>
    setCard((c) => ({ ...c, ...change }) as CardDraft);
  const setQuery = (change: Partial<ChartCardDraft['query']>) =>
    setCard((c) => (c.kind === 'chart' ? { ...c, query: { ...c.query, ...change } } : c));
  const setOptions = (change: Partial<OptionsDraft>) =>
    setCard((c) => (c.kind === 'chart' ? { ...c, options: { ...c.options, ...change } } : c));
  const setEncoding = (channel: Channel, value: EncodingDraft) =>
    setCard((c) =>
      c.kind === 'chart' ? { ...c, encoding: { ...c.encoding, [channel]: value } } : c,
    );
  const setColumns = (list: EncodingDraft[]) => set({ columns: list });
  const listId = `dbe-fields-${card.id}`;
  const missing = unboundParameters(draft, card);
  const querySource = card.query.source || draft.source;
  const sourceOptions = [
    emptyOption(fill(m.sourceDashboard, { name: draft.source || '…' })),
    ...sources
      .filter((s) => s.name !== draft.source)
      .map((s) => ({ value: s.name, label: s.name })),
    ...(card.query.source && !sources.some((s) => s.name === card.query.source)
      ? [{ value: card.query.source, label: card.query.source }]
      : []),
  ];

  return (
    <>
      <fieldset class="dbe-query">
        <legend>{m.queryTitle}</legend>
        <div class="dbe-row">
          <SelectField
            id={fieldId(`${path}.query.mode`)}
            label={m.queryMode}
            value={card.query.mode}
            options={optionsOf(['sql', 'builder'] as const, {
              sql: m.querySql,
              builder: m.queryBuilder,
            })}
            onChange={(mode) => setQuery({ mode })}
          />
          <SelectField
            id={fieldId(`${path}.query.source`)}
            label={m.source}
            value={card.query.source}
            options={sourceOptions}
            onChange={(source) => setQuery({ source })}
          />
        </div>
        {card.query.from && <p class="dbe-hint">{fill(m.copiedFrom, { name: card.query.from })}</p>}
        {card.query.mode === 'sql' ? (
          <>
            <TextArea
              id={fieldId(`${path}.query.sql`)}
              label={m.sql}
              hint={m.sqlHint}
              mono
              rows={7}
              value={card.query.sql}
              error={errorOf(`${path}.query.sql`)}
              onInput={(sql) => setQuery({ sql })}
            />
            {missing.length > 0 && (
              <p class="dbe-warning">{fill(m.unbound, { names: missing.join(', ') })}</p>
            )}
          </>
        ) : (
          <BuilderFields
            workspace={props.workspace}
            source={querySource}
            sources={sources}
            value={card.query.builder}
            path={`${path}.query.builder`}
            errorOf={errorOf}
            m={m}
            onChange={(builder) => setQuery({ builder })}
          />
        )}
      </fieldset>

      <LocalizedFields
        id={fieldId(`${path}.chart.title`)}
        legend={m.cardTitle}
        labels={{ en: m.english, pt: m.portuguese }}
        value={card.title}
        errors={{ en: errorOf(`${path}.chart.title.en`) }}
        onInput={(title) => set({ title })}
      />
      <LocalizedFields
        id={fieldId(`${path}.chart.description`)}
        legend={m.cardDescription}
        labels={{ en: m.english, pt: m.portuguese }}
        multiline
        value={card.description}
        errors={{ en: errorOf(`${path}.chart.description.en`) }}
        onInput={(description) => set({ description })}
      />

      <SelectField
        id={fieldId(`${path}.chart.type`)}
        label={m.chartType}
        hint={m.typeHints[card.type]}
        value={card.type}
        options={optionsOf(chartTypes, m.types)}
        onChange={onTypeChange}
      />

      <datalist id={listId}>
        {(columns ?? []).map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
      {channelsOf[card.type].length > 0 && (
        <fieldset class="dbe-encodings">
          <legend>{m.encodings}</legend>
          <p class="dbe-hint">
            {columns
              ? fill(m.fieldsFrom, { names: columns.map((c) => c.name).join(', ') })
              : m.fieldsUnknown}
          </p>
          {channelsOf[card.type].map((channel) => (
            <EncodingRow
              key={channel}
              id={fieldId(`${path}.chart.encoding.${channel}`)}
              legend={m.channels[channel]}
              listId={listId}
              value={card.encoding[channel]}
              m={m}
              onChange={(value) => setEncoding(channel, value)}
            />
          ))}
        </fieldset>
      )}
      {listsColumns(card.type) && (
        <fieldset class="dbe-encodings">
          <legend>{card.type === 'kpi' ? m.kpiValues : m.tableColumns}</legend>
          <p class="dbe-hint">{m.columnsHint}</p>
          {card.columns.map((column, i) => (
            <div class="dbe-column-row" key={i}>
              <EncodingRow
                id={fieldId(`${path}.chart.columns.${i}`)}
                legend={fill(m.columnN, { n: i + 1 })}
                listId={listId}
                value={column}
                m={m}
                onChange={(value) => setColumns(card.columns.map((c, j) => (j === i ? value : c)))}
              />
              <button
                type="button"
                class="sql-button sql-small"
                onClick={() => setColumns(card.columns.filter((_, j) => j !== i))}
              >
                {fill(m.columnRemove, { n: i + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="sql-button sql-small"
            onClick={() => setColumns([...card.columns, emptyEncoding()])}
          >
            {m.columnAdd}
          </button>
        </fieldset>
      )}

      <OptionFields
        card={card}
        path={`${path}.chart.options`}
        listId={listId}
        errorOf={errorOf}
        m={m}
        set={setOptions}
      />

      <SelectField
        id={fieldId(`${path}.crossFilter`)}
        label={m.crossFilter}
        hint={m.crossFilterHint}
        value={card.crossFilter}
        options={[
          emptyOption(m.crossFilterNone),
          ...draft.filters.map((f) => ({
            value: f.id,
            label: f.label.en.trim() ? `${f.label.en} (${f.id})` : f.id,
          })),
        ]}
        onChange={(crossFilter) => set({ crossFilter })}
      />
    </>
  );
}

function EncodingRow(props: {
  id: string;
  legend: string;
  listId: string;
  value: EncodingDraft;
  m: EditorMessages;
  onChange: (value: EncodingDraft) => void;
}) {
  const { id, legend, listId, value, m, onChange } = props;
  return (
    <fieldset class="dbe-encoding">
      <legend>{legend}</legend>
      <div class="dbe-row">
        <TextField
          id={`${id}-field`}
          label={m.field}
          mono
          list={listId}
          value={value.field}
          onInput={(field) => onChange({ ...value, field })}
        />
        <SelectField
          id={`${id}-format`}
          label={m.format}
          value={value.style}
          options={[emptyOption(m.formatAuto), ...optionsOf(formatStyles, m.styles)]}
          onChange={(style: FormatStyle | '') => onChange({ ...value, style })}
        />
        {value.style ? (
          <SelectField
            id={`${id}-notation`}
            label={m.notation}
            value={value.notation}
            options={[
              emptyOption(m.notationAuto),
              ...optionsOf(['compact', 'standard'] as const, {
                compact: m.notationCompact,
                standard: m.notationStandard,
              }),
            ]}
            onChange={(notation: EncodingDraft['notation']) => onChange({ ...value, notation })}
          />
        ) : null}
      </div>
    </fieldset>
  );
}

function OptionFields(props: {
  card: ChartCardDraft;
  path: string;
  listId: string;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  set: (change: Partial<OptionsDraft>) => void;
}) {
  const { card, path, listId, errorOf, m, set } = props;
  const o = card.options;
  const id = (p: string) => fieldId(`${path}.${p}`);
  const trend = (
    <Checkbox
      id={id('trend')}
      label={m.trend}
      checked={o.trend}
      onChange={(t) => set({ trend: t })}
    />
  );
  switch (card.type) {
    case 'bar':
      return (
        <div class="dbe-row">
          <SelectField
            id={id('orientation')}
            label={m.orientation}
            value={o.orientation || 'vertical'}
            options={optionsOf(['vertical', 'horizontal'] as const, {
              vertical: m.orientationVertical,
              horizontal: m.orientationHorizontal,
            })}
            // The default is left out of the spec unless the spec said it.
            onChange={(v) =>
              set({ orientation: v === 'horizontal' || o.orientation === v ? v : '' })
            }
          />
          <SelectField
            id={id('layout')}
            label={m.barLayout}
            hint={m.barLayoutHint}
            value={o.barLayout || 'stacked'}
            options={optionsOf(['stacked', 'grouped'] as const, {
              stacked: m.barStacked,
              grouped: m.barGrouped,
            })}
            onChange={(v) => set({ barLayout: v === 'grouped' || o.barLayout === v ? v : '' })}
          />
        </div>
      );
    case 'pie':
      return (
        <Checkbox
          id={id('donut')}
          label={m.donut}
          checked={o.donut}
          onChange={(donut) => set({ donut })}
        />
      );
    case 'histogram':
      return (
        <TextField
          id={id('bins')}
          label={m.bins}
          hint={m.binsHint}
          value={o.bins}
          error={errorOf(`${path}.bins`)}
          onInput={(bins) => set({ bins })}
        />
      );
    case 'line':
    case 'area':
      return (
        <>
          {trend}
          <TextField
            id={id('forecast')}
            label={m.forecast}
            hint={m.forecastHint}
            value={o.forecast}
            error={errorOf(`${path}.forecast`)}
            onInput={(forecast) => set({ forecast })}
          />
          <Checkbox
            id={id('anomalies')}
            label={m.anomalies}
            checked={o.anomalies}
            onChange={(anomalies) => set({ anomalies })}
          />
        </>
      );
    case 'scatter':
      return trend;
    case 'kpi':
      return (
        <TextField
          id={id('comparison')}
          label={m.comparison}
          hint={m.comparisonHint}
          mono
          list={listId}
          value={o.comparisonField}
          onInput={(comparisonField) => set({ comparisonField })}
        />
      );
    case 'map':
      return (
        <div class="dbe-row">
          <SelectField
            id={id('atlas')}
            label={m.atlas}
            value={o.atlas}
            options={optionsOf(['world', 'us-states'] as const, {
              world: m.atlasWorld,
              'us-states': m.atlasUs,
            })}
            onChange={(atlas) => set({ atlas })}
          />
          <SelectField
            id={id('join')}
            label={m.join}
            value={o.join}
            options={optionsOf(['id', 'name'] as const, { id: m.joinId, name: m.joinName })}
            onChange={(join) => set({ join })}
          />
        </div>
      );
    case 'table':
      return (
        <Checkbox
          id={id('totals')}
          label={m.totals}
          checked={o.totals}
          onChange={(totals) => set({ totals })}
        />
      );
    default:
      return null;
  }
}
