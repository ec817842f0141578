/// <reference path="./svg-to-pdfkit.d.ts" />
import { parseHTML } from 'linkedom';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Kpi, LegendItem } from '../charts/spec.js';
import { plainSvg } from './card-image.js';
import {
  type PdfBlock,
  type PdfFrame,
  pdfFonts,
  pdfStyle,
  ruleBlock,
  textBlock,
} from './pdf-blocks.js';
import { tableBlock } from './pdf-table.js';
import type { RenderedCard } from './spec.js';

const { ink, muted, cellSize, rowHeight, gap } = pdfStyle;

/** KPIs side by side, three to a row: label, value, and the comparison when there is one. */
function kpiBlock(frame: PdfFrame, kpis: Kpi[]): PdfBlock {
  const { doc } = frame;
  const columns = Math.min(kpis.length, 3);
  const width = frame.width / columns;
  const itemHeight = kpis.some((k) => k.comparison) ? 52 : 40;
  return {
    height: Math.ceil(kpis.length / columns) * itemHeight + gap,
    draw(y, parent) {
      kpis.forEach((kpi, i) => {
        const x = frame.x + (i % columns) * width;
        const top = y + Math.floor(i / columns) * itemHeight;
        const options = { width: width - 8, lineBreak: false, ellipsis: true };
        parent.add(
          doc.struct('P', {}, () => {
            doc
              .font(pdfFonts.regular)
              .fontSize(9)
              .fillColor(muted)
              .text(kpi.label, x, top, options);
            doc
              .font(pdfFonts.bold)
              .fontSize(18)
              .fillColor(ink)
              .text(kpi.value, x, top + 12, options);
            if (kpi.comparison)
              doc
                .font(pdfFonts.regular)
                .fontSize(9)
                .fillColor(muted)
                .text(kpi.comparison.text, x, top + 36, options);
          }),
        );
      });
    },
  };
}

/**
 * The chart's SVG as vector drawing, as wide as the column and at most about half a page tall,
 * tagged as a figure whose alternative text is the chart's description.
 */
function chartBlock(frame: PdfFrame, svg: string, description: string): PdfBlock {
  const { doc } = frame;
  const box = /viewBox="([\d.\s-]+)"/.exec(svg)?.[1]?.split(/\s+/).map(Number) ?? [];
  const [, , w = 560, h = 300] = box;
  const scale = Math.min(frame.width / w, (frame.maxHeight * 0.5) / h);
  const drawn = { width: w * scale, height: h * scale };
  return {
    height: drawn.height + gap,
    draw(y, parent) {
      parent.add(
        doc.struct('Figure', { alt: description }, () =>
          SVGtoPDF(doc, plainSvg(svg), frame.x, y, {
            ...drawn,
            fontCallback: (_family, bold) => (bold ? pdfFonts.bold : pdfFonts.regular),
            // Plot's stylesheet (`:where(…)` rules) only sets what the page needs; nothing to say.
            warningCallback: () => undefined,
          }),
        ),
      );
    },
  };
}

/** The legend as swatches and labels that wrap like words. */
function legendBlock(frame: PdfFrame, items: LegendItem[]): PdfBlock {
  const { doc } = frame;
  doc.font(pdfFonts.regular).fontSize(cellSize);
  const placed: { item: LegendItem; x: number; line: number }[] = [];
  let x = 0;
  let line = 0;
  for (const item of items) {
    const width = 14 + doc.widthOfString(item.label) + 12;
    if (x > 0 && x + width > frame.width) {
      x = 0;
      line++;
    }
    placed.push({ item, x, line });
    x += width;
  }
  return {
    height: (line + 1) * rowHeight + gap,
    draw(y, parent) {
      parent.add(
        doc.struct('P', {}, () => {
          for (const { item, x, line } of placed) {
            const left = frame.x + x;
            const top = y + line * rowHeight;
            const color = plainSvg(item.color);
            if (item.dash && item.dash !== 'none')
              doc
                .moveTo(left, top + 5)
                .lineTo(left + 10, top + 5)
                .lineWidth(1.5)
                .dash(3, { space: 2 })
                .strokeColor(color)
                .stroke()
                .undash();
            else
              doc
                .rect(left, top + 1, 9, 9)
                .fillColor(color)
                .fill();
            doc.font(pdfFonts.regular).fontSize(cellSize).fillColor(ink);
            doc.text(item.label, left + 14, top, { lineBreak: false });
          }
        }),
      );
    },
  };
}

/** A text card's Markdown (as HTML) in plain paragraphs, list items marked with a bullet. */
export function plainText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return [...document.body.children]
    .map((el) =>
      el.tagName === 'UL' || el.tagName === 'OL'
        ? [...el.children].map((li) => `• ${li.textContent?.trim() ?? ''}`).join('\n')
        : (el.textContent?.trim() ?? ''),
    )
    .filter(Boolean)
    .join('\n\n');
}

/**
 * One card as the blocks it is drawn in: its title, then its error, its text, or its KPIs,
 * chart, legend, description (the chart's words, also the figure's alternative text) and, for a
 * table card, its data.
 */
export function cardBlocks(frame: PdfFrame, card: RenderedCard): PdfBlock[] {
  const blocks = [
    ruleBlock(frame),
    textBlock(frame, card.title, { tag: 'H2', size: 13, bold: true }),
  ];
  const text = (content: string, color: string = ink) =>
    textBlock(frame, content, { tag: 'P', size: 10, color });
  if (card.error) return [...blocks, text(card.error.title), text(card.error.detail, muted)];
  if (card.html) return [...blocks, text(plainText(card.html))];
  const chart = card.chart;
  if (!chart) return blocks;
  if (chart.kpis?.length) blocks.push(kpiBlock(frame, chart.kpis));
  if (chart.svg) blocks.push(chartBlock(frame, chart.svg, chart.description));
  if (chart.legend?.length) blocks.push(legendBlock(frame, chart.legend));
  blocks.push(text(chart.description, muted));
  if (card.type !== 'table') return blocks;
  const used = blocks.reduce((sum, b) => sum + b.height, 0);
  return [...blocks, ...tableBlock(frame, chart.table, frame.maxHeight - used)];
}
