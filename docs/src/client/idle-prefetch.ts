import type { ClientModule } from '@docusaurus/types';

/*
 * Every Docusaurus <Link> that scrolls into view prefetches its route's chunks, and on first
 * paint all visible links (navbar, sidebar, dropdowns, footer: ~40) do so in one
 * IntersectionObserver callback. On a throttled phone that is one 200 ms task, right when the
 * page becomes interactive (Lighthouse's Total Blocking Time). Running each prefetch in its own
 * idle callback keeps the same prefetching but in small tasks the browser can interleave.
 */

type Docusaurus = Window['docusaurus'];

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const original: Docusaurus = window.docusaurus;
  const idle: (run: () => void) => void = window.requestIdleCallback
    ? (run) => window.requestIdleCallback(run, { timeout: 3000 })
    : (run) => setTimeout(run, 50);
  // The original object is frozen, so replace it rather than patch it.
  window.docusaurus = {
    ...original,
    prefetch: (routePath: string) =>
      new Promise<unknown>((resolve) =>
        idle(() => resolve(original.prefetch(routePath))),
      ) as ReturnType<Docusaurus['prefetch']>,
  };
}

const clientModule: ClientModule = {
  // Runs after the first render's layout effects, before any IntersectionObserver callback.
  onRouteDidUpdate: install,
};

export default clientModule;
