import { isLocale, type Locale, negotiateLocale } from '@painel/i18n';
import type { Request } from 'express';

export const localeCookie = 'painel_locale';

/**
 * The language of an API answer: the reader's remembered choice (the site's switcher sets a
 * cookie), else Accept-Language. Pages decide by URL instead; this is for API responses.
 */
export function requestLocale(req: Request): Locale {
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${localeCookie}=`))
    ?.slice(localeCookie.length + 1);
  const remembered = cookie ? decodeURIComponent(cookie) : undefined;
  return isLocale(remembered) ? remembered : negotiateLocale(req.headers['accept-language']);
}
