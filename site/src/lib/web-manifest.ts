import { createT, type Locale } from '@painel/i18n';
import { href } from './links';

/**
 * The web app manifest of one language: what a phone shows when Painel is added to its home
 * screen, and where the installed app opens (the reader's workspaces, or the log-in page).
 */
export function webManifest(locale: Locale) {
  const t = createT(locale);
  return {
    id: href(locale, '/workspaces'),
    name: t('app.name'),
    short_name: t('app.name'),
    description: t('site.manifest.description'),
    lang: locale,
    dir: 'ltr',
    start_url: href(locale, '/workspaces'),
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b5cad',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}

export function webManifestResponse(locale: Locale): Response {
  return new Response(JSON.stringify(webManifest(locale)), {
    headers: { 'Content-Type': 'application/manifest+json; charset=utf-8' },
  });
}
