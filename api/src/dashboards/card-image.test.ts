import { expect, it } from 'vitest';
import { chartPng } from './card-image.js';

it('draws the card title in the bundled font, whatever fonts the system has', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="50" height="40" fill="#0b5cad"/></svg>';
  // resvg skips text it has no font for: then both pictures would be the same.
  expect(chartPng(svg, 'Atrasos por mês').equals(chartPng(svg, ''))).toBe(false);
});
