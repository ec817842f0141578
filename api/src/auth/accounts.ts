import { randomUUID } from 'node:crypto';
import { isLocale, type Locale } from '@painel/i18n';
import type { Audit } from '../audit/service.js';
import { hmac, randomToken, sha256 } from '../crypto.js';
import type { Db } from '../db/knex.js';
import { demoWorkspace } from '../demo/seed.js';
import { emailLink } from '../email/links.js';
import type { Mailer } from '../email/mailer.js';
import { HttpError } from '../errors.js';
import { instanceErrors } from '../instance/errors.js';
import type { InstanceSettings } from '../instance/settings.js';
import { emailInDomains } from '../instance/signup-rule.js';
import type { Logger } from '../logger.js';
import { hasPendingInvite } from '../workspaces/invites.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { PasswordHasher } from './password.js';
import type { Issued, RequestMeta, Sessions } from './sessions.js';
import { createUserStore, type EmailTokenPurpose as Purpose, type UserRow } from './user-store.js';

export const verifyTtlMs = 24 * 60 * 60_000;
export const resetTtlMs = 30 * 60_000;

/** The single-use links an account is emailed: the page (and email), and how long each works. */
const emailedLinks = {
  verify: { template: 'verify-email', ttlMs: verifyTtlMs, lifetime: { hours: 24 } },
  reset: { template: 'reset-password', ttlMs: resetTtlMs, lifetime: { minutes: 30 } },
} as const;

export type Theme = 'light' | 'dark' | 'system';

export interface Profile {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
  theme: Theme;
  emailVerified: boolean;
}

export interface ProfileChanges {
  name?: string | undefined;
  locale?: Locale | undefined;
  timeZone?: string | undefined;
  theme?: Theme | undefined;
}

const unauthenticated = () => new HttpError(401, { key: 'errors.auth.unauthenticated' });
const invalidCredentials = () => new HttpError(401, { key: 'errors.auth.invalidCredentials' });
const invalidLink = () => new HttpError(400, { key: 'errors.auth.invalidToken' });

/**
 * Accounts: sign up, verification, log in, password change and reset, profile, deletion.
 * Answers never tell whether an address has an account (see signUp and requestReset).
 */
export function createAccounts(deps: {
  db: Db;
  audit: Audit;
  /** Who may sign up, and whether a new account gets a workspace of its own. */
  instance: InstanceSettings;
  sessions: Sessions;
  passwords: PasswordHasher;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  cookieSecret: string;
  now: () => number;
}) {
  const { db, audit } = deps;
  const users = createUserStore({ db });
  const date = () => new Date(deps.now());

  const link = (locale: string, page: string, token: string) =>
    emailLink(deps.publicUrl, isLocale(locale) ? locale : 'en', page, token);

  /** Emails `user` a new link for `purpose`; only the token's hash is kept. */
  async function sendLink(user: UserRow, purpose: Purpose) {
    const { template, ttlMs, lifetime } = emailedLinks[purpose];
    const token = randomToken();
    await users.insertEmailToken({
      token_hash: sha256(token),
      user_id: user.id,
      purpose,
      email: user.email,
      created_at: date(),
      expires_at: new Date(deps.now() + ttlMs),
    });
    await deliver(user, template, {
      name: user.name,
      link: link(user.locale, template, token),
      ...lifetime,
    });
  }

  /** Marks a link's token used and returns its user; a used, expired or unknown token fails. */
  async function consumeEmailToken(token: string, purpose: Purpose, trx: Db): Promise<UserRow> {
    const hash = sha256(token);
    const store = createUserStore({ db: trx });
    const row = await store.emailToken(hash, purpose);
    if (!row || row.used_at || new Date(row.expires_at as string).getTime() <= deps.now())
      throw invalidLink();
    const won = await store.useEmailToken(hash, date());
    const user = await store.byId(row.user_id);
    // The address changed since the link was sent: the link no longer proves anything.
    if (!won || !user || user.email !== row.email) throw invalidLink();
    return user;
  }

  async function deliver(
    user: UserRow,
    template: 'verify-email' | 'reset-password',
    params:
      | { name: string; link: string; hours: number }
      | { name: string; link: string; minutes: number },
  ) {
    try {
      await deps.mailer.send({
        to: user.email,
        locale: toLocale(user.locale),
        template,
        params,
      } as never);
    } catch (error) {
      // A mail server hiccup must not reveal (by a different answer) that the account exists.
      deps.logger.error({ err: error, template }, 'email could not be sent');
    }
  }

  async function userById(id: string): Promise<UserRow> {
    const user = await users.byId(id);
    if (!user) throw unauthenticated();
    return user;
  }

  return {
    async signUp(
      input: { email: string; name: string; password: string; locale: Locale },
      meta: RequestMeta,
    ): Promise<void> {
      const email = input.email.trim().toLowerCase();
      // Hash first whatever happens, so a taken address answers as slowly as a new one.
      const passwordHash = await deps.passwords.hash(input.password);
      const settings = await deps.instance.read();
      // Before looking the address up: a refusal must not depend on whether it has an account.
      const { signup } = settings;
      if (signup.mode === 'invite' && !(await hasPendingInvite(db, email, date())))
        throw instanceErrors.signupByInvitation();
      if (signup.mode === 'domains' && !emailInDomains(email, signup.domains))
        throw instanceErrors.signupDomainRefused();
      const existing = await users.byEmail(email);
      if (existing) {
        // Uniform answer: the caller sees the same 202; the owner gets a reset link instead,
        // which is what someone who forgot they had an account needs.
        await sendLink(existing, 'reset');
        return;
      }
      const at = date();
      const user: UserRow = {
        id: randomUUID(),
        email,
        name: input.name.trim(),
        password_hash: passwordHash,
        locale: input.locale,
        time_zone: 'UTC',
        theme: 'system',
        email_verified_at: null,
      };
      let workspaceId: string | undefined;
      try {
        await db.transaction(async (trx) => {
          const txUsers = createUserStore({ db: trx });
          const workspaces = createWorkspaceStore({ db: trx });
          await txUsers.insert({ ...user, created_at: at, updated_at: at });
          await audit.labelActor(user.id, `${user.name} <${email}>`, trx);
          // The first account administers the instance, and owns the Demo workspace.
          const first = (await txUsers.count()) === 1;
          if (first) await txUsers.update(user.id, { instance_admin: true, updated_at: at });
          const demo = first ? await workspaces.idBySlug(demoWorkspace.slug) : undefined;
          if (demo) {
            workspaceId = demo;
          } else if (first || settings.workspaceCreation === 'everyone') {
            workspaceId = randomUUID();
            await workspaces.insert({
              id: workspaceId,
              slug: await workspaces.freeSlug(user.name),
              name: user.name,
              created_at: at,
            });
          }
          // Else no workspace of their own: an invitation brings them into one.
          if (workspaceId)
            await workspaces.addMember({
              workspace_id: workspaceId,
              user_id: user.id,
              role: 'owner',
              created_at: at,
            });
          await audit.record(
            { type: 'signup', actorId: user.id, workspaceId: workspaceId ?? null, ...meta },
            trx,
          );
        });
      } catch (error) {
        // Two sign-ups with one address at once: the loser answers like everyone else.
        if (await users.exists(email)) return;
        throw error;
      }
      await sendLink(user, 'verify');
    },

    /**
     * An instance administrator from the command line: verified at once, owner of the Demo
     * workspace when it has none yet, else its admin. An existing address is refused (see
     * makeInstanceAdmin).
     */
    async createAdmin(input: {
      email: string;
      name: string;
      password: string;
    }): Promise<{ role: 'owner' | 'admin' }> {
      const email = input.email.trim().toLowerCase();
      const passwordHash = await deps.passwords.hash(input.password);
      return db.transaction(async (trx) => {
        const txUsers = createUserStore({ db: trx });
        const workspaces = createWorkspaceStore({ db: trx });
        if (await txUsers.exists(email)) {
          throw new HttpError(409, { key: 'errors.auth.emailTaken', params: { email } });
        }
        const at = date();
        const id = randomUUID();
        const name = input.name.trim();
        await txUsers.insert({
          id,
          email,
          name,
          password_hash: passwordHash,
          locale: 'en',
          time_zone: 'UTC',
          theme: 'system',
          email_verified_at: at,
          instance_admin: true,
          created_at: at,
          updated_at: at,
        });
        await audit.labelActor(id, `${name} <${email}>`, trx);
        const demo = await workspaces.idBySlug(demoWorkspace.slug);
        if (!demo) throw new Error('the Demo workspace is missing: start Painel once to seed it');
        const role = (await workspaces.hasOwner(demo)) ? 'admin' : 'owner';
        await workspaces.addMember({
          workspace_id: demo,
          user_id: id,
          role,
          created_at: at,
        });
        await audit.record(
          { type: 'signup', actorId: id, workspaceId: demo, details: { via: 'cli', role } },
          trx,
        );
        return { role };
      });
    },

    /**
     * Makes the account of `email` an instance administrator (from the command line); false
     * when there is none. Its password and workspaces stay as they are.
     */
    async makeInstanceAdmin(emailInput: string): Promise<boolean> {
      const email = emailInput.trim().toLowerCase();
      return db.transaction(async (trx) => {
        const txUsers = createUserStore({ db: trx });
        const user = await txUsers.byEmail(email);
        if (!user) return false;
        if (!(await txUsers.isInstanceAdmin(user.id))) {
          await txUsers.update(user.id, { instance_admin: true, updated_at: date() });
          await audit.record(
            { type: 'instance.admin.grant', actorId: user.id, details: { via: 'cli' } },
            trx,
          );
        }
        return true;
      });
    },

    async resendVerification(userId: string): Promise<void> {
      const user = await userById(userId);
      if (!user.email_verified_at) await sendLink(user, 'verify');
    },

    async verifyEmail(token: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (trx) => {
        const user = await consumeEmailToken(token, 'verify', trx);
        await createUserStore({ db: trx }).update(user.id, {
          email_verified_at: date(),
          updated_at: date(),
        });
        await audit.record({ type: 'email.verify', actorId: user.id, ...meta }, trx);
      });
    },

    async logIn(input: { email: string; password: string }, meta: RequestMeta): Promise<Issued> {
      const email = input.email.trim().toLowerCase();
      const user = await users.byEmail(email);
      if (!user) {
        await deps.passwords.dummyVerify(input.password);
        await audit.record({
          type: 'login.failed',
          ...meta,
          details: { reason: 'unknown-account' },
        });
        throw invalidCredentials();
      }
      if (!(await deps.passwords.verify(user.password_hash, input.password))) {
        await audit.record({
          type: 'login.failed',
          actorId: user.id,
          ...meta,
          details: { reason: 'password' },
        });
        throw invalidCredentials();
      }
      const issued = await deps.sessions.start(user.id, meta);
      await audit.record({
        type: 'login',
        actorId: user.id,
        ...meta,
        details: { sessionId: issued.sessionId },
      });
      return issued;
    },

    async logOut(userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
      await deps.sessions.revokeOne(userId, sessionId);
      await audit.record({ type: 'logout', actorId: userId, ...meta, details: { sessionId } });
    },

    async profile(userId: string): Promise<Profile> {
      return toProfile(await userById(userId));
    },

    async updateProfile(userId: string, changes: ProfileChanges): Promise<Profile> {
      const values: Partial<Pick<UserRow, 'name' | 'locale' | 'time_zone' | 'theme'>> = {};
      if (changes.name !== undefined) values.name = changes.name.trim();
      if (changes.locale !== undefined) values.locale = changes.locale;
      if (changes.timeZone !== undefined) values.time_zone = changes.timeZone;
      if (changes.theme !== undefined) values.theme = changes.theme;
      if (Object.keys(values).length) {
        await db.transaction(async (trx) => {
          const txUsers = createUserStore({ db: trx });
          await txUsers.update(userId, { ...values, updated_at: date() });
          const user = (await txUsers.byId(userId)) as UserRow;
          await audit.labelActor(userId, `${user.name} <${user.email}>`, trx);
        });
        // Their sessions and keys carry the language: every replica reads them again.
        if (values.locale !== undefined) await deps.sessions.userChanged();
      }
      return toProfile(await userById(userId));
    },

    async changePassword(
      userId: string,
      sessionId: string | undefined,
      input: { currentPassword: string; newPassword: string },
      meta: RequestMeta,
    ): Promise<void> {
      const user = await userById(userId);
      if (!(await deps.passwords.verify(user.password_hash, input.currentPassword))) {
        throw new HttpError(403, { key: 'errors.auth.wrongPassword' });
      }
      await users.update(userId, {
        password_hash: await deps.passwords.hash(input.newPassword),
        updated_at: date(),
      });
      const revoked = await deps.sessions.revokeAll(userId, sessionId);
      await audit.record({
        type: 'password.change',
        actorId: userId,
        ...meta,
        details: { sessionsRevoked: revoked },
      });
    },

    async requestReset(emailInput: string, meta: RequestMeta): Promise<void> {
      const email = emailInput.trim().toLowerCase();
      const user = await users.byEmail(email);
      if (!user) return;
      await audit.record({ type: 'password.reset.request', actorId: user.id, ...meta });
      await sendLink(user, 'reset');
    },

    async resetPassword(
      input: { token: string; password: string },
      meta: RequestMeta,
    ): Promise<void> {
      const passwordHash = await deps.passwords.hash(input.password);
      const user = await db.transaction(async (trx) => {
        const user = await consumeEmailToken(input.token, 'reset', trx);
        // Following the emailed link proves the address, too.
        await createUserStore({ db: trx }).update(user.id, {
          password_hash: passwordHash,
          email_verified_at: user.email_verified_at ?? date(),
          updated_at: date(),
        });
        await audit.record({ type: 'password.reset', actorId: user.id, ...meta }, trx);
        return user;
      });
      await deps.sessions.revokeAll(user.id);
    },

    /**
     * Deletes the account. Refused (409) while the user is the only owner of a workspace that
     * has other members; their solo workspaces go with them (the Demo workspace stays).
     * Events stay in the audit log under a stable pseudonym.
     */
    async deleteAccount(userId: string, password: string, meta: RequestMeta): Promise<void> {
      const user = await userById(userId);
      if (!(await deps.passwords.verify(user.password_hash, password))) {
        throw new HttpError(403, { key: 'errors.auth.wrongPassword' });
      }
      await db.transaction(async (trx) => {
        const workspaces = createWorkspaceStore({ db: trx });
        const owned = await workspaces.ownedBy(userId);
        const blocking: string[] = [];
        const solo: { id: string; slug: string }[] = [];
        for (const w of owned) {
          const others = await workspaces.otherRoles(w.id, userId);
          if (others.includes('owner')) continue;
          if (others.length) blocking.push(w.name);
          else solo.push(w);
        }
        if (blocking.length) {
          throw new HttpError(409, {
            key: 'errors.auth.soleOwner',
            params: { workspaces: blocking.join(', ') },
            extensions: { workspaces: blocking },
          });
        }
        for (const w of solo) {
          if (w.slug === demoWorkspace.slug) continue;
          await workspaces.remove(w.id);
          await audit.record(
            {
              type: 'workspace.delete',
              actorId: userId,
              workspaceId: w.id,
              ...meta,
              details: { reason: 'account.delete' },
            },
            trx,
          );
        }
        await audit.record({ type: 'account.delete', actorId: userId, ...meta }, trx);
        await audit.labelActor(userId, pseudonym(deps.cookieSecret, userId), trx);
        await createUserStore({ db: trx }).remove(userId);
      });
      // Their sessions and keys went with them: the next request, to any replica, fails.
      await deps.sessions.userChanged();
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

/** A stable, non-reversible label for a deleted account: the same user always gets the same one. */
export function pseudonym(secret: string, userId: string): string {
  return `deleted-user-${hmac(secret, `pseudonym:${userId}`).slice(0, 12)}`;
}

function toLocale(value: string): Locale {
  return value === 'pt-BR' ? 'pt-BR' : 'en';
}

function toProfile(user: UserRow): Profile {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: toLocale(user.locale),
    timeZone: user.time_zone,
    theme: (['light', 'dark', 'system'].includes(user.theme) ? user.theme : 'system') as Theme,
    emailVerified: Boolean(user.email_verified_at),
  };
}
