/**
 * Says what a sharing control did in the nearest status region: the share dialog's own (the
 * page behind a modal dialog is out of reach), else the app page's.
 */
export function announce(from: Element, text: string): void {
  const region =
    from.closest('dialog')?.querySelector<HTMLElement>('[data-share-status]') ??
    document.querySelector<HTMLElement>('[data-app-status]');
  if (!region || !text) return;
  region.hidden = false;
  // Emptied first, so the same words said twice are announced twice.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}
