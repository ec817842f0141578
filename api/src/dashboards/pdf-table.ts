import { formatNumber } from '@painel/i18n';
import type { RenderedChart } from '../charts/spec.js';
import { type PdfBlock, type PdfFrame, pdfFonts, pdfStyle, textBlock } from './pdf-blocks.js';

const { ink, muted, rule, cellSize, rowHeight, gap } = pdfStyle;

/**
 * The data table, as many rows as fit in `room` (a card never breaks across pages); a note
 * says how many more the CSV download has.
 */
export function tableBlock(
  frame: PdfFrame,
  table: RenderedChart['table'],
  room: number,
): PdfBlock[] {
  const { doc, t, locale } = frame;
  const fits = Math.max(1, Math.floor((room - 2 * rowHeight - gap) / rowHeight) - 1);
  const rows = table.rows.slice(0, fits);
  const left = table.rows.length - rows.length;
  const natural = table.columns.map((c, i) => {
    doc.font(pdfFonts.bold).fontSize(cellSize);
    const head = doc.widthOfString(c.label);
    doc.font(pdfFonts.regular);
    return Math.max(head, ...rows.map((r) => doc.widthOfString(r[i] ?? ''))) + 10;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((n) => (n / total) * frame.width);
  const drawRow = (cells: string[], top: number, header: boolean) => {
    const row = doc.struct('TR');
    let x = frame.x;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      const align = table.columns[i]?.numeric ? 'right' : 'left';
      const at = x;
      row.add(
        doc.struct(header ? 'TH' : 'TD', {}, () => {
          doc
            .font(header ? pdfFonts.bold : pdfFonts.regular)
            .fontSize(cellSize)
            .fillColor(ink);
          doc.text(cell, at + 4, top + 3, {
            width: width - 8,
            align,
            lineBreak: false,
            ellipsis: true,
          });
        }),
      );
      x += width;
    });
    row.end();
    return row;
  };
  const blocks: PdfBlock[] = [
    {
      height: (rows.length + 1) * rowHeight + gap,
      draw(y, parent) {
        const struct = doc.struct('Table');
        parent.add(struct);
        doc.markContent('Artifact', { type: 'Layout' });
        doc.rect(frame.x, y, frame.width, rowHeight).fillColor('#f6f8fa').fill();
        for (let r = 1; r <= rows.length; r++)
          doc
            .moveTo(frame.x, y + r * rowHeight)
            .lineTo(frame.x + frame.width, y + r * rowHeight)
            .lineWidth(0.5)
            .strokeColor(rule)
            .stroke();
        doc.endMarkedContent();
        struct.add(
          drawRow(
            table.columns.map((c) => c.label),
            y,
            true,
          ),
        );
        rows.forEach((r, i) => {
          struct.add(drawRow(r, y + (i + 1) * rowHeight, false));
        });
        struct.end();
      },
    },
  ];
  if (left > 0)
    blocks.push(
      textBlock(
        frame,
        t('dashboard.pdf.moreRows', { count: left, n: formatNumber(locale, left) }),
        {
          tag: 'P',
          size: cellSize,
          color: muted,
        },
      ),
    );
  return blocks;
}
