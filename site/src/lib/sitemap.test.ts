import { describe, expect, it } from 'vitest';
import { sitemapXml, sitePages } from './sitemap';

describe('sitemapXml', () => {
  const xml = sitemapXml(['/', '/dashboards/a&b'], new URL('https://bi.example.org/'));
  const entries = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1] ?? '');
  const loc = (entry: string) => /<loc>(.*?)<\/loc>/.exec(entry)?.[1];
  const links = (entry: string) =>
    [...entry.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]);

  it('lists each page once per language, on the public origin, escaped', () => {
    expect(entries.map(loc)).toEqual([
      'https://bi.example.org/',
      'https://bi.example.org/pt-br/',
      'https://bi.example.org/dashboards/a&amp;b',
      'https://bi.example.org/pt-br/dashboards/a&amp;b',
    ]);
  });

  it('gives every entry all its languages and a default, as search engines ask', () => {
    const expected = [
      ['en', 'https://bi.example.org/dashboards/a&amp;b'],
      ['pt-BR', 'https://bi.example.org/pt-br/dashboards/a&amp;b'],
      ['x-default', 'https://bi.example.org/dashboards/a&amp;b'],
    ];
    expect(links(entries[2] ?? '')).toEqual(expected);
    expect(links(entries[3] ?? '')).toEqual(expected);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /);
  });

  it('lists every page of the site in both languages, each with its alternates', () => {
    const site = sitemapXml(sitePages, new URL('https://bi.example.org/'));
    const pages = [...site.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1] ?? '');
    const byLoc = new Map(pages.map((entry) => [loc(entry), links(entry)]));
    for (const path of ['/features', '/compare', '/self-host', '/changelog']) {
      const expected = [
        ['en', `https://bi.example.org${path}`],
        ['pt-BR', `https://bi.example.org/pt-br${path}`],
        ['x-default', `https://bi.example.org${path}`],
      ];
      expect(byLoc.get(`https://bi.example.org${path}`)).toEqual(expected);
      expect(byLoc.get(`https://bi.example.org/pt-br${path}`)).toEqual(expected);
    }
  });
});
