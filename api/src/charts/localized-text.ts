import type { Locale } from '@painel/i18n';
import type { Encoding, LocalizedText } from './spec.js';

/** The author's text in the reader's language, English when it was not translated. */
export function localize(text: LocalizedText, locale: Locale): string;
export function localize(text: LocalizedText | undefined, locale: Locale): string | undefined;
export function localize(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return text ? (text[locale] ?? text.en) : undefined;
}

/** What a reader calls a column: its label, else the field name the query gave it. */
export function encodingLabel(encoding: Encoding, locale: Locale): string {
  return localize(encoding.label, locale) ?? encoding.field;
}
