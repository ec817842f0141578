/**
 * Over real HTTP: signs up an account (the first on an instance owns the Demo workspace), logs
 * in, and creates an API key of `role` in the Demo workspace. For e2e tests and the bench, which
 * talk to a started server the way a script would.
 */
export async function demoApiKey(
  baseUrl: string,
  options: { role?: 'viewer' | 'editor' | 'admin'; email?: string } = {},
): Promise<string> {
  const email = options.email ?? 'owner@example.org';
  const password = 'correct horse battery staple';
  const json = { 'Content-Type': 'application/json' };
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, name: 'Owner', password, locale: 'en' }),
  });
  if (signup.status !== 202)
    throw new Error(`sign up: HTTP ${signup.status} ${await signup.text()}`);
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`log in: HTTP ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const key = await fetch(`${baseUrl}/api/workspaces/demo/api-keys`, {
    method: 'POST',
    headers: { ...json, Cookie: cookie, 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ name: 'tests', role: options.role ?? 'editor' }),
  });
  if (key.status !== 201) throw new Error(`API key: HTTP ${key.status} ${await key.text()}`);
  return ((await key.json()) as { secret: string }).secret;
}
