import type { APIRoute } from 'astro';
import { sitemapXml, sitePages } from '../lib/sitemap';

export const prerender = false;

/**
 * The site's pages for search engines: its own pages (the home, features, comparison, self-hosting
 * and changelog) and every public dashboard, in each language.
 * Rendered on demand, since dashboards are made public (and private again) while it runs; the
 * docs have sitemaps of their own (robots.txt lists all three).
 */
export const GET: APIRoute = async ({ locals, site, url }) => {
  const slugs = await locals.painel.dashboards.publicSlugs();
  const paths = [...sitePages, ...slugs.map((slug) => `/dashboards/${encodeURIComponent(slug)}`)];
  const origin = new URL(locals.publicUrl ?? site ?? url.origin);
  return new Response(sitemapXml(paths, origin), {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=0, s-maxage=300',
    },
  });
};
