import { emptyOption } from '../fields/SelectField';
import { fill } from '../sql-editor/messages';
import { Checkbox, fieldId, LocalizedFields, Section, SelectField, TextField } from './Field';
import { type DashboardDraft, slugify } from './form';
import type { EditorMessages } from './messages';

/**
 * The dashboard's own fields: title and description in both languages, its address (derived
 * from the English title until edited), its data source, automatic refresh and whether it is
 * public.
 */

interface Props {
  draft: DashboardDraft;
  sources: string[];
  /** The dashboards page's path, to show the address the slug makes. */
  basePath: string;
  errorOf: (path: string) => string | undefined;
  m: EditorMessages;
  update: (change: (d: DashboardDraft) => DashboardDraft) => void;
}

const refreshChoices = [60, 300, 900, 1800, 3600];

export default function SettingsSection({ draft, sources, basePath, errorOf, m, update }: Props) {
  const langs = { en: m.english, pt: m.portuguese };
  const refreshLabel = (s: number) =>
    s === 60 ? m.refreshMinute : s === 3600 ? m.refreshHour : fill(m.refreshMinutes, { n: s / 60 });
  const refreshOptions = [
    emptyOption(m.refreshOff),
    ...refreshChoices.map((s) => ({ value: String(s), label: refreshLabel(s) })),
  ];
  if (draft.refreshSeconds && !refreshChoices.includes(Number(draft.refreshSeconds)))
    refreshOptions.push({
      value: draft.refreshSeconds,
      label: fill(m.refreshSeconds, { n: draft.refreshSeconds }),
    });
  // A source the spec names but the workspace lacks stays visible, so it is not changed silently.
  const sourceNames =
    draft.source && !sources.includes(draft.source) ? [draft.source, ...sources] : sources;

  return (
    <Section id="dbe-settings" title={m.settingsTitle}>
      <LocalizedFields
        id={fieldId('title')}
        legend={m.titleLegend}
        labels={langs}
        value={draft.title}
        errors={{ en: errorOf('title.en') }}
        onInput={(title) =>
          update((d) => ({ ...d, title, ...(d.slugFollows ? { slug: slugify(title.en) } : {}) }))
        }
      />
      <div class="dbe-row">
        <TextField
          id={fieldId('slug')}
          label={m.slug}
          mono
          value={draft.slug}
          hint={fill(m.slugHint, { path: `${basePath}/${draft.slug || '…'}` })}
          error={errorOf('slug')}
          onInput={(slug) => update((d) => ({ ...d, slug, slugFollows: false }))}
        />
        <SelectField
          id={fieldId('source')}
          label={m.source}
          hint={m.sourceHint}
          value={draft.source}
          error={errorOf('source')}
          options={
            sourceNames.length
              ? sourceNames.map((s) => ({ value: s, label: s }))
              : [emptyOption(m.noSources)]
          }
          onChange={(source) => update((d) => ({ ...d, source }))}
        />
      </div>
      <LocalizedFields
        id={fieldId('description')}
        legend={m.descriptionLegend}
        labels={langs}
        multiline
        value={draft.description}
        errors={{ en: errorOf('description.en') }}
        onInput={(description) => update((d) => ({ ...d, description }))}
      />
      <div class="dbe-row">
        <SelectField
          id={fieldId('refreshSeconds')}
          label={m.refresh}
          value={draft.refreshSeconds}
          options={refreshOptions}
          onChange={(refreshSeconds) => update((d) => ({ ...d, refreshSeconds }))}
        />
        <Checkbox
          id={fieldId('public')}
          label={m.public}
          hint={m.publicHint}
          checked={draft.public}
          onChange={(checked) => update((d) => ({ ...d, public: checked }))}
        />
      </div>
    </Section>
  );
}
