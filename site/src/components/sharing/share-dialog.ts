import { zonedTimeToIso } from '../../lib/app';
import { type EmbedClaims, type EmbedSnippets, embedSnippets } from '../../lib/embed-snippets';
import { announce } from './announce';
import { currentLocks, type FilterLock, type LockWords } from './filter-locks';
import { jsonForm } from './json-form';
import { refreshLinks } from './public-links';

/**
 * The share dialog (ShareDialog.astro). Opening it reads the dashboard's filters as they are
 * now, for the "lock" choices and the embed code; its forms send JSON through the API.
 */

const dialog = document.querySelector<HTMLDialogElement>('dialog[data-share-dialog]');
const opener = document.querySelector<HTMLButtonElement>('[data-share-open]');
if (dialog && opener) setUp(dialog, opener);

function setUp(dialog: HTMLDialogElement, opener: HTMLButtonElement): void {
  const words = lockWords(dialog);
  let locks = new Map<string, FilterLock>();
  const readLocks = () => {
    locks = currentLocks(document.querySelector('form[data-dashboard-filters]'), words);
    for (const label of dialog.querySelectorAll<HTMLElement>('[data-lock-label]')) {
      const lock = locks.get(label.previousElementSibling?.getAttribute('data-lock') ?? '');
      label.textContent = lock
        ? `${label.dataset.lockLabel}: ${lock.text}`
        : (label.dataset.lockLabel ?? '');
    }
  };
  const lockedIn = (form: HTMLFormElement) =>
    Object.fromEntries(
      [...form.querySelectorAll<HTMLInputElement>('input[data-lock]:checked')].map((box) => [
        box.value,
        locks.get(box.value)?.value ?? null,
      ]),
    );

  opener.hidden = false;
  opener.addEventListener('click', () => {
    readLocks();
    drawSnippets();
    dialog.showModal();
  });
  // Browsers give the focus back to the opener too; not all of them did.
  dialog.addEventListener('close', () => opener.focus());

  const access = dialog.querySelector<HTMLFormElement>('form[data-share-access]');
  if (access) {
    let sent: HTMLSelectElement[] = [];
    jsonForm(access, {
      method: 'PUT',
      endpoint: access.dataset.endpoint ?? '',
      body(form) {
        sent = [...form.querySelectorAll<HTMLSelectElement>('select[data-user-id]')].filter(
          (s) => s.value !== '',
        );
        return {
          restricted: form.querySelector<HTMLInputElement>('input[name="restricted"]')?.checked,
          grants: sent.map((s) => ({ userId: s.dataset.userId, permission: s.value })),
        };
      },
      // `grants.2.permission` is the third grant sent: its member's select.
      errorPath(path, message) {
        const select = sent[Number(/^grants\.(\d+)\./.exec(path)?.[1] ?? -1)];
        return { path: select?.name ?? path, message };
      },
      done: () => announce(access, access.dataset.msgSaved ?? ''),
    });
  }

  const link = dialog.querySelector<HTMLFormElement>('form[data-share-link]');
  if (link) {
    jsonForm(link, {
      method: 'POST',
      endpoint: link.dataset.endpoint ?? '',
      body(form) {
        const day = form.querySelector<HTMLInputElement>('input[name="expiresAt"]')?.value ?? '';
        const expiresAt = day ? endOfDay(day, form.dataset.timeZone ?? 'UTC') : null;
        const locked = lockedIn(form);
        return {
          ...(expiresAt ? { expiresAt } : {}),
          ...(Object.keys(locked).length > 0 ? { locked } : {}),
        };
      },
      async done() {
        link.reset();
        readLocks();
        const table = await refreshLinks('share-links').catch(() => null);
        table?.querySelector<HTMLElement>('[data-copy]')?.focus();
        announce(link, link.dataset.msgCreated ?? '');
      },
    });
  }

  const embed = dialog.querySelector<HTMLFormElement>('form[data-share-embed]');
  const config = JSON.parse(embed?.dataset.config ?? '{}') as Omit<
    Parameters<typeof embedSnippets>[0],
    'claims' | 'ttlSeconds' | 'origin'
  > & { workspace: string; dashboard: string };
  function drawSnippets() {
    if (!embed) return;
    const data = new FormData(embed);
    const card = String(data.get('card') ?? '');
    const params = lockedIn(embed);
    const claims: EmbedClaims = {
      workspace: config.workspace,
      resource: card ? { dashboard: config.dashboard, card } : { dashboard: config.dashboard },
      ...(Object.keys(params).length > 0 ? { params } : {}),
      locale: data.get('locale') === 'pt-BR' ? 'pt-BR' : 'en',
      theme: (data.get('theme') ?? 'system') as EmbedClaims['theme'],
    };
    const snippets = embedSnippets({
      ...config,
      origin: location.origin,
      claims,
      ttlSeconds: Number(data.get('ttl')) || 600,
    });
    for (const area of dialog.querySelectorAll<HTMLTextAreaElement>('textarea[data-snippet]'))
      area.value = snippets[area.dataset.snippet as keyof EmbedSnippets] ?? '';
  }
  embed?.addEventListener('change', drawSnippets);
  embed?.addEventListener('submit', (event) => event.preventDefault());
}

/** The end of `day` (YYYY-MM-DD) in the reader's time zone: the next midnight there. */
function endOfDay(day: string, timeZone: string): string | null {
  const next = new Date(`${day}T00:00Z`);
  if (Number.isNaN(next.getTime())) return null;
  next.setUTCDate(next.getUTCDate() + 1);
  return zonedTimeToIso(next.toISOString().slice(0, 16), timeZone);
}

function lockWords(dialog: HTMLElement): LockWords {
  const raw = JSON.parse(dialog.dataset.lockWords ?? '{}') as Record<string, string>;
  return {
    all: raw.all ?? '',
    any: raw.any ?? '',
    atLeast: (min) => (raw.atLeast ?? '').replace('{min}', min),
    atMost: (max) => (raw.atMost ?? '').replace('{max}', max),
  };
}
