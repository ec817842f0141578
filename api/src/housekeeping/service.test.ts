import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataDatabases } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const day = 24 * 60 * 60_000;
const t0 = Date.parse('2026-03-01T12:00:00Z');
const meta = { ip: '127.0.0.1', userAgent: 'housekeeping test' };

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`housekeeping on ${kind}`, () => {
    let clock = t0;
    let t: TestApp;
    let userId: string;

    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: [], now: () => clock });
      await t.services.auth.accounts.createAdmin({
        email: 'keeper@example.com',
        name: 'Keeper',
        password: 'correct horse battery staple',
      });
      userId = (await t.db('users').where({ email: 'keeper@example.com' }).first('id')).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const count = async (table: string) =>
      Number((await t.db(table).count({ n: '*' }).first())?.n ?? 0);

    it('deletes revoked and expired sessions, rotated tokens, spent links and settled invites once they are 30 days old', async () => {
      const { sessions } = t.services.auth;
      const live = await sessions.start(userId, meta);
      const refreshed = await sessions.refresh(live.refreshToken, { navigation: true }, meta);
      expect(refreshed.ok).toBe(true);
      const revoked = await sessions.start(userId, meta);
      await sessions.revokeOne(userId, revoked.sessionId);
      const at = (offset: number) => new Date(t0 + offset);
      await t
        .db('email_tokens')
        .insert([
          tokenRow(userId, 'expired', { expires_at: at(day) }),
          tokenRow(userId, 'used', { expires_at: at(60 * day), used_at: at(0) }),
          tokenRow(userId, 'pending', { expires_at: at(60 * day) }),
        ]);
      await t.db('workspace_invites').insert([
        invite(t.services.workspaceId, 'expired', { expires_at: at(7 * day) }),
        invite(t.services.workspaceId, 'revoked', { expires_at: at(60 * day), revoked_at: at(0) }),
        invite(t.services.workspaceId, 'accepted', {
          expires_at: at(60 * day),
          accepted_at: at(0),
        }),
        invite(t.services.workspaceId, 'pending', { expires_at: at(60 * day) }),
      ]);
      const before = {
        sessions: await count('sessions'),
        refreshTokens: await count('refresh_tokens'),
      };

      // 29 days on, nothing is old enough yet.
      clock = t0 + 29 * day;
      expect(await t.services.housekeeping.pruneRecords()).toEqual({
        sessions: 0,
        refreshTokens: 0,
        emailTokens: 0,
        invites: 0,
      });

      // 40 days on: what was revoked, used or expired in the first 10 days goes.
      clock = t0 + 40 * day;
      expect(await t.services.housekeeping.pruneRecords()).toEqual({
        sessions: 1,
        // The revoked session's token, and the live one's first, rotated on refresh.
        refreshTokens: 2,
        emailTokens: 2,
        invites: 3,
      });
      expect(await count('sessions')).toBe(before.sessions - 1);
      expect(await count('refresh_tokens')).toBe(before.refreshTokens - 2);
      expect(await t.db('email_tokens').pluck('purpose')).toEqual(['pending']);
      expect(await t.db('workspace_invites').pluck('email')).toEqual(['pending@example.com']);
      // The live session and its current token still work (until it expires, at 30 days).
      clock = t0 + 20 * day;
      const again = await sessions.refresh(
        refreshed.ok ? refreshed.issued.refreshToken : '',
        { navigation: true },
        meta,
      );
      expect(again.ok).toBe(true);

      // 70 days on, the live session expired 40 days ago: it goes too, with its tokens.
      clock = t0 + 70 * day;
      const late = await t.services.housekeeping.pruneRecords();
      expect(late.sessions).toBe(1);
      expect(await t.db('sessions').where({ id: live.sessionId }).first()).toBeUndefined();
      expect(
        await t.db('refresh_tokens').where({ session_id: live.sessionId }).first(),
      ).toBeUndefined();
    });

    it('deletes the upload files no table reads after their grace period, and old outbox messages', async () => {
      clock = t0 + 100 * day;
      const folder = path.join(t.uploadsDir, t.services.workspaceId);
      const gone = path.join(t.uploadsDir, randomUUID());
      fs.mkdirSync(folder, { recursive: true });
      fs.mkdirSync(gone, { recursive: true });
      const write = (file: string, ageMs: number) => {
        fs.writeFileSync(file, 'x');
        const at = new Date(clock - ageMs);
        fs.utimesSync(file, at, at);
        return file;
      };
      const stray = write(path.join(folder, `${randomUUID()}.parquet`), 2 * 60 * 60_000);
      const ofDeleted = write(path.join(gone, `${randomUUID()}.parquet`), day);
      // Replaced a minute ago: a query may still be reading it.
      const recent = write(path.join(folder, `${randomUUID()}.parquet`), 60_000);
      // Not one of Painel's upload files: never touched.
      const foreign = write(path.join(folder, 'notes.txt'), 365 * day);

      const outbox = path.join(t.dataDir, 'outbox');
      fs.mkdirSync(outbox, { recursive: true });
      const oldMail = write(path.join(outbox, 'old-verify-email-1.eml'), 31 * day);
      const newMail = write(path.join(outbox, 'new-verify-email-2.eml'), 29 * day);

      expect(await t.services.housekeeping.pruneFiles()).toEqual({ uploads: 2, outbox: 1 });
      for (const file of [stray, ofDeleted, oldMail]) expect(fs.existsSync(file)).toBe(false);
      for (const file of [recent, foreign, newMail]) expect(fs.existsSync(file)).toBe(true);
    });
  });
}

function tokenRow(userId: string, purpose: string, dates: Record<string, Date>) {
  return {
    token_hash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    user_id: userId,
    purpose,
    email: 'keeper@example.com',
    created_at: new Date(t0),
    used_at: null,
    ...dates,
  };
}

function invite(workspaceId: string, name: string, dates: Record<string, Date>) {
  return {
    id: randomUUID(),
    workspace_id: workspaceId,
    email: `${name}@example.com`,
    role: 'viewer',
    token_hash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    created_at: new Date(t0),
    accepted_at: null,
    revoked_at: null,
    ...dates,
  };
}
