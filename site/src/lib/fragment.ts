import { createT, type Locale, negotiateLocale } from '@painel/i18n';
import type { AstroGlobal } from 'astro';

/**
 * What the fragment pages share — the cards the docs' live examples and the editor's preview
 * fetch (`/dashboards/<slug>/cards`, `/w/<ws>/card-preview`). They answer scripts, not readers,
 * so like the API they speak the caller's language (Accept-Language, which both send), not
 * their URL's, and refuse in problem+json.
 */

/** Sets the page's language to the one the request asks for; English when it asks for none. */
export function speakCallersLanguage(astro: Pick<AstroGlobal, 'locals' | 'request'>): Locale {
  const locale = negotiateLocale(astro.request.headers.get('accept-language') ?? undefined);
  astro.locals.locale = locale;
  astro.locals.t = createT(locale);
  return locale;
}

/** A fragment page's refusal, in problem+json like the API's, so one client reads both. */
export function problemResponse(
  status: number,
  body: { title: string; status: number } & Record<string, unknown>,
  locale: Locale,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Content-Language': locale, ...headers },
  });
}
