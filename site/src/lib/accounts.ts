/**
 * What the account pages share with the accounts API. The site never imports the API's
 * modules, so these mirror api/src/auth/password.ts and api/src/routes/accounts.ts.
 */
export const passwordLength = { min: 10, max: 200 } as const;
export const emailMaxLength = 320;
export const nameMaxLength = 200;

/** The account forms: each posts JSON to one endpoint of the accounts API. */
export const authForms = {
  signup: '/api/auth/signup',
  login: '/api/auth/login',
  verify: '/api/auth/verify-email',
  forgot: '/api/auth/password/forgot',
  reset: '/api/auth/password/reset',
} as const;

export type AuthFormKind = keyof typeof authForms;

/**
 * Where to go after logging in: `next` when it is a path on this site, else `null`.
 * Anything that would leave the origin (`//evil.example`, `/\evil.example`, `https://…`)
 * is refused, so the login page cannot be used as an open redirect.
 */
export function sameOriginPath(next: string | null, origin: string): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
