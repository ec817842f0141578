import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { useEffect, useState } from 'react';
import type { RenderedDashboard } from './rendered';

/** The languages Painel renders dashboards in; the docs' locale picks one. */
export type Language = 'en' | 'pt-BR';

export function usePainelLanguage(): Language {
  const { i18n } = useDocusaurusContext();
  return i18n.currentLocale === 'pt-BR' ? 'pt-BR' : 'en';
}

/** The dashboard's page on the Painel site, which serves these docs at the same origin. */
export function dashboardPage(slug: string, language: Language, query = ''): string {
  const prefix = language === 'pt-BR' ? '/pt-br' : '';
  return `${prefix}/dashboards/${encodeURIComponent(slug)}${query ? `?${query}` : ''}`;
}

/**
 * `unreachable`: no Painel API answered (docs served on their own); `notFound`: no such public
 * dashboard; `noCard`: its dashboard has no such card.
 */
export type LoadFailure = 'unreachable' | 'notFound' | 'noCard';

export class LoadError extends Error {
  constructor(readonly reason: LoadFailure) {
    super(`dashboard ${reason}`);
  }
}

export const failureOf = (error: unknown): LoadFailure =>
  error instanceof LoadError ? error.reason : 'unreachable';

/** What Painel answered at `url` in `language` (JSON, or a fragment's HTML); else why not. */
export async function fetchPainel(url: string, language: Language, as: 'json'): Promise<unknown>;
export async function fetchPainel(url: string, language: Language, as: 'html'): Promise<string>;
export async function fetchPainel(url: string, language: Language, as: 'json' | 'html') {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        Accept: as === 'json' ? 'application/json' : 'text/html',
        'Accept-Language': language,
      },
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new LoadError('unreachable');
  }
  const type = response.headers.get('content-type') ?? '';
  const problem: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  // A 404 in problem+json comes from Painel; any other 404 (an HTML page) from a server without it.
  if (response.status === 404 && problem) {
    const kind = (problem as { type?: unknown }).type;
    const noCard = typeof kind === 'string' && kind.endsWith('#dashboard-cardNotFound');
    throw new LoadError(noCard ? 'noCard' : 'notFound');
  }
  if (!response.ok) throw new LoadError('unreachable');
  if (as === 'json') {
    if (!problem) throw new LoadError('unreachable');
    return problem;
  }
  if (!type.includes('text/html')) throw new LoadError('unreachable');
  return response.text();
}

/** A public dashboard in the page's language: its JSON, and its cards as Painel's pages draw them. */
export interface LiveDashboard {
  dashboard: RenderedDashboard;
  /** Each card's markup by id, exactly as on the dashboard's page (`/dashboards/<slug>/cards`). */
  cards: Map<string, string>;
}

// A page with fourteen <Chart>s of one dashboard makes one request, not fourteen. Kept as long
// as the API caches results.
const maxAgeMs = 5 * 60_000;
const requests = new Map<string, { at: number; promise: Promise<unknown> }>();

function cached<T>(key: string, fetchIt: () => Promise<T>): Promise<T> {
  const hit = requests.get(key);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.promise as Promise<T>;
  const promise = fetchIt();
  requests.set(key, { at: Date.now(), promise });
  // A failure is not kept: the next page that asks tries again.
  promise.catch(() => requests.delete(key));
  return promise;
}

const withQuery = (path: string, query: string) => `${path}${query ? `?${query}` : ''}`;

function loadDashboard(slug: string, language: Language, query: string) {
  const url = withQuery(`/api/public/dashboards/${encodeURIComponent(slug)}`, query);
  return cached(`json ${language} ${url}`, async () => {
    const body = (await fetchPainel(url, language, 'json')) as RenderedDashboard;
    if (!Array.isArray(body.cards)) throw new LoadError('unreachable');
    return body;
  });
}

function loadCards(slug: string, language: Language, query: string) {
  const url = withQuery(`/dashboards/${encodeURIComponent(slug)}/cards`, query);
  return cached(`html ${language} ${url}`, async () => {
    const template = document.createElement('template');
    template.innerHTML = await fetchPainel(url, language, 'html');
    const cards = new Map<string, string>();
    for (const card of Array.from(template.content.children))
      if (card instanceof HTMLElement && card.dataset.card)
        cards.set(card.dataset.card, card.outerHTML);
    return cards;
  });
}

export type LiveState<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; reason: LoadFailure };

/** Loads in the browser only, so the prerendered page carries the loading state, never a stale chart. */
function useLive<T>(load: (language: Language) => Promise<T>, key: string): LiveState<T> {
  const language = usePainelLanguage();
  const [state, setState] = useState<LiveState<T>>({ status: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` loads.
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load(language).then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'error', reason: failureOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, language]);
  return state;
}

/** A public dashboard's cards, drawn by the Painel that serves these docs. */
export function useCards(slug: string, query = ''): LiveState<Map<string, string>> {
  return useLive((language) => loadCards(slug, language, query), `${slug}?${query}`);
}

/** A public dashboard: its title, description and filters, and its cards. */
export function useDashboard(slug: string, query = ''): LiveState<LiveDashboard> {
  return useLive(async (language) => {
    const [dashboard, cards] = await Promise.all([
      loadDashboard(slug, language, query),
      loadCards(slug, language, query),
    ]);
    return { dashboard, cards };
  }, `${slug}?${query}`);
}
