import type { APIRoute } from 'astro';

/**
 * Everything may be crawled; the site's sitemap and the docs' (one per language) list their
 * pages. `site` is the build's placeholder origin, replaced by PUBLIC_URL when the file is sent.
 */
export const GET: APIRoute = ({ site }) => {
  const sitemap = (path: string) => `Sitemap: ${new URL(path, site).href}`;
  const lines = [
    'User-agent: *',
    'Allow: /',
    '',
    sitemap('/sitemap.xml'),
    sitemap('/docs/sitemap.xml'),
    sitemap('/docs/pt-BR/sitemap.xml'),
  ];
  return new Response(`${lines.join('\n')}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
};
