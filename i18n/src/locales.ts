/** The languages Painel speaks. `tag` is the BCP 47 tag; `path` is the URL prefix of its pages. */
export const locales = [
  { tag: 'en', path: '', label: 'English', docsPath: '' },
  { tag: 'pt-BR', path: 'pt-br', label: 'Português (Brasil)', docsPath: 'pt-BR' },
] as const;

export type Locale = (typeof locales)[number]['tag'];
export const defaultLocale: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return locales.some((l) => l.tag === value);
}

/** The locale a site path belongs to: `/pt-br/…` is Portuguese, anything else English. */
export function localeFromPath(pathname: string): Locale {
  const first = pathname.split('/')[1]?.toLowerCase();
  return locales.find((l) => l.path !== '' && l.path === first)?.tag ?? defaultLocale;
}

/** The same page in another locale: `/pt-br/dashboards/flights` ⇄ `/dashboards/flights`. */
export function localizePath(pathname: string, to: Locale): string {
  const from = localeFromPath(pathname);
  const fromPrefix = locales.find((l) => l.tag === from)?.path ?? '';
  const bare = fromPrefix ? pathname.slice(fromPrefix.length + 1) || '/' : pathname;
  const toPrefix = locales.find((l) => l.tag === to)?.path ?? '';
  return toPrefix ? `/${toPrefix}${bare === '/' ? '/' : bare}` : bare;
}

/**
 * Picks the best supported locale from an Accept-Language header (RFC 9110 weights).
 * Any Portuguese variant maps to pt-BR, the only Portuguese we ship.
 */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { range: range.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.range && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranked) {
    if (range === 'pt' || range.startsWith('pt-')) return 'pt-BR';
    if (range === 'en' || range.startsWith('en-')) return 'en';
  }
  return defaultLocale;
}
