import { Resvg } from '@resvg/resvg-js';
import { fontFiles } from './fonts.js';

/**
 * A chart's SVG as something without a stylesheet draws it (resvg here, svg-to-pdfkit for the
 * dashboard's PDF): the page's colours are CSS variables with fallbacks, so each takes its
 * fallback (the light theme), and `currentColor` becomes near-black, for a white page.
 */
export function plainSvg(svg: string): string {
  return svg.replace(/var\(--[\w-]+,\s*([^()]+?)\)/g, '$1').replaceAll('currentColor', '#1f2328');
}

/** A card's chart as a PNG, drawn on the server from the same SVG the page shows. */
export function chartPng(svg: string, title: string, width = 1120): Buffer {
  const plain = plainSvg(svg).replace(/^<svg\b/, '<svg x="0" y="40"');
  const box = /viewBox="([\d.\s-]+)"/.exec(svg)?.[1]?.split(/\s+/).map(Number) ?? [0, 0, 560, 300];
  const [, , w = 560, h = 300] = box;
  const page = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + 48}" viewBox="0 0 ${w} ${h + 48}" font-family="DejaVu Sans, sans-serif">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="8" y="26" font-size="16" font-weight="bold" fill="#1f2328">${escapeXml(title)}</text>
${plain.replace(/\sstyle="[^"]*"/, ` width="${w}" height="${h}"`)}
</svg>`;
  const png = new Resvg(page, {
    fitTo: { mode: 'width', value: width },
    font: {
      fontFiles: [fontFiles.regular, fontFiles.bold],
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
    },
  }).render();
  return png.asPng();
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c,
  );
}
