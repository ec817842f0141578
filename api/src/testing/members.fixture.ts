/**
 * Test-only: people and workspaces. `person` signs up over HTTP, as a visitor would, and
 * `apiKeyOf` gives them a key; `addUser(s)` and `addWorkspace` write the rows straight away, for
 * tests of one area's rules that act through `X-Test-User` on a `rulesTestApp` (see
 * createTestApp's `testUserHeader`).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../auth/context.js';
import { type Browser, browser } from './browser.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

const password = 'correct horse battery';

/** How `person` signs up: the browser's language, and the account's name and saved language. */
export interface PersonOptions {
  /** The browser's `Accept-Language`; default `en`. */
  lang?: string;
  /** Default: the part of the email before the `@`. */
  name?: string;
  /** The account's saved language; default `en`. */
  locale?: string;
}

/**
 * Signs up and logs in; with `role`, also joins Demo at that role (the instance's first account
 * owns Demo; everyone else starts in a workspace of their own).
 */
export async function person(
  t: TestApp,
  email: string,
  role?: Exclude<Role, 'owner'>,
  { lang = 'en', name = email.split('@')[0], locale = 'en' }: PersonOptions = {},
): Promise<{ b: Browser; id: string }> {
  const b = browser(t.app, lang);
  expect((await b.post('/api/auth/signup', { email, name, password, locale })).status).toBe(202);
  expect((await b.post('/api/auth/login', { email, password })).status).toBe(200);
  const { id } = await t.db('users').where({ email }).first('id');
  if (role)
    await t.db('workspace_members').insert({
      workspace_id: t.services.workspaceId,
      user_id: id,
      role,
      created_at: new Date(),
    });
  return { b, id };
}

/**
 * The app for a test of one area's rules on `database`: no demo tables, the test's clock, and
 * `X-Test-User` sessions (members are then made with `addUser` and `addWorkspace`).
 */
export function rulesTestApp(
  database: TestAppOptions['database'],
  now: () => number,
  options: TestAppOptions = {},
): Promise<TestApp> {
  return createTestApp({ database, demoTables: [], now, testUserHeader: true, ...options });
}

/** An account row (no password to log in with); returns its id. */
export async function addUser(
  t: TestApp,
  name: string,
  email = `${name.toLowerCase()}@example.org`,
): Promise<string> {
  const id = randomUUID();
  const at = new Date(t.now());
  await t.db('users').insert({
    id,
    email,
    name,
    password_hash: 'not-a-hash',
    created_at: at,
    updated_at: at,
  });
  return id;
}

/** One account row per name, with the default email; returns their ids in the same order. */
export async function addUsers<const N extends string[]>(
  t: TestApp,
  ...names: N
): Promise<{ [K in keyof N]: string }> {
  const ids: string[] = [];
  for (const name of names) ids.push(await addUser(t, name));
  return ids as { [K in keyof N]: string };
}

/** A workspace named after its slug, with these members (user id → role); returns its id. */
export async function addWorkspace(
  t: TestApp,
  slug: string,
  members: Record<string, Role>,
): Promise<string> {
  const id = randomUUID();
  const at = new Date(t.now());
  await t.db('workspaces').insert({ id, slug, name: slug.toUpperCase(), created_at: at });
  for (const [userId, role] of Object.entries(members)) {
    await t.db('workspace_members').insert({
      workspace_id: id,
      user_id: userId,
      role,
      created_at: at,
    });
  }
  return id;
}

/** A new API key of `role` in `workspace`, made by `b` (signed in, admin or above there). */
export async function apiKeyOf(
  b: Browser,
  role: Exclude<Role, 'owner'>,
  workspace = 'demo',
): Promise<string> {
  const res = await b.post(`/api/workspaces/${workspace}/api-keys`, { name: role, role });
  expect(res.status).toBe(201);
  return res.body.secret as string;
}
