/**
 * Who may keep an on-demand page: only the reader's browser (`private, no-store`), or a shared
 * cache too, briefly (deploy/nginx's micro-cache). A page may be shared only when it is the same
 * for every reader who gets it: an anonymous request (no session cookie, no Authorization) for
 * a public dashboard, a public link or an embed, answered 200 without a cookie. Everything
 * else these routes answer — a signed-in reader's page (its header names them), a refusal, a
 * 404 — stays private: a revoked link or a dashboard made private again is never kept, and
 * what was kept before goes within `sharedMaxAgeSeconds`.
 */

/** How long a shared cache may keep a page before asking again, in seconds. */
export const sharedMaxAgeSeconds = 10;

/** Browsers revalidate at once; a shared cache keeps the page a few seconds. */
export const sharedCacheControl = `public, max-age=0, s-maxage=${sharedMaxAgeSeconds}`;
export const privateCacheControl = 'private, no-store';

/** Where a page's language comes from: its address, the caller's header or the signed token. */
type LanguageFrom = 'path' | 'header' | 'token';

/** The pages a shared cache may keep, when the request and the answer allow it. */
const shareablePages: { path: RegExp; language: LanguageFrom }[] = [
  { path: /^(?:\/pt-br)?\/dashboards\/[^/]+\/?$/, language: 'path' },
  // The docs' live examples: the cards alone, in the caller's language.
  { path: /^\/dashboards\/[^/]+\/cards\/?$/, language: 'header' },
  { path: /^(?:\/pt-br)?\/public\/[^/]+\/?$/, language: 'path' },
  { path: /^\/embed\/[^/]+\/?$/, language: 'token' },
];

export interface PageAnswer {
  method: string;
  pathname: string;
  /** The request named no reader (`Astro.locals.painel.anonymous`). */
  anonymous: boolean;
  status: number;
  setsCookie: boolean;
}

export interface PageCachePolicy {
  cacheControl: string;
  /** The request header the page's words depend on, for the `Vary` a shared cache needs. */
  vary?: 'Accept-Language';
}

/** The caching headers of one of the pages above, or null for any other page (left as it is). */
export function pageCachePolicy(answer: PageAnswer): PageCachePolicy | null {
  const page = shareablePages.find((p) => p.path.test(answer.pathname));
  if (!page) return null;
  const shared =
    (answer.method === 'GET' || answer.method === 'HEAD') &&
    answer.anonymous &&
    answer.status === 200 &&
    !answer.setsCookie;
  if (!shared) return { cacheControl: privateCacheControl };
  return {
    cacheControl: sharedCacheControl,
    ...(page.language === 'header' ? { vary: 'Accept-Language' as const } : {}),
  };
}

/** Sets the policy's headers on a page's response, keeping any `Vary` it has already. */
export function applyPageCache(response: Response, policy: PageCachePolicy | null): Response {
  if (!policy) return response;
  response.headers.set('Cache-Control', policy.cacheControl);
  if (policy.vary) {
    const vary = response.headers.get('Vary');
    const names = vary ? vary.split(',').map((v) => v.trim().toLowerCase()) : [];
    if (!names.includes(policy.vary.toLowerCase()))
      response.headers.set('Vary', vary ? `${vary}, ${policy.vary}` : policy.vary);
  }
  return response;
}
