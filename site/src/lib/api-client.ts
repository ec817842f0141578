import { saveDrafts } from './drafts';
import type { Problem } from './form-feedback';

/**
 * The pages' one way to call the API: JSON in the page's language, the CSRF token echoed, and
 * an expired access token handled. A 401 that asks for a log-in is answered by one refresh
 * (shared by every call waiting on it) and a retry; when the session cannot be refreshed any
 * more, the drafts of the page's forms are kept and the reader goes to log in, with the way
 * back in `?next=`.
 */

const refreshPath = '/api/auth/refresh';
let refreshing: Promise<boolean> | null = null;

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Account forms (log in, reset…) answer 401 for wrong credentials: no refresh for them. */
  refresh?: boolean;
  /** Aborting it cancels the request (the SQL editor's Cancel). */
  signal?: AbortSignal;
  /**
   * A call the reader did not make a form for (the header's theme switch) answers its 401 to the
   * caller when the session is over, instead of taking the reader to log in.
   */
  stayOnPage?: boolean;
}

export async function apiFetch(url: string, call: ApiCall = {}): Promise<Response> {
  const send = () =>
    fetch(url, {
      method: call.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': document.documentElement.lang || 'en',
        ...(call.body === undefined
          ? {}
          : {
              // A file goes as it is (an upload); anything else as JSON.
              'Content-Type':
                call.body instanceof Blob
                  ? call.body.type || 'application/octet-stream'
                  : 'application/json',
            }),
        ...csrfHeader(),
      },
      ...(call.body === undefined
        ? {}
        : { body: call.body instanceof Blob ? call.body : JSON.stringify(call.body) }),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  const response = await send();
  if (response.status !== 401 || call.refresh === false || !hadSession()) return response;
  if (await refreshSession()) return send();
  if (!call.stayOnPage) sessionEnded();
  return response;
}

export async function readProblem(response: Response): Promise<Problem> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return {};
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Problem) : {};
  } catch {
    return {};
  }
}

export function csrfHeader(): Record<string, string> {
  const token = csrfToken();
  return token ? { 'X-CSRF-Token': token } : {};
}

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)painel_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** Only a browser that logged in has the CSRF cookie; anonymous pages never try to refresh. */
export function hadSession(): boolean {
  return csrfToken() !== undefined;
}

function refreshSession(): Promise<boolean> {
  refreshing ??= fetch(refreshPath, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...csrfHeader() },
  })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** The log-in page of the page's language, asked to bring the reader back here. */
export function loginUrl(): string {
  const base = document.documentElement.lang === 'pt-BR' ? '/pt-br/login' : '/login';
  const here = `${window.location.pathname}${window.location.search}`;
  return `${base}?next=${encodeURIComponent(here)}`;
}

// Several calls can learn at once that the session is over; only the first leaves the page
// (a second navigation would abort the first).
let leaving = false;

function sessionEnded(): void {
  if (leaving) return;
  leaving = true;
  saveDrafts();
  window.location.assign(loginUrl());
}
