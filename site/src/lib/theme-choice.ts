import { apiFetch, hadSession } from './api-client';

/**
 * Stores a signed-in reader's theme in their profile, which wins on every page that knows them.
 * An expired access token is refreshed first; a session that is over leaves the choice to this
 * browser alone (the reader is not sent to log in for a theme).
 */
export async function saveTheme(theme: string): Promise<void> {
  if (!hadSession()) return;
  try {
    await apiFetch('/api/auth/me', {
      method: 'PATCH',
      body: { theme },
      stayOnPage: true,
    });
  } catch {
    // Offline: the choice stays in this browser.
  }
}
