import { type Locale, negotiateLocale } from '@painel/i18n';
import type { Request } from 'express';

/**
 * The language of an API answer, from Accept-Language (pages send their own language there).
 * Pages decide theirs by URL instead; the site's remembered choice (a cookie) only steers links.
 */
export function requestLocale(req: Request): Locale {
  return negotiateLocale(req.headers['accept-language']);
}
