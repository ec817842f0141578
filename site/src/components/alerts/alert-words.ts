import type { AlertSummary } from '@painel/api/site';
import { formatNumber, type Locale, type Translate } from '@painel/i18n';

export type Condition = AlertSummary['condition'];

/** What an alert watches: "Saved query “Delays”", "Card “late” of the dashboard “flights”". */
export function sourceWords(source: AlertSummary['source'], t: Translate): string {
  if (source.savedQuery)
    return t('alerts.source.savedQueryNamed', { name: source.savedQuery.name });
  if (source.dashboard)
    return t('alerts.source.cardNamed', {
      card: source.dashboard.card,
      dashboard: source.dashboard.slug,
    });
  return t('alerts.source.gone');
}

/**
 * An alert's condition in words: "“delay” is above 15", "The value changes by more than 10 %",
 * "The query returns rows". Without a column, the API reads the first numeric one.
 */
export function conditionWords(condition: Condition, locale: Locale, t: Translate): string {
  switch (condition.kind) {
    case 'rows-appear':
    case 'rows-disappear':
      return t(`alerts.condition.${condition.kind}`);
    case 'above':
    case 'below':
    case 'change': {
      const column = condition.column
        ? t('alerts.condition.column', { column: condition.column })
        : t('alerts.condition.firstColumn');
      const amount =
        condition.kind === 'change'
          ? { percent: formatNumber(locale, condition.percent) }
          : { threshold: formatNumber(locale, condition.threshold) };
      return t(`alerts.condition.${condition.kind}`, { column, ...amount });
    }
  }
}
