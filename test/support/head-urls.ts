/** The placeholder origin the builds carry (api/src/http/public-url.ts), never to be served. */
export { buildOrigin } from '../../api/src/http/public-url.js';

/** A page's absolute URLs that search engines and link previews read from its head. */
export interface HeadUrls {
  canonical: string | undefined;
  ogUrl: string | undefined;
  /** What a link preview shows: og:image and its alt text. */
  ogImage: string | undefined;
  ogImageAlt: string | undefined;
  /** hreflang → href of the `<link rel="alternate">`s. */
  alternates: Record<string, string>;
  /** Every absolute URL in a `<link href>` or `<meta content>`. */
  absolute: string[];
}

const attributes = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/** Reads the head's `<link>` and `<meta>` tags (Astro's and Docusaurus's attribute orders). */
export function headUrls(html: string): HeadUrls {
  const head = html.slice(0, html.indexOf('</head>'));
  const tags = [...head.matchAll(/<(link|meta)\s[^>]*>/g)].map((m) => ({
    name: m[1],
    ...attributes(m[0]),
  })) as { name: string; [attribute: string]: string | undefined }[];
  const alternates: Record<string, string> = {};
  for (const t of tags)
    if (t.name === 'link' && t.rel === 'alternate' && t.hreflang && t.href)
      alternates[t.hreflang] = t.href;
  return {
    canonical: tags.find((t) => t.rel === 'canonical')?.href,
    ogUrl: tags.find((t) => t.property === 'og:url')?.content,
    ogImage: tags.find((t) => t.property === 'og:image')?.content,
    ogImageAlt: tags.find((t) => t.property === 'og:image:alt')?.content,
    alternates,
    absolute: tags
      .map((t) => (t.name === 'link' ? t.href : t.content))
      .filter((v): v is string => !!v && /^https?:\/\//.test(v)),
  };
}

/** The `<loc>`s of a sitemap. */
export function sitemapLocs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] ?? '');
}
