// @ts-check
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig, passthroughImageService } from 'astro/config';
import { buildOrigin } from '../api/src/http/public-url.ts';

export default defineConfig({
  // Absolute links (canonical, hreflang, og:url) are built against a placeholder origin that the
  // server replaces with PUBLIC_URL when it sends the page: one build serves any host.
  site: buildOrigin,
  // Pages are prerendered unless they opt out (`export const prerender = false`): the dashboards do.
  output: 'static',
  // Middleware mode: the Express server mounts dist/server/entry.mjs's `handler(req, res, next, locals)`
  // and serves dist/client itself, so the adapter never listens on a port.
  adapter: node({ mode: 'middleware' }),
  integrations: [preact()],
  i18n: {
    locales: ['en', { path: 'pt-br', codes: ['pt-BR'] }],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false, redirectToDefaultLocale: false },
  },
  // The whole stylesheet is a few KB: inlining it saves a render-blocking request.
  build: { inlineStylesheets: 'always', format: 'preserve' },
  // Nothing links to a page without a trailing slash except dashboards; keep both working.
  trailingSlash: 'ignore',
  // No astro:assets here: skip sharp.
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
});
