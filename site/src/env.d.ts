/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /**
     * Per-request services the Express server passes to the adapter's `handler(req, res, next, locals)`.
     * Present on on-demand pages only (dashboards, the app); prerendered pages are built without a server.
     */
    painel: import('@painel/api/site').SiteServices;
    /** PUBLIC_URL, on on-demand pages: their absolute links (canonical, og:url) start with it. */
    publicUrl?: string;
    /** The server's 503 page for an error that is its database being down (src/middleware.ts). */
    unavailable?: (error: unknown) => Response | undefined;
    /** The page's language, from its URL (`/pt-br/…` → pt-BR); set once in src/middleware.ts. */
    locale: import('@painel/i18n').Locale;
    /** `createT(locale)` for this page. */
    t: import('@painel/i18n').Translate;
    /** On `/w/<slug>/…` pages: the reader's workspace there, or null (the page answers 404). */
    workspace?: import('@painel/api/site').SiteWorkspace | null;
  }
}
