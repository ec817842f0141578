import { createAudit } from '../audit/service.js';
import type { Db } from '../db/knex.js';
import type { Mailer } from '../email/mailer.js';
import { createInstanceSettings } from '../instance/settings.js';
import type { SignupRule } from '../instance/signup-rule.js';
import type { Logger } from '../logger.js';
import { createAccounts } from './accounts.js';
import type { AuthCache } from './auth-cache.js';
import { createSessionCookies } from './cookies.js';
import { createAccessTokens } from './jwt.js';
import { createPasswordHasher, type PasswordParams } from './password.js';
import type { Secrets } from './secrets.js';
import { createSessions } from './sessions.js';

export interface AuthOptions {
  /** Access-JWT lifetime, at most 15 minutes. */
  accessTtlSeconds: number;
  /** How long a sign-in lasts without logging in again (the refresh family's lifetime). */
  sessionTtlMs: number;
  password?: PasswordParams;
  /** How long a verified session or API key is kept (auth-cache.ts); 0: read every time. */
  cacheTtlMs?: number;
}

export const defaultAuthOptions: AuthOptions = {
  accessTtlSeconds: 900,
  sessionTtlMs: 30 * 24 * 60 * 60_000,
};

/**
 * Accounts, sessions, cookies, the audit log and the instance's settings (who may sign up),
 * wired together once per process.
 */
export function createAuth(deps: {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  secrets: Secrets;
  publicUrl: string;
  options?: AuthOptions;
  /** SIGNUP from the environment, when set: it overrules the instance's saved setting. */
  signup?: SignupRule | undefined;
  now?: () => number;
  /** Live sessions, kept for a few seconds (auth-cache.ts). */
  cache?: AuthCache;
}) {
  const now = deps.now ?? Date.now;
  const options = deps.options ?? defaultAuthOptions;
  if (options.accessTtlSeconds < 1 || options.accessTtlSeconds > 900) {
    throw new Error('the access-token lifetime must be between 1 and 900 seconds');
  }
  const audit = createAudit({ db: deps.db, now });
  const tokens = createAccessTokens({
    secret: deps.secrets.jwtSecret,
    previousSecret: deps.secrets.previousJwtSecret,
    ttlSeconds: options.accessTtlSeconds,
    now,
  });
  const sessions = createSessions({
    db: deps.db,
    audit,
    tokens,
    cookieSecret: deps.secrets.cookieSecret,
    ttlMs: options.sessionTtlMs,
    now,
    ...(deps.cache ? { cache: deps.cache } : {}),
  });
  const instance = createInstanceSettings({ db: deps.db, audit, signup: deps.signup, now });
  const accounts = createAccounts({
    db: deps.db,
    audit,
    instance,
    sessions,
    passwords: createPasswordHasher(options.password),
    mailer: deps.mailer,
    logger: deps.logger,
    publicUrl: deps.publicUrl,
    cookieSecret: deps.secrets.cookieSecret,
    now,
  });
  const cookies = createSessionCookies({
    secure: deps.publicUrl.startsWith('https:'),
    accessTtlSeconds: options.accessTtlSeconds,
    now,
  });
  return { audit, tokens, sessions, accounts, cookies, instance };
}

export type Auth = ReturnType<typeof createAuth>;
