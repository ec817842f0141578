import i18next, { type TFunction } from 'i18next';
import en from '../en.json' with { type: 'json' };
import ptBR from '../pt-BR.json' with { type: 'json' };
import type { Locale } from './locales.js';

export * from './format.js';
export * from './locales.js';

export const catalogs: Record<Locale, Record<string, string>> = { en, 'pt-BR': ptBR };

const instance = i18next.createInstance();
// Keys are flat and dotted ("site.nav.docs"), so neither dots nor colons separate anything.
void instance.init({
  resources: { en: { translation: en }, 'pt-BR': { translation: ptBR } },
  lng: 'en',
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

export type Translate = (key: string, params?: Record<string, unknown>) => string;

const fixed = new Map<Locale, TFunction>();

/** A translate function bound to one locale: `t('errors.notFound.title')`, `t('x', { count: 2 })`. */
export function createT(locale: Locale): Translate {
  let t = fixed.get(locale);
  if (!t) {
    t = instance.getFixedT(locale);
    fixed.set(locale, t);
  }
  const bound = t;
  return (key, params) => bound(key, params ?? {}) as string;
}

/** Whether a key exists in the catalogs (English is the reference). */
export function hasKey(key: string): boolean {
  return key in en;
}
