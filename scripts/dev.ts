import path from 'node:path';
import { main, type SiteLoader } from '@painel/api';
import { inProcessJobs } from '@painel/jobs';
import { dev } from 'astro';

/**
 * `npm run dev`: the API and the server-rendered pages on one URL, as `npm start` serves them,
 * with Astro's dev server in place of the built site. Pages, islands and styles reload in the
 * browser as they change (Vite's hot-reload socket rides on the same server); `tsx watch`
 * restarts the process when API code changes.
 */
const astroDevSite: SiteLoader = async (server) => {
  const astro = await dev({
    root: path.resolve(import.meta.dirname, '../site'),
    logLevel: 'warn',
    // Vite listens on a side port of its own; readers only ever use the main one.
    server: { host: '127.0.0.1', port: 0 },
    vite: { server: { hmr: { server } } },
  });
  return {
    handler(req, res, _next, locals) {
      // Astro's dev server reads a request's locals from this symbol, as the adapter's handler
      // takes them as an argument in the built site.
      Reflect.set(req, Symbol.for('astro.locals'), locals);
      return astro.handle(req, res);
    },
  };
};

await main({ background: inProcessJobs, site: astroDevSite });
