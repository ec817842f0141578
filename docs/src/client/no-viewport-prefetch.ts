import type { ClientModule } from '@docusaurus/types';

/*
 * Every Docusaurus <Link> that scrolls into view prefetches its route's chunks: on first paint
 * all visible links (navbar, sidebar, dropdowns, footer: ~40) do so at once. On a throttled
 * phone that work lands exactly when the page should become interactive (Lighthouse's Total
 * Blocking Time), for pages most readers never open. Links still preload on hover and focus
 * (`preload`, which this leaves alone), so a click is as fast as before; only the blanket
 * viewport prefetch is dropped.
 */

type Docusaurus = Window['docusaurus'];

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const original: Docusaurus = window.docusaurus;
  // The original object is frozen, so replace it rather than patch it.
  window.docusaurus = {
    ...original,
    prefetch: () => false,
  };
}

const clientModule: ClientModule = {
  // Runs after the first render's layout effects, before any IntersectionObserver callback.
  onRouteDidUpdate: install,
};

export default clientModule;
