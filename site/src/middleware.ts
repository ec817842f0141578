import { defineMiddleware } from 'astro:middleware';
import { createT, localeFromPath } from '@painel/i18n';

/**
 * The page's language is decided once, from its URL, so components just read `Astro.locals.t`.
 * Nothing here redirects: a reader's language changes only when they follow the switcher.
 */
export const onRequest = defineMiddleware(function painelLocale(context, next) {
  const locale = localeFromPath(context.url.pathname);
  context.locals.locale = locale;
  context.locals.t = createT(locale);
  return next();
});
