import { describe, expect, it } from 'vitest';
import { ogImageFor, ogImages, ogPages, ogPng, ogSize, ogSvg, wrapText } from './og-images';

describe('wrapText', () => {
  it.each([
    ['fits on one line', 'Dashboards everyone', 26, 2, ['Dashboards everyone']],
    ['breaks between words', 'one two three four', 9, 3, ['one two', 'three', 'four']],
    ['ends in an ellipsis past its lines', 'one two three four', 9, 2, ['one two', 'three…']],
    [
      'keeps a word longer than a line whole',
      'Painel extraordinarily',
      8,
      2,
      ['Painel', 'extraordinarily'],
    ],
  ])('%s', (_, text, width, lines, expected) => {
    expect(wrapText(text, width, lines)).toEqual(expected);
  });
});

describe('ogImageFor', () => {
  it.each([
    ['/', 'en', '/og/en-home.png', 'Dashboards everyone can read'],
    ['/changelog', 'en', '/og/en-changelog.png', 'Changelog'],
    ['/pt-br/changelog/', 'pt-BR', '/og/pt-br-changelog.png', 'Novidades'],
    ['/pt-br/', 'pt-BR', '/og/pt-br-home.png', 'Painéis que todo mundo consegue ler'],
    // A page without its own image shows its language's home one.
    ['/login', 'en', '/og/en-home.png', 'Dashboards everyone can read'],
  ] as const)('%s (%s) → %s', (path, locale, image, alt) => {
    expect(ogImageFor(path, locale)).toEqual({ path: image, alt, ...ogSize });
  });

  it('names one image per page and language, each unique', () => {
    const files = ogImages().map((i) => i.file);
    expect(files).toHaveLength(ogPages.length * 2);
    expect(new Set(files).size).toBe(files.length);
  });
});

describe('ogPng', () => {
  it('draws the text of the page, in the bundled font', () => {
    const svg = ogSvg('pt-BR', ogPages[0]);
    expect(svg).toContain('Painéis');
    // Without a font resvg skips text: the same drawing without its text would be the same PNG.
    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');
    const png = ogPng(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(ogSize.width);
    expect(png.readUInt32BE(20)).toBe(ogSize.height);
    expect(png.equals(ogPng(withoutText))).toBe(false);
  });
});
