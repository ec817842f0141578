import { defineMiddleware } from 'astro:middleware';
import { createT, localeFromPath, localizePath } from '@painel/i18n';
import type { APIContext, MiddlewareNext } from 'astro';
import { mayOpen } from './lib/page-access';
import { applyPageCache, pageCachePolicy } from './lib/page-cache';

// The signed-in part of the site: account, sessions, workspaces, everything under /w/, and the
// instance's administration (/admin/).
const appPath = /^(?:\/pt-br)?\/(?:account|workspaces|w|logout|admin)(?:\/|$)/;
// A workspace page, `/w/<slug>/<page…>`.
const workspacePath = /^(?:\/pt-br)?\/w\/([^/]+)(?:\/(.*))?/;

/**
 * The page's language is decided once, from its URL, so components just read `Astro.locals.t`
 * (the fragment pages, which answer scripts, take the caller's instead: lib/fragment.ts).
 * Nothing here redirects for language: a reader's language changes only by the switcher.
 *
 * App pages need a reader: an anonymous one goes to log in and comes back (`?next=`). A
 * workspace page finds its workspace here, once; `locals.workspace` is null when the reader
 * does not belong to one at that address, and the page answers 404 (403 for a page their
 * role may not see). The views render the matching message.
 */
export const onRequest = defineMiddleware(async function painelPages(context, next) {
  const { pathname } = context.url;
  const locale = localeFromPath(pathname);
  context.locals.locale = locale;
  context.locals.t = createT(locale);
  if (context.isPrerendered) return next();
  // A page that meets the database down answers the server's 503 page, not a 500. Only what
  // fails before the page starts streaming (here, and in its own frontmatter) can.
  try {
    return await (appPath.test(pathname) ? appPage(context, next) : openPage(context, next));
  } catch (error) {
    const page = context.locals.unavailable?.(error);
    if (page) return page;
    throw error;
  }
});

/**
 * A page anyone may open. Public dashboards, public links and embeds say whether a shared cache
 * may keep them: only an anonymous reader's 200 without a cookie (lib/page-cache.ts).
 */
async function openPage(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const response = await next();
  const policy = pageCachePolicy({
    method: context.request.method,
    pathname: context.url.pathname,
    anonymous: context.locals.painel?.anonymous === true,
    status: response.status,
    setsCookie: response.headers.has('Set-Cookie'),
  });
  return applyPageCache(response, policy);
}

/** A page of the signed-in part: its reader, and on `/w/<slug>/…` their workspace there. */
async function appPage(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { pathname, search } = context.url;
  const { locale } = context.locals;
  const viewer = context.locals.painel?.viewer ?? null;
  if (!viewer) {
    const back = encodeURIComponent(`${pathname}${search}`);
    return context.redirect(`${localizePath('/login', locale)}?next=${back}`, 303);
  }
  const [, slug, page = ''] = workspacePath.exec(pathname) ?? [];
  let status = 200;
  if (slug) {
    const workspace = await viewer.workspace(slug);
    context.locals.workspace = workspace;
    if (!workspace) status = 404;
    // What each page needs is in lib/page-access.ts, as the policy's flags.
    else if (!mayOpen(workspace.can, page)) status = 403;
  }
  const response = await next();
  // Pages about one person's account are never stored by a shared cache.
  response.headers.set('Cache-Control', 'private, no-store');
  if (status === 200 || response.status !== 200) return response;
  return new Response(response.body, { status, headers: response.headers });
}
