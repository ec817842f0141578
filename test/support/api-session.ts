const json = { 'Content-Type': 'application/json' };

/**
 * A session over the API, as a script would have one: the headers (cookies, CSRF token, JSON)
 * for unsafe requests as `email`.
 */
export async function apiSession(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`log in: HTTP ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { ...json, Cookie: cookie, 'X-CSRF-Token': csrfToken };
}
