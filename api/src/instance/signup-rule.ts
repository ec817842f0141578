/**
 * Who may create an account: anyone (`open`), only someone a workspace invited (`invite`), or
 * only addresses at some domains (`domains`). SIGNUP in the environment spells it
 * `open`, `invite` or `domains:example.org,example.com`.
 */
export type SignupRule =
  | { mode: 'open' }
  | { mode: 'invite' }
  | { mode: 'domains'; domains: string[] };

export const signupModes = ['open', 'invite', 'domains'] as const;

// One DNS name: labels of letters, digits and inner hyphens, at least two of them.
const domainName = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** A domain as a rule keeps it (lower case, no spaces), or undefined when it is not one. */
export function normalDomain(value: string): string | undefined {
  const domain = value.trim().toLowerCase();
  return domainName.test(domain) ? domain : undefined;
}

/** SIGNUP's value as a rule; a message saying how to write it when it is not one. */
export function parseSignupRule(value: string): SignupRule | { error: string } {
  const text = value.trim();
  if (text === 'open' || text === 'invite') return { mode: text };
  if (text.startsWith('domains:')) {
    const listed = text
      .slice('domains:'.length)
      .split(',')
      .filter((d) => d.trim());
    const domains = listed.map(normalDomain);
    const bad = listed.filter((_, i) => !domains[i]);
    if (listed.length && !bad.length) return { mode: 'domains', domains: domains as string[] };
    if (bad.length) return { error: `not a domain name: ${bad.join(', ')}` };
  }
  return { error: 'use open, invite or domains:example.org,example.com' };
}

/**
 * Whether `email` is at one of `domains`: its whole domain, compared without case. A
 * subdomain is another domain (list it too), and `evil-example.org` is not `example.org`.
 */
export function emailInDomains(email: string, domains: readonly string[]): boolean {
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  return domains.includes(email.slice(at + 1).toLowerCase());
}
