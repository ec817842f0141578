import { type Locale, localizePath } from '@painel/i18n';

/**
 * The page an emailed link opens, in the email's language, with its single-use token. Built
 * from PUBLIC_URL, never from a request's Host header, which a sender could forge.
 */
export function emailLink(publicUrl: string, locale: Locale, page: string, token: string): string {
  return `${publicUrl}${localizePath(`/${page}`, locale)}?token=${encodeURIComponent(token)}`;
}
