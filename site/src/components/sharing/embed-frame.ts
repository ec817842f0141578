import { dashboardReloadEvent } from '../dashboard/events';

/**
 * An embed's side of the conversation with the page that frames it, by `postMessage` and only
 * with the workspace's allowed origins or Painel's own pages (never `*`), as its
 * `frame-ancestors` allows:
 * - it says how tall it is, `{type: 'painel:height', height}`, once and after every change of
 *   size (a filter, a narrower frame), so the page can fit the frame to it;
 * - it takes a fresh token, `{type: 'painel:token', token}`, before its own expires: the address
 *   becomes `/embed/<fresh token>` with the same query string (the reader's filters) and the
 *   cards come again through the live island (live-dashboard.ts), with no reload.
 */

const tokenShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function embedFrame(root: HTMLElement, origins: readonly string[]): () => void {
  if (window.parent === window) return () => undefined;
  const allowed = [location.origin, ...origins];
  const targets = parentOrigins(allowed);
  const page = document.documentElement;
  let told = 0;

  const tellHeight = () => {
    const height = Math.ceil(page.getBoundingClientRect().height);
    if (height === told) return;
    told = height;
    for (const origin of targets)
      window.parent.postMessage({ type: 'painel:height', height }, origin);
  };
  // The root element's box is as tall as the content, whatever the frame's height.
  const observer = new ResizeObserver(tellHeight);
  observer.observe(page);

  const onMessage = (event: MessageEvent) => {
    if (event.source !== window.parent || !allowed.includes(event.origin)) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null) return;
    const { type, token } = data as { type?: unknown; token?: unknown };
    if (type !== 'painel:token' || typeof token !== 'string' || !tokenShape.test(token)) return;
    history.replaceState(history.state, '', `/embed/${token}${location.search}`);
    root.dispatchEvent(new CustomEvent(dashboardReloadEvent));
  };
  window.addEventListener('message', onMessage);

  return () => {
    observer.disconnect();
    window.removeEventListener('message', onMessage);
  };
}

/**
 * Where the framing page is: Chrome and Safari name its origin, elsewhere the referrer does.
 * Posting to the allowed origins it is not would only log errors in the console; when neither
 * says, each allowed origin is tried (the browser delivers only to the right one).
 */
function parentOrigins(allowed: readonly string[]): readonly string[] {
  const ancestor = location.ancestorOrigins?.[0];
  if (ancestor) return allowed.includes(ancestor) ? [ancestor] : [];
  const referrer = URL.canParse(document.referrer) ? new URL(document.referrer).origin : '';
  return allowed.includes(referrer) ? [referrer] : allowed;
}
