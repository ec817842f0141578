// Painel's service worker: with it (and the web app manifest) the app can be installed on a
// phone's home screen, and a page that cannot be fetched shows the offline page in its language.
// It keeps static files only: the build's hashed assets, the icons and the two offline pages.
// Pages, /api/, /w/, account pages and anything personal always come from the network and are
// never stored. Each build names its own cache (pages/sw.js.ts writes the name in), so a new
// deploy installs a new worker, which stores the new offline pages and assets and, once active,
// deletes the previous build's cache.
const cacheName = 'painel-static-__BUILD__';
const offlinePages = ['/offline', '/pt-br/offline'];

const isStaticFile = (url) =>
  url.origin === self.location.origin &&
  (url.pathname.startsWith('/_astro/') ||
    url.pathname.startsWith('/icons/') ||
    url.pathname === '/favicon.svg');

/** The offline pages and the stylesheets and icons they load. */
async function precache() {
  const cache = await caches.open(cacheName);
  await cache.addAll(offlinePages);
  const assets = new Set();
  for (const page of offlinePages) {
    const html = await (await cache.match(page)).text();
    for (const [, path] of html.matchAll(
      /(?:href|src)="(\/(?:_astro|icons)\/[^"]+|\/favicon\.svg)"/g,
    ))
      assets.add(path);
  }
  await cache.addAll([...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== cacheName) await caches.delete(key);
      // The page's own request starts while the worker wakes up, instead of after.
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          return (await event.preloadResponse) ?? (await fetch(request));
        } catch {
          const portuguese = /^\/(pt-br|docs\/pt-BR)(\/|$)/.test(url.pathname);
          return caches.match(portuguese ? '/pt-br/offline' : '/offline');
        }
      })(),
    );
    return;
  }
  if (!isStaticFile(url)) return;
  event.respondWith(
    (async () => {
      const kept = await caches.match(request);
      if (kept) return kept;
      const response = await fetch(request);
      // Only whole, successful answers: a 404 or a partial range must not stick.
      if (response.status === 200) {
        const copy = response.clone();
        event.waitUntil(caches.open(cacheName).then((cache) => cache.put(request, copy)));
      }
      return response;
    })(),
  );
});
