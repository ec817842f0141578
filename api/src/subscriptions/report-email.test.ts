import type { Locale } from '@painel/i18n';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSpec, type DashboardSpec } from '../dashboards/spec.js';
import { escapeHtml } from '../email/layout.js';
import type { Mailer } from '../email/mailer.js';
import { sentTo, startTestSmtpServer, type TestSmtpServer } from '../email/smtp-test-server.js';
import { createMailer } from '../email/transport.js';
import { createLogger } from '../logger.js';
import { toCsv } from '../queries/csv.js';
import { htmlParts } from '../testing/emails.fixture.js';
import { expectSnapshot } from '../testing/snapshot.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import {
  composeReport,
  hasNoRows,
  type ReportInput,
  readReport,
  tableRowsShown,
} from './report-email.js';

/**
 * The report email end to end: the demo's Seattle weather dashboard (plus a table card) read
 * for a recipient, composed, sent through createMailer to a real SMTP server, and read back
 * by mailparser, in both languages.
 */

const timeZone = 'America/Sao_Paulo';
const at = new Date('2026-12-07T11:00:00Z'); // 08:00 in São Paulo
const dashboardUrl = 'https://painel.example/w/demo/dashboards/report';
const unsubscribeUrl = 'https://painel.example/unsubscribe?token=s1gn3d.t0k3n';
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A table card of the weather by month: 48 rows in the default period, more than the email shows. */
const monthlyCard = cardSpec.parse({
  id: 'monthly',
  layout: { x: 0, y: 90, w: 12, h: 6 },
  query: {
    sql: "SELECT date_trunc('month', date)::DATE AS month, count(*) AS days, avg(precipitation) AS rain FROM seattle_weather WHERE date BETWEEN {{period.start}} AND {{period.end}} GROUP BY 1 ORDER BY 1",
  },
  chart: {
    type: 'table',
    title: { en: 'Month by month', 'pt-BR': 'Mês a mês' },
    columns: [
      { field: 'month', label: { en: 'Month', 'pt-BR': 'Mês' } },
      { field: 'days', label: { en: 'Days', 'pt-BR': 'Dias' } },
      {
        field: 'rain',
        label: { en: 'Mean rain', 'pt-BR': 'Chuva média' },
        format: { style: 'number', digits: 1 },
      },
    ],
  },
});

const subjects: Record<Locale, string> = {
  en: 'Report: Weekly weather, Dec 7, 2026',
  'pt-BR': 'Relatório: Weekly weather, 7 de dez. de 2026',
};

const attachment = (message: ParsedMail, filename: string) =>
  message.attachments.find((a) => a.filename === filename);
const header = (message: ParsedMail, key: string) =>
  message.headerLines.find((h) => h.key === key)?.line;

describe('composeReport', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  const where = () => ({ slug: 'report', workspaceId: t.services.workspaceId });

  beforeAll(async () => {
    t = await createTestApp();
    smtp = await startTestSmtpServer();
    mailer = createMailer({
      smtpUrl: smtp.url,
      outboxDir: '/nonexistent',
      from: 'Painel <no-reply@painel.example>',
      logger: createLogger('silent'),
    });
    const store = t.services.dashboardStore;
    const weather = await store.find(t.services.workspaceId, 'seattle-weather');
    const spec: DashboardSpec = {
      ...weather.spec,
      slug: 'report',
      public: false,
      cards: [...weather.spec.cards, monthlyCard],
    };
    await store.create(t.services.workspaceId, null, spec);
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  /** The report of the whole dashboard in `locale`, sent to `to`, as received. */
  async function sendReport(locale: Locale, to: string, extra: Partial<ReportInput> = {}) {
    const data = await readReport(t.services.dashboardRenderer, where(), locale, {
      query: {},
      timeZone,
      card: extra.card,
    });
    if (!data) throw new Error('no dashboard');
    const report = await composeReport({
      ...data,
      locale,
      timeZone,
      at,
      name: 'Weekly weather',
      attach: { csv: true, pdf: true },
      dashboardUrl,
      unsubscribeUrl,
      ...extra,
    });
    const messageId = `<report-1.${locale}.${to}>`;
    await mailer.sendMessage({ ...report, kind: 'report', to, locale, messageId, unsubscribeUrl });
    return { data, report, messageId, message: await smtp.waitFor(sentTo(to), 20_000) };
  }

  for (const locale of ['en', 'pt-BR'] as Locale[]) {
    it(`sends the dashboard in ${locale}: charts inline with their descriptions, data as CSV, PDF`, async () => {
      const to = `ana.${locale}@example.org`;
      const { data, report, messageId, message } = await sendReport(locale, to);
      const { dashboard } = data;
      expect(report.empty).toBe(false);

      expect(message.subject).toBe(subjects[locale]);
      expect(message.messageId).toBe(messageId);
      expect(header(message, 'list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribeUrl}>`);
      expect(header(message, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      expect(message.headers.get('content-language')).toBe(locale);
      expect(message.headers.get('auto-submitted')).toBe('auto-generated');
      expect(message.headers.get('x-painel-template')).toBe('report');

      const html = message.html || '';
      const text = message.text ?? '';
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toContain(`<a href="${escapeHtml(unsubscribeUrl)}"`);
      expect(html).toContain(`<a href="${dashboardUrl}"`);
      expect(text).toContain(unsubscribeUrl);
      expect(text).toContain(dashboardUrl);
      for (const part of [html, text]) {
        // In the subscription's time zone, named in the reader's language.
        expect(part).toContain(
          locale === 'en'
            ? 'Data as of December 7, 2026 at 8:00 AM GMT-3.'
            : 'Dados de 7 de dezembro de 2026 às 08:00 BRT.',
        );
        expect(part).toContain(
          locale === 'en' ? 'Period: 01/01/2012 – 12/31/2015' : 'Período: 01/01/2012 – 31/12/2015',
        );
      }

      const charts = dashboard.cards.filter((c) => c.chart?.svg);
      expect(charts.length).toBeGreaterThanOrEqual(5);
      for (const card of dashboard.cards) {
        if (card.title) {
          expect(html).toContain(escapeHtml(card.title));
          expect(text).toContain(card.title);
        }
      }
      // Each chart is an inline PNG the HTML shows by cid, its description the alternative text.
      const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
      expect(cids).toHaveLength(charts.length);
      for (const card of charts) {
        const description = card.chart?.description ?? '';
        expect(html).toContain(`alt="${escapeHtml(description)}"`);
        expect(text).toContain(description);
      }
      for (const cid of cids) {
        const image = message.attachments.find((a) => a.cid === cid);
        expect(image?.contentType).toBe('image/png');
        expect(image?.related).toBe(true);
        expect(image?.content.subarray(0, 8).equals(pngSignature)).toBe(true);
      }

      // Every data card's data, byte for byte the card's CSV download.
      const dataCards = dashboard.cards.filter((c) => c.kind === 'chart');
      for (const card of dataCards) {
        const found = await t.services.dashboardRenderer.cardResult(where(), card.id, {
          query: {},
          timeZone,
        });
        const csv = attachment(message, `report-${card.id}.csv`);
        expect(csv?.contentType).toBe('text/csv');
        expect(csv?.content.toString('utf8')).toBe(
          toCsv(found?.result ?? { columns: [], rows: [] }),
        );
      }
      const pdf = attachment(message, 'report.pdf');
      expect(pdf?.contentType).toBe('application/pdf');
      expect(pdf?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // KPIs as text, numbers as the recipient writes them.
      const kpis = dashboard.cards.find((c) => c.id === 'summary')?.chart?.kpis ?? [];
      // Intl puts a no-break space before units.
      expect(kpis.map((k) => k.value)).toEqual(
        locale === 'en'
          ? [
              '1,461',
              expect.stringMatching(/^16\.4\s°C$/),
              expect.stringMatching(/^4,426\smm$/),
              '44%',
            ]
          : [
              '1.461',
              expect.stringMatching(/^16,4\s°C$/),
              expect.stringMatching(/^4\.426\smm$/),
              '44%',
            ],
      );
      for (const kpi of kpis) {
        expect(html).toContain(escapeHtml(kpi.value));
        expect(text).toContain(`${kpi.label}: ${kpi.value}`);
      }

      // A table card shows its first rows and says where the rest are.
      const monthly = dashboard.cards.find((c) => c.id === 'monthly')?.chart?.table;
      expect(monthly?.rows).toHaveLength(48);
      // More than a page's rows reach the email, which shows the first: the header row and the rows shown, in
      // each of its two tables (this one and the demo's table of every day).
      expect(
        dashboard.cards.find((c) => c.id === 'days')?.chart?.table.rows.length,
      ).toBeGreaterThan(25);
      expect(html.match(/<tr>/g)).toHaveLength(2 * (tableRowsShown + 1));
      expect(text).toContain(monthly?.rows[0]?.join(' | '));
      expect(text).not.toContain(monthly?.rows[tableRowsShown]?.join(' | '));
      const more =
        locale === 'en'
          ? '38 more rows are in the attached CSV file.'
          : 'Mais 38 linhas estão no arquivo CSV anexo.';
      expect(html).toContain(more);
      expect(text).toContain(more);

      // Laid out as every Painel email; what it says, as people read it.
      const parts = htmlParts(report.html, locale, report.subject);
      expectSnapshot('email-layout.html', parts.layout);
      expectSnapshot(`email-report-${locale}.html`, parts.content);
      expectSnapshot(`email-report-${locale}.txt`, `Subject: ${report.subject}\n\n${report.text}`);
    });
  }

  it('sends one card of a card subscription, without images for a table, and says the rest is on the dashboard', async () => {
    const to = 'card@example.org';
    const { message, report } = await sendReport('pt-BR', to, {
      card: 'monthly',
      name: null,
      attach: { csv: false, pdf: false },
    });
    expect(report.empty).toBe(false);
    expect(message.subject).toBe(
      'Relatório: Mês a mês – Clima de Seattle e ações de tecnologia, 7 de dez. de 2026',
    );
    expect(message.attachments).toEqual([]);
    expect(message.html).toContain('Mais 38 linhas estão no painel.');
    expect(message.html).not.toContain('Dias por tipo de tempo');
    expect(message.text).toContain(
      'Você recebe este e-mail porque é destinatário da assinatura “Mês a mês – Clima de Seattle e ações de tecnologia” no Painel.',
    );
  });

  it('is empty when every data card has no rows, and not otherwise', async () => {
    const store = t.services.dashboardStore;
    await store.create(t.services.workspaceId, null, {
      ...(await store.find(t.services.workspaceId, 'report')).spec,
      slug: 'quiet',
      cards: [
        monthlyCard,
        {
          id: 'note',
          kind: 'text',
          layout: { x: 0, y: 0, w: 12, h: 2 },
          text: { en: 'Source: NOAA' },
        },
      ],
    });
    const compose = async (query: Record<string, string>) => {
      const data = await readReport(
        t.services.dashboardRenderer,
        { slug: 'quiet', workspaceId: t.services.workspaceId },
        'en',
        { query, timeZone },
      );
      if (!data) throw new Error('no dashboard');
      return composeReport({
        ...data,
        locale: 'en',
        timeZone,
        at,
        attach: { csv: true, pdf: false },
        dashboardUrl,
        unsubscribeUrl,
      });
    };
    const nothing = await compose({
      period: 'custom',
      'period.start': '2030-01-01',
      'period.end': '2030-01-31',
    });
    expect(nothing.empty).toBe(true);
    expect(nothing.text).toContain('Source: NOAA');
    expect((await compose({})).empty).toBe(false);

    // A card that failed is news, not an empty report; text alone is not empty either.
    const layout = { x: 0, y: 0, w: 12, h: 2 };
    const failed = {
      id: 'x',
      kind: 'chart',
      title: 'X',
      layout,
      error: { title: 'Oops', detail: '…' },
    } as const;
    const note = { id: 'n', kind: 'text', title: '', layout, html: '<p>Hi</p>' } as const;
    const shell = { slug: 'quiet', title: 'Quiet', description: '', filters: [] };
    expect(hasNoRows({ ...shell, cards: [failed] })).toBe(false);
    expect(hasNoRows({ ...shell, cards: [note] })).toBe(false);
  });

  it('refuses a link that is not http(s), before anything is sent', async () => {
    const data = await readReport(t.services.dashboardRenderer, where(), 'en', { query: {} });
    if (!data) throw new Error('no dashboard');
    const input: ReportInput = {
      ...data,
      locale: 'en',
      timeZone,
      at,
      attach: { csv: false, pdf: false },
      dashboardUrl,
      unsubscribeUrl: 'javascript:alert(1)',
    };
    await expect(composeReport(input)).rejects.toThrow(/protocol javascript: is not allowed/);
    await expect(composeReport({ ...input, unsubscribeUrl, card: 'gone' })).rejects.toMatchObject({
      status: 404,
      key: 'errors.dashboard.cardNotFound',
    });
  });
});
