/**
 * The site and docs are built once and served under any PUBLIC_URL. Both builds write this
 * origin wherever a URL must stay absolute (canonical, hreflang, og:url, sitemaps, robots.txt);
 * the server swaps it for the real one when it sends the file. `.invalid` is reserved (RFC 6761):
 * it can never be somebody's real address.
 */
export const buildOrigin = 'https://painel-public-url.invalid';

/** Files that may carry the build origin; everything else (scripts, styles, images) is sent as built. */
export const rewrittenFile = /\.(?:html|xml|txt|webmanifest|json)$/;

/**
 * `body` with every occurrence of the build origin replaced by `publicUrl` (no trailing slash),
 * or `null` when there is none, so the caller can send the file as it is.
 */
export function withPublicUrl(body: Buffer, publicUrl: string): Buffer | null {
  if (!body.includes(buildOrigin)) return null;
  return Buffer.from(body.toString('utf8').replaceAll(buildOrigin, publicUrl.replace(/\/+$/, '')));
}
