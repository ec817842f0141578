import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import ptBR from './pt-BR.json' with { type: 'json' };
import {
  createT,
  formatDate,
  formatNumber,
  localeFromPath,
  localizePath,
  negotiateLocale,
} from './src/index.js';

// pt-BR may have plural forms English lacks (and the reverse), so keys compare without them.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const keys = (catalog: Record<string, string>) => new Set(Object.keys(catalog).map(base));

describe('message catalogs', () => {
  it('have the same keys in English and Portuguese', () => {
    const a = keys(en);
    const b = keys(ptBR);
    expect(
      [...a].filter((k) => !b.has(k)),
      'missing in pt-BR',
    ).toEqual([]);
    expect(
      [...b].filter((k) => !a.has(k)),
      'missing in en',
    ).toEqual([]);
  });

  it('have no empty messages and the same {{placeholders}} per key', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(en) as [string, string][]) {
      expect(value.trim(), key).not.toBe('');
      const pt = (ptBR as Record<string, string>)[key];
      if (pt !== undefined) expect(placeholders(pt), key).toEqual(placeholders(value));
    }
  });
});

describe('translate and format', () => {
  it('translates with interpolation per locale', () => {
    expect(createT('pt-BR')('errors.notFound.detail', { path: '/x' })).toBe(
      'Não há nada em /x. Confira o endereço.',
    );
    expect(createT('en')('errors.notFound.title')).toBe('Not found');
  });

  it('formats numbers and dates the way each locale writes them', () => {
    expect(formatNumber('pt-BR', 1234.56)).toBe('1.234,56');
    expect(formatNumber('en', 1234.56)).toBe('1,234.56');
    expect(formatDate('pt-BR', '2026-11-25')).toBe('25/11/2026');
    expect(formatDate('en', '2026-11-25')).toBe('11/25/2026');
  });
});

describe('locale of a request', () => {
  it.each([
    [undefined, 'en'],
    ['pt-BR,pt;q=0.9,en;q=0.8', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['fr-FR,fr;q=0.9', 'en'],
    ['fr;q=1, pt;q=0.5, en;q=0.4', 'pt-BR'],
    ['en;q=0.2, pt-BR;q=0.8', 'pt-BR'],
    ['pt;q=0, en', 'en'],
  ])('Accept-Language %s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('reads and rewrites the locale prefix of a path', () => {
    expect(localeFromPath('/pt-br/dashboards/flights')).toBe('pt-BR');
    expect(localeFromPath('/dashboards/flights')).toBe('en');
    expect(localizePath('/dashboards/flights', 'pt-BR')).toBe('/pt-br/dashboards/flights');
    expect(localizePath('/pt-br/dashboards/flights', 'en')).toBe('/dashboards/flights');
    expect(localizePath('/', 'pt-BR')).toBe('/pt-br/');
    expect(localizePath('/pt-br/', 'en')).toBe('/');
  });
});
