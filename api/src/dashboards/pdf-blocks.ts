import type { Locale, Translate } from '@painel/i18n';

/** The fonts the dashboard's PDF registers (DejaVu Sans: every Portuguese accent is in it). */
export const pdfFonts = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' } as const;

/** Where a card is drawn: the column it fills, and the tallest it may be (a page's content). */
export interface PdfFrame {
  doc: PDFKit.PDFDocument;
  x: number;
  width: number;
  maxHeight: number;
  locale: Locale;
  t: Translate;
}

/** A part of the page, measured before it is placed so that a card never breaks across pages. */
export interface PdfBlock {
  height: number;
  /** Draws at `y`, tagged under `parent` (decorations are artifacts, outside the structure). */
  draw(y: number, parent: PDFKit.PDFStructureElement): void;
}

/** The light theme's colours, and sizes in points, the dashboard's PDF is drawn with. */
export const pdfStyle = {
  ink: '#1f2328',
  muted: '#59636e',
  rule: '#d1d9e0',
  cellSize: 8.5,
  rowHeight: 14,
  gap: 6,
} as const;
const { ink, rule, gap } = pdfStyle;

/** A paragraph (or heading) in one font, as tall as it wraps to, at most half a page. */
export function textBlock(
  frame: PdfFrame,
  content: string,
  style: { tag: string; size: number; bold?: boolean; color?: string; after?: number },
): PdfBlock {
  const { doc, width } = frame;
  const font = style.bold ? pdfFonts.bold : pdfFonts.regular;
  doc.font(font).fontSize(style.size);
  const height = Math.min(doc.heightOfString(content, { width }), frame.maxHeight / 2);
  return {
    height: height + (style.after ?? gap),
    draw(y, parent) {
      parent.add(
        doc.struct(style.tag, {}, () => {
          doc
            .font(font)
            .fontSize(style.size)
            .fillColor(style.color ?? ink);
          doc.text(content, frame.x, y, { width, height, ellipsis: true });
        }),
      );
    },
  };
}

/** A thin line above each card: decoration, so an artifact for screen readers. */
export function ruleBlock(frame: PdfFrame): PdfBlock {
  const { doc } = frame;
  return {
    height: 10,
    draw(y) {
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(frame.x, y + 2)
        .lineTo(frame.x + frame.width, y + 2)
        .lineWidth(0.5)
        .strokeColor(rule)
        .stroke();
      doc.endMarkedContent();
    },
  };
}
