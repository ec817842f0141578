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

export type DashboardState =
  | { status: 'loading' }
  | { status: 'ready'; dashboard: RenderedDashboard }
  | { status: 'error'; reason: LoadFailure };

export class LoadError extends Error {
  constructor(readonly reason: LoadFailure) {
    super(`dashboard ${reason}`);
  }
}

export const failureOf = (error: unknown): LoadFailure =>
  error instanceof LoadError ? error.reason : 'unreachable';

/** A JSON answer of the Painel API that serves these docs, in `language`; else why not. */
export async function fetchPainel(url: string, language: Language): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', 'Accept-Language': language },
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new LoadError('unreachable');
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  // A 404 in problem+json comes from Painel; any other 404 (an HTML page) from a server without it.
  if (response.status === 404 && body) {
    const problem = (body as { type?: unknown }).type;
    const noCard = typeof problem === 'string' && problem.endsWith('#dashboard-cardNotFound');
    throw new LoadError(noCard ? 'noCard' : 'notFound');
  }
  if (!response.ok || !body) throw new LoadError('unreachable');
  return body;
}

// Cards are rendered in the browser from the dashboard's JSON; a page with fourteen <Chart>s of
// one dashboard makes one request, not fourteen. Kept as long as the API caches results.
const maxAgeMs = 5 * 60_000;
const requests = new Map<string, { at: number; promise: Promise<RenderedDashboard> }>();

async function fetchDashboard(
  slug: string,
  language: Language,
  query: string,
): Promise<RenderedDashboard> {
  const url = `/api/public/dashboards/${encodeURIComponent(slug)}${query ? `?${query}` : ''}`;
  const body = (await fetchPainel(url, language)) as RenderedDashboard;
  if (!Array.isArray(body.cards)) throw new LoadError('unreachable');
  return body;
}

function load(slug: string, language: Language, query: string): Promise<RenderedDashboard> {
  const key = `${language} ${slug}?${query}`;
  const cached = requests.get(key);
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.promise;
  const promise = fetchDashboard(slug, language, query);
  requests.set(key, { at: Date.now(), promise });
  // A failure is not kept: the next page that asks tries again.
  promise.catch(() => requests.delete(key));
  return promise;
}

/**
 * A public dashboard rendered by the Painel API in the page's language. Loads in the browser
 * only, so the prerendered page carries the loading state and never a stale chart.
 */
export function useDashboard(slug: string, query = ''): DashboardState {
  const language = usePainelLanguage();
  const [state, setState] = useState<DashboardState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load(slug, language, query).then(
      (dashboard) => current && setState({ status: 'ready', dashboard }),
      (error: unknown) => current && setState({ status: 'error', reason: failureOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [slug, language, query]);
  return state;
}
