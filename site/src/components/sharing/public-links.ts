import { apiFetch, readProblem } from '../../lib/api-client';
import { announce } from './announce';

/**
 * The public-links tables (PublicLinksTable.astro): each link shown whole, at the address the
 * reader's browser uses (the server may know itself by an internal one); "Revoke" asks first,
 * revokes through the API and draws the table again from the page as the server renders it
 * now, so the share dialog stays open and the focus stays in the table.
 */

function showWhole(root: ParentNode): void {
  for (const link of root.querySelectorAll<HTMLElement>('[data-public-links] [data-path]'))
    link.textContent = new URL(link.dataset.path ?? '', location.origin).href;
}
showWhole(document);

/** Replaces the table `id` with the one in a fresh render of this page. */
export async function refreshLinks(id: string): Promise<HTMLElement | null> {
  const current = document.getElementById(id);
  const response = await fetch(`${location.pathname}${location.search}`, {
    headers: { Accept: 'text/html' },
    credentials: 'same-origin',
  });
  const fresh = response.ok
    ? new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(id)
    : null;
  if (!current || !fresh) return null;
  showWhole(fresh);
  current.replaceWith(fresh);
  return fresh;
}

document.addEventListener('click', async (event) => {
  const button =
    event.target instanceof Element ? event.target.closest('[data-revoke-link]') : null;
  const table = button?.closest<HTMLElement>('[data-public-links]');
  if (!(button instanceof HTMLButtonElement) || !table) return;
  if (button.getAttribute('aria-disabled') === 'true') return;
  if (!window.confirm(button.dataset.confirm ?? '')) return;
  button.setAttribute('aria-disabled', 'true');
  const response = await apiFetch(`${table.dataset.endpoint}/${button.dataset.revokeLink}`, {
    method: 'DELETE',
  }).catch(() => null);
  button.removeAttribute('aria-disabled');
  if (!response?.ok) {
    const problem = response ? await readProblem(response) : {};
    announce(table, problem.title ?? table.dataset.msgFailed ?? '');
    return;
  }
  const fresh = await refreshLinks(table.id).catch(() => null);
  // The row stays, now revoked; the focus goes to it rather than to the page's start.
  const row = fresh?.querySelector<HTMLElement>(
    `[data-link="${CSS.escape(button.dataset.revokeLink ?? '')}"] th`,
  );
  row?.setAttribute('tabindex', '-1');
  row?.focus();
  announce(fresh ?? table, table.dataset.msgRevoked ?? '');
});
