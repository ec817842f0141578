import type { APIRoute } from 'astro';
import worker from '../service-worker.js?raw';

/**
 * The service worker, written out at build time with the build's own cache name: a worker whose
 * bytes never change is never replaced, so its cache would keep every deploy's assets and a stale
 * offline page.
 */
export const prerender = true;

const build = Date.now().toString(36);

export const GET: APIRoute = () =>
  new Response(worker.replace('__BUILD__', build), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
  });
