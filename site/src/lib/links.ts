import { type Locale, locales, localizePath } from '@painel/i18n';

/** The demo dashboard every page links to. */
export const demoSlug = 'flights';

/** A site path in a locale: `href('pt-BR', '/dashboards/flights')` → `/pt-br/dashboards/flights`. */
export function href(locale: Locale, path: string): string {
  return localizePath(path, locale);
}

/**
 * The docs live in their own Docusaurus build: `/docs/` (en) and `/docs/pt-BR/`. A page of the
 * current release is named with the trailing slash Docusaurus gives it: `docsHref('pt-BR',
 * 'sharing/')` → `/docs/pt-BR/sharing/`.
 */
export function docsHref(locale: Locale, page = ''): string {
  const docsPath = locales.find((l) => l.tag === locale)?.docsPath ?? '';
  return docsPath ? `/docs/${docsPath}/${page}` : `/docs/${page}`;
}

/** hreflang alternates of a path, absolute against the configured `site`. */
export function alternates(pathname: string, site: URL): { hreflang: string; href: string }[] {
  const links = locales.map((l) => ({
    hreflang: l.tag,
    href: new URL(localizePath(pathname, l.tag), site).href,
  }));
  return [
    ...links,
    { hreflang: 'x-default', href: new URL(localizePath(pathname, 'en'), site).href },
  ];
}

/** One URL per page: no trailing slash, except on the locale homes (`/`, `/pt-br/`). */
export function canonicalPath(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  const home = locales.some((l) => l.path !== '' && trimmed.toLowerCase() === `/${l.path}`);
  return home ? `${trimmed.toLowerCase()}/` : trimmed;
}
