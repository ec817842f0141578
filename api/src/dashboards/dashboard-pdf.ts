import { createT, formatDate, formatNumber, type Locale, type Translate } from '@painel/i18n';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { fontFiles } from './fonts.js';
import { type PdfBlock, type PdfFrame, pdfFonts, pdfStyle, textBlock } from './pdf-blocks.js';
import { cardBlocks } from './pdf-card.js';
import type { RenderedDashboard, RenderedFilter } from './spec.js';

/**
 * A dashboard as a PDF: its title and description, the filters in effect, then each card
 * (title, KPIs, chart, legend, description, a table card's data), a card never split across
 * pages. Composed in JavaScript with pdfkit, charts drawn as vectors from the same SVG the page
 * shows (svg-to-pdfkit), rather than printed by a browser: that would add ~300 MB of Chromium
 * to the image. Tagged (headings, paragraphs, figures with their description as alternative
 * text, tables), in the reader's language, with DejaVu Sans embedded.
 */

/**
 * `?paper=a4|letter&orientation=portrait|landscape`, and `lang` for a page's link to ask for the
 * page's language (a link cannot set Accept-Language); the rest of the query string is filters.
 */
export const pdfLayout = z.object({
  paper: z.enum(['a4', 'letter']).default('a4'),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  lang: z.enum(['en', 'pt-BR'] satisfies Locale[]).optional(),
});
export type PdfLayout = z.infer<typeof pdfLayout>;

const margin = 40;
const cardGap = 12;

/** A filter's value as the reader chose it, in words: `ORD, SEA`, `25/11/2026 – 30/11/2026`. */
export function filterValue(filter: RenderedFilter, locale: Locale, t: Translate): string {
  const { value } = filter;
  const label = (v: string) => filter.options?.find((o) => o.value === v)?.label ?? v;
  if (filter.type === 'dateRange') {
    if (value.start && value.end)
      return `${formatDate(locale, value.start)} – ${formatDate(locale, value.end)}`;
    if (value.preset) return label(value.preset);
  }
  if (filter.type === 'select' && value.selected?.length)
    return value.selected.map(label).join(', ');
  if (filter.type === 'numberRange' && (value.min || value.max)) {
    const bound = (key: string, v: string | undefined) =>
      v ? [`${t(key)}: ${formatNumber(locale, Number(v))}`] : [];
    return [
      ...bound('dashboard.filter.min', value.min),
      ...bound('dashboard.filter.max', value.max),
    ].join(' · ');
  }
  return t('dashboard.filter.all');
}

/** The dashboard's PDF, in `locale`, on the paper and in the orientation asked for. */
export function dashboardPdf(
  dashboard: RenderedDashboard,
  locale: Locale,
  layout: PdfLayout,
): Promise<Buffer> {
  const t = createT(locale);
  const doc = new PDFDocument({
    size: layout.paper === 'a4' ? 'A4' : 'LETTER',
    layout: layout.orientation,
    margin,
    // The default font too, or pdfkit would reference Helvetica, which it cannot embed.
    font: fontFiles.regular,
    tagged: true,
    lang: locale,
    displayTitle: true,
    info: { Title: dashboard.title, Creator: 'Painel' },
  });
  doc.registerFont(pdfFonts.regular, fontFiles.regular);
  doc.registerFont(pdfFonts.bold, fontFiles.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const top = margin;
  const bottom = doc.page.height - margin;
  const frame: PdfFrame = {
    doc,
    x: margin,
    width: doc.page.width - 2 * margin,
    maxHeight: bottom - top,
    locale,
    t,
  };
  const root = doc.struct('Document');
  doc.addStructure(root);
  let y = top;
  /** Draws blocks together, on a new page when they do not fit on this one. */
  const place = (blocks: PdfBlock[]) => {
    const height = blocks.reduce((sum, b) => sum + b.height, 0);
    if (y + height > bottom && y > top) {
      doc.addPage();
      y = top;
    }
    for (const block of blocks) {
      block.draw(y, root);
      y += block.height;
    }
    y += cardGap;
  };

  const header = [textBlock(frame, dashboard.title, { tag: 'H1', size: 20, bold: true })];
  if (dashboard.description)
    header.push(
      textBlock(frame, dashboard.description, { tag: 'P', size: 11, color: pdfStyle.muted }),
    );
  if (dashboard.filters.length > 0)
    header.push(
      textBlock(frame, t('dashboard.filters.title'), { tag: 'H2', size: 11, bold: true, after: 2 }),
      ...dashboard.filters.map((f) =>
        textBlock(frame, `${f.label}: ${filterValue(f, locale, t)}`, {
          tag: 'P',
          size: 10,
          after: 2,
        }),
      ),
    );
  place(header);
  for (const card of dashboard.cards) place(cardBlocks(frame, card));
  root.end();
  doc.end();
  return done;
}

/** The dashboard's PDF as a download: `<slug>.pdf`. */
export async function dashboardPdfFile(
  dashboard: RenderedDashboard,
  locale: Locale,
  layout: PdfLayout,
) {
  return {
    filename: `${dashboard.slug}.pdf`,
    type: 'application/pdf',
    body: await dashboardPdf(dashboard, locale, layout),
  };
}
