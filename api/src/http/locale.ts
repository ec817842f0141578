import { type Locale, negotiateLocale } from '@painel/i18n';
import type { Request } from 'express';

/**
 * The language of an API answer: the one the request asks for in Accept-Language (pages send
 * their own language there), else the signed-in user's saved language (scripts and curl seldom
 * send the header), else English. Pages decide theirs by URL instead.
 */
export function requestLocale(req: Request): Locale {
  const header = req.headers['accept-language']?.trim();
  if (header && header !== '*') return negotiateLocale(header);
  return req.auth?.locale ?? negotiateLocale(undefined);
}
