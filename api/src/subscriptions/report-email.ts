import { createT, dateFormat, formatNumber, type Locale, type Translate } from '@painel/i18n';
import type { LegendItem } from '../charts/spec.js';
import { chartPng, plainSvg } from '../dashboards/card-image.js';
import {
  dashboardPdfFile,
  filterValue,
  type PdfLayout,
  pdfLayout,
} from '../dashboards/dashboard-pdf.js';
import { plainText } from '../dashboards/pdf-card.js';
import type { DashboardRenderer, RenderOptions } from '../dashboards/service.js';
import type { RenderedCard, RenderedDashboard } from '../dashboards/spec.js';
import type { DashboardLookup } from '../dashboards/store.js';
import type { QueryResult } from '../datasources/result.js';
import { escapeHtml as e, emailDocument, emailStyles } from '../email/layout.js';
import type { EmailAttachment } from '../email/mailer.js';
import { checkLink, oneLine } from '../email/templates.js';
import { HttpError } from '../errors.js';
import { toCsv } from '../queries/csv.js';

/**
 * The email a subscription sends: the dashboard (or one card) as it stands, in the recipient's
 * language and time zone. Charts are inline PNGs drawn from the page's SVG, each with its text
 * description as alternative text and as visible text, so the email reads fully with images
 * off; KPIs, tables and text cards are text. The data goes along as CSV, the dashboard as PDF.
 */

/** What a report is made of: the dashboard as rendered for the recipient, and its cards' data. */
export interface ReportData {
  dashboard: RenderedDashboard;
  /** Each data card's result, by card id, as its chart was drawn from: the CSV attachments. */
  results: ReadonlyMap<string, QueryResult>;
}

export interface ReportInput extends ReportData {
  /** A card subscription: only this card. */
  card?: string | null | undefined;
  locale: Locale;
  /** The recipient's (the subscription's) IANA time zone, for "data as of". */
  timeZone: string;
  /** When the data was read. */
  at: Date;
  /** The subscription's name; the dashboard's (or card's) title when it has none. */
  name?: string | null | undefined;
  attach: { csv: boolean; pdf: boolean; pdfLayout?: PdfLayout | null | undefined };
  dashboardUrl: string;
  /** The signed one-click link; also the List-Unsubscribe header's (Mailer.sendMessage). */
  unsubscribeUrl: string;
}

export interface ComposedReport {
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** Every data card has no rows (`hasNoRows`). */
  empty: boolean;
}

/** Rows of a table card the email shows; the rest are in the CSV (or on the dashboard). */
export const tableRowsShown = 10;

/** Width the chart images are shown at (the email's column); drawn at twice that for sharp screens. */
const imageWidth = 560;

const styles = {
  h1: 'font-size:24px;line-height:1.25;margin:0 0 8px',
  h2: 'font-size:18px;line-height:1.3;margin:24px 0 8px',
  muted: 'color:#4a4a4a;font-size:14px',
  img: 'display:block;max-width:100%;height:auto;border:0',
  kpi: 'display:inline-block;vertical-align:top;min-width:140px;margin:0 16px 12px 0',
  kpiValue: 'font-size:24px;font-weight:700;margin:0',
  table: 'border-collapse:collapse;font-size:14px;width:100%',
  cell: 'border-bottom:1px solid #d0d0d0;padding:4px 8px 4px 0;vertical-align:top',
  swatch: 'display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px',
  dash: 'display:inline-block;width:14px;height:0;margin-right:4px;vertical-align:middle',
};

/**
 * Reads what a report shows: the dashboard rendered for the recipient's language with the
 * subscription's filters (as a query string, so the email lists them), and each data card's
 * result for its CSV. A card whose query fails shows its error and has no CSV. Null when the
 * lookup finds no dashboard.
 */
export async function readReport(
  renderer: Pick<DashboardRenderer, 'render' | 'cardResult'>,
  where: DashboardLookup,
  locale: Locale,
  options: Pick<RenderOptions, 'query' | 'timeZone'> & { card?: string | null | undefined },
): Promise<ReportData | null> {
  const { card, ...render } = options;
  const dashboard = await renderer.render(where, locale, {
    ...render,
    everyRow: true,
    ...(card ? { cards: [card] } : {}),
  });
  if (!dashboard) return null;
  const results = new Map<string, QueryResult>();
  for (const c of dashboard.cards) {
    if (c.kind !== 'chart' || c.error) continue;
    // Served from the result cache the render just filled.
    const found = await renderer.cardResult(where, c.id, render).catch(() => null);
    if (found) results.set(c.id, found.result);
  }
  return { dashboard, results };
}

/** The report's subject, bodies and attachments, in the recipient's language. */
export async function composeReport(input: ReportInput): Promise<ComposedReport> {
  return addressReport(await reportBody(input), input.unsubscribeUrl);
}

/**
 * A report as everyone reading it in one language and time zone gets it: all but the
 * recipient's own unsubscribe link (`addressReport`). The charts' images and the PDF are the
 * costly part, so a delivery makes this once per language and zone, not once per recipient.
 */
export interface ReportBody {
  locale: Locale;
  subject: string;
  /** The reason line of the footer: the subscription's name. */
  name: string;
  html: string[];
  text: string[];
  attachments: EmailAttachment[];
  empty: boolean;
}

export async function reportBody(input: Omit<ReportInput, 'unsubscribeUrl'>): Promise<ReportBody> {
  const { locale } = input;
  const t = createT(locale);
  const dashboard = onlyCard(input.dashboard, input.card);
  const dashboardUrl = checkLink('report', input.dashboardUrl);
  const card = input.card ? dashboard.cards[0] : undefined;
  const title = card
    ? t('email.report.cardTitle', { card: card.title, dashboard: dashboard.title })
    : dashboard.title;
  const name = oneLine(input.name || title);
  const day = dateFormat(locale, { dateStyle: 'medium', timeZone: input.timeZone });
  // The zone's short name in the reader's language (`GMT-3`, `BRT`), not its IANA id.
  const time = dateFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: input.timeZone,
    timeZoneName: 'short',
  });
  const subject = oneLine(
    t('email.report.subject', { title: input.name || title, date: day.format(input.at) }),
  );
  const asOf = t('email.report.asOf', { time: time.format(input.at) });

  const attachments: EmailAttachment[] = [];
  const html: string[] = [`<h1 style="${styles.h1}">${e(dashboard.title)}</h1>`];
  const text: string[] = [dashboard.title];
  if (dashboard.description) {
    html.push(`<p>${e(dashboard.description)}</p>`);
    text.push(dashboard.description);
  }
  html.push(`<p style="${styles.muted}">${e(asOf)}</p>`);
  text.push(asOf);
  const filters = dashboard.filters.map((f) => `${f.label}: ${filterValue(f, locale, t)}`);
  html.push(`<h2 style="${styles.h2}">${e(t('email.report.filters'))}</h2>`);
  if (filters.length > 0) {
    html.push(`<ul>${filters.map((f) => `<li>${e(f)}</li>`).join('')}</ul>`);
    text.push(`${t('email.report.filters')}:\n${filters.map((f) => `- ${f}`).join('\n')}`);
  } else {
    html.push(`<p>${e(t('email.report.noFilters'))}</p>`);
    text.push(t('email.report.noFilters'));
  }

  const withCsv = input.attach.csv;
  for (const c of dashboard.cards) {
    const part = cardPart(c, { locale, t, withCsv });
    html.push(part.html);
    text.push(part.text);
    if (part.image) attachments.push(part.image);
    const result = input.results.get(c.id);
    if (withCsv && result)
      attachments.push({
        filename: `${dashboard.slug}-${c.id}.csv`,
        contentType: 'text/csv; charset=utf-8',
        content: toCsv(result),
      });
  }

  const hasCsv = attachments.some((a) => a.contentType.startsWith('text/csv'));
  if (input.attach.pdf) {
    const pdf = await dashboardPdfFile(
      dashboard,
      locale,
      input.attach.pdfLayout ?? pdfLayout.parse({}),
    );
    attachments.push({ filename: pdf.filename, contentType: pdf.type, content: pdf.body });
  }
  const attached = hasCsv
    ? input.attach.pdf
      ? 'email.report.attachmentsBoth'
      : 'email.report.attachments'
    : input.attach.pdf
      ? 'email.report.attachmentsPdf'
      : null;
  if (attached) {
    html.push(`<p style="${styles.muted}">${e(t(attached))}</p>`);
    text.push(t(attached));
  }

  html.push(
    `<p style="margin-top:24px"><a href="${e(dashboardUrl)}" style="${emailStyles.button}">${e(t('email.report.open'))}</a></p>`,
  );
  text.push(`${t('email.report.open')}:\n${dashboardUrl}`);
  return { locale, subject, name, html, text, attachments, empty: hasNoRows(dashboard) };
}

/** The report for one recipient: the body with their signed unsubscribe link in the footer. */
export function addressReport(body: ReportBody, unsubscribeLink: string): ComposedReport {
  const t = createT(body.locale);
  const s = emailStyles;
  const unsubscribeUrl = checkLink('report', unsubscribeLink);
  const why = t('email.report.why', { name: body.name });
  const html = [
    ...body.html,
    `<hr style="${s.rule}">`,
    `<p style="${s.footer}">${e(why)}<br>${e(t('email.report.unsubscribeHint'))} <a href="${e(unsubscribeUrl)}" style="${s.link}">${e(t('email.report.unsubscribe'))}</a></p>`,
    `<p style="${s.footer}">${e(t('email.footer'))}</p>`,
  ];
  const text = [
    ...body.text,
    `-- \n${why}\n${t('email.report.unsubscribeHint')}\n${unsubscribeUrl}\n\n${t('email.footer')}`,
  ];
  return {
    subject: body.subject,
    html: emailDocument(body.locale, body.subject, html.join('\n')),
    text: `${text.join('\n\n')}\n`,
    attachments: body.attachments,
    empty: body.empty,
  };
}

/** The dashboard with only the subscribed card, or whole; a card it no longer has is a 404. */
function onlyCard(dashboard: RenderedDashboard, card: string | null | undefined) {
  if (!card) return dashboard;
  const cards = dashboard.cards.filter((c) => c.id === card);
  if (cards.length === 0)
    throw new HttpError(404, { key: 'errors.dashboard.cardNotFound', params: { card } });
  return { ...dashboard, cards };
}

/**
 * Every data card drew from zero rows: "skip when there are no rows" sends nothing. A card that
 * failed is not empty (its error is news), nor is a dashboard of text cards only.
 */
export function hasNoRows(dashboard: RenderedDashboard): boolean {
  const data = dashboard.cards.filter((c) => c.kind === 'chart');
  return data.length > 0 && data.every((c) => !c.error && c.chart?.table.rows.length === 0);
}

interface CardPart {
  html: string;
  text: string;
  image?: EmailAttachment;
}

/** One card: its title, then its error, text, KPIs, chart (an inline image) or table. */
function cardPart(
  card: RenderedCard,
  { locale, t, withCsv }: { locale: Locale; t: Translate; withCsv: boolean },
): CardPart {
  // A text card may have no title.
  const html = card.title ? [`<h2 style="${styles.h2}">${e(card.title)}</h2>`] : [];
  const text = card.title ? [`== ${card.title} ==`] : [];
  const part = (): CardPart => ({ html: html.join('\n'), text: text.join('\n') });
  if (card.error) {
    html.push(
      `<p>${e(card.error.title)}</p>`,
      `<p style="${styles.muted}">${e(card.error.detail)}</p>`,
    );
    text.push(card.error.title, card.error.detail);
    return part();
  }
  if (card.html !== undefined) {
    // Markdown rendered by markdown.ts: user HTML already escaped, script links dropped.
    html.push(`<div>${card.html}</div>`);
    text.push(plainText(card.html));
    return part();
  }
  const chart = card.chart;
  if (!chart) return part();
  for (const kpi of chart.kpis ?? []) {
    const comparison = kpi.comparison ? kpi.comparison.text : '';
    html.push(
      `<div style="${styles.kpi}"><p style="${styles.muted};margin:0">${e(kpi.label)}</p><p style="${styles.kpiValue}">${e(kpi.value)}</p>${comparison ? `<p style="${styles.muted};margin:0">${e(comparison)}</p>` : ''}</div>`,
    );
    text.push(`${kpi.label}: ${kpi.value}${comparison ? ` (${comparison})` : ''}`);
  }
  let image: EmailAttachment | undefined;
  if (chart.svg) {
    const cid = `chart-${card.id}@painel`;
    const png = chartPng(chart.svg, card.title, imageWidth * 2);
    image = { filename: `${card.id}.png`, contentType: 'image/png', content: png, cid };
    html.push(
      `<img src="cid:${e(cid)}" width="${imageWidth}" height="${shownHeight(png)}" alt="${e(chart.description)}" style="${styles.img}">`,
    );
  }
  if (chart.legend?.length) {
    html.push(legendHtml(chart.legend, t));
    text.push(`${t('email.report.legend')}: ${chart.legend.map((l) => l.label).join(', ')}`);
  }
  html.push(`<p style="${styles.muted}">${e(chart.description)}</p>`);
  text.push(chart.description);
  if (card.type === 'table') {
    const table = tablePart(chart.table, { locale, t, withCsv });
    html.push(table.html);
    text.push(table.text);
  }
  return { ...part(), ...(image ? { image } : {}) };
}

/** A PNG's height at the email's column width, read from its header (IHDR: width, height). */
function shownHeight(png: Buffer): number {
  return Math.round((png.readUInt32BE(20) * imageWidth) / png.readUInt32BE(16));
}

/** The key as swatches and labels; a dashed series (a trend line) as a dashed line, as on the page. */
function legendHtml(items: LegendItem[], t: Translate): string {
  const entries = items.map((l) => {
    const color = e(plainSvg(l.color));
    const swatch =
      l.dash && l.dash !== 'none'
        ? `${styles.dash};border-top:2px dashed ${color}`
        : `${styles.swatch};background:${color}`;
    return `<span style="display:inline-block;margin-right:12px"><span style="${swatch}"></span>${e(l.label)}</span>`;
  });
  return `<p style="${styles.muted}">${e(t('email.report.legend'))}: ${entries.join(' ')}</p>`;
}

/** The first rows of a table card; how many more there are, and where. */
function tablePart(
  table: NonNullable<RenderedCard['chart']>['table'],
  { locale, t, withCsv }: { locale: Locale; t: Translate; withCsv: boolean },
): { html: string; text: string } {
  const rows = table.rows.slice(0, tableRowsShown);
  const align = (i: number) => (table.columns[i]?.numeric ? 'right' : 'left');
  const head = table.columns
    .map(
      (c, i) => `<th scope="col" style="${styles.cell};text-align:${align(i)}">${e(c.label)}</th>`,
    )
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((v, i) => `<td style="${styles.cell};text-align:${align(i)}">${e(v)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html = [
    // A wide table scrolls inside its box on a phone instead of widening the email.
    `<div style="overflow-x:auto"><table style="${styles.table}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`,
  ];
  const text = [
    table.columns.map((c) => c.label).join(' | '),
    ...rows.map((row) => row.join(' | ')),
  ];
  const more = table.rows.length - rows.length;
  if (more > 0) {
    const note = t(withCsv ? 'email.report.moreRowsCsv' : 'email.report.moreRows', {
      count: more,
      n: formatNumber(locale, more),
    });
    html.push(`<p style="${styles.muted}">${e(note)}</p>`);
    text.push(note);
  }
  return { html: html.join('\n'), text: text.join('\n') };
}
