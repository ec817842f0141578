import { createT, dateFormat, formatNumber, type Locale } from '@painel/i18n';
import { escapeHtml as e, emailDocument, emailStyles } from '../email/layout.js';
import { oneLine } from '../email/templates.js';
import type { Condition } from './types.js';

/**
 * The short email an alert sends: what happened (fired, still firing, resolved, a test), the
 * value against the condition, when it was checked — in the recipient's language and time
 * zone — and a link to the query or dashboard it watches.
 */

export type AlertNotice = 'fire' | 'renotify' | 'resolve' | 'test';

export interface AlertEmailInput {
  notice: AlertNotice;
  name: string;
  condition: Condition;
  value: number | null;
  locale: Locale;
  timeZone: string;
  at: Date;
  /** The query's or dashboard's page. */
  sourceUrl: string;
  /** The alert's own page, where it is changed or paused. */
  alertUrl: string;
}

export function composeAlertEmail(input: AlertEmailInput) {
  const t = createT(input.locale);
  const n = (v: number | null) =>
    v === null ? t('email.alert.noValue') : formatNumber(input.locale, v);
  const c = input.condition;
  const condition =
    c.kind === 'above' || c.kind === 'below'
      ? t(`email.alert.condition.${c.kind}`, { threshold: n(c.threshold) })
      : c.kind === 'change'
        ? t('email.alert.condition.change', { percent: n(c.percent) })
        : t(`email.alert.condition.${c.kind}`);
  const name = oneLine(input.name);
  const subject = t(`email.alert.subject.${input.notice}`, { name });
  const when = dateFormat(input.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: input.timeZone,
  }).format(input.at);
  const lines = [
    t(`email.alert.intro.${input.notice}`, { name }),
    t('email.alert.condition', { condition }),
    t('email.alert.value', { value: n(input.value) }),
    t('email.alert.checkedAt', { time: `${when} (${input.timeZone})` }),
  ];
  const open = t('email.alert.open');
  const manage = t('email.alert.manage');
  const footer = t('email.footer');
  const text = `${lines.join('\n')}\n\n${open}: ${input.sourceUrl}\n${manage}: ${input.alertUrl}\n\n-- \n${footer}\n`;
  const html = emailDocument(
    input.locale,
    subject,
    `${lines.map((l) => `<p>${e(l)}</p>`).join('\n')}
<p><a href="${e(input.sourceUrl)}" style="${e(emailStyles.button)}">${e(open)}</a></p>
<p><a href="${e(input.alertUrl)}" style="${e(emailStyles.link)}">${e(manage)}</a></p>
<hr style="${e(emailStyles.rule)}">
<p style="${e(emailStyles.footer)}">${e(footer)}</p>`,
  );
  return { subject, text, html };
}
