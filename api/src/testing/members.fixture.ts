/**
 * Test-only: people and workspaces. `person` signs up over HTTP, as a visitor would;
 * `addUser` and `addWorkspace` write the rows straight away, for tests of one area's rules
 * that act through `X-Test-User` (see createTestApp's `testUserHeader`).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../auth/context.js';
import { type Browser, browser } from './browser.js';
import type { TestApp } from './test-app.js';

const password = 'correct horse battery';

/**
 * Signs up and logs in; with `role`, also joins Demo at that role (the instance's first account
 * owns Demo; everyone else starts in a workspace of their own).
 */
export async function person(
  t: TestApp,
  email: string,
  role?: Exclude<Role, 'owner'>,
  lang = 'en',
): Promise<{ b: Browser; id: string }> {
  const b = browser(t.app, lang);
  expect(
    (await b.post('/api/auth/signup', { email, name: email.split('@')[0], password, locale: 'en' }))
      .status,
  ).toBe(202);
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
