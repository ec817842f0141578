import { locales, localizePath } from '@painel/i18n';
import { alternates } from './links';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );

/** The site's own pages, by their English path: the home, what Painel does, and its releases. */
export const sitePages = ['/', '/features', '/compare', '/self-host', '/changelog'] as const;

/**
 * A sitemap of the site's pages: each page (given by its English path) once per language, every
 * entry with its hreflang alternates, as search engines read them for a page in several languages.
 */
export function sitemapXml(paths: readonly string[], site: URL): string {
  const urls = paths.flatMap((path) => {
    const links = alternates(path, site)
      .map(
        (a) =>
          `    <xhtml:link rel="alternate" hreflang="${a.hreflang}" href="${escapeXml(a.href)}"/>`,
      )
      .join('\n');
    return locales.map(
      (l) =>
        `  <url>\n    <loc>${escapeXml(new URL(localizePath(path, l.tag), site).href)}</loc>\n${links}\n  </url>`,
    );
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}
