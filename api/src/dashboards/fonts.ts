import { createRequire } from 'node:module';
import { pdfFonts } from './pdf-blocks.js';

const require = createRequire(import.meta.url);

/**
 * DejaVu Sans (every Portuguese accent is in it), from the dejavu-fonts-ttf package rather than
 * the system: the container image has no fonts, and a PNG drawn without one has no text.
 */
export const fontFiles = {
  regular: require.resolve(`dejavu-fonts-ttf/ttf/${pdfFonts.regular}.ttf`),
  bold: require.resolve(`dejavu-fonts-ttf/ttf/${pdfFonts.bold}.ttf`),
};
