import type { Sessions } from '../auth/sessions.js';
import type { UserStore } from '../auth/user-store.js';
import type { Uploads } from '../datasources/uploads.js';
import { pruneOutbox } from '../email/transport.js';
import type { Invites } from '../workspaces/invites.js';

/**
 * How long what nobody can use any more is kept before the housekeeping jobs delete it: long
 * enough to answer "why was I logged out?" from the rows, short enough that tables of sessions
 * and tokens stay the size of the live ones.
 */
export const housekeepingRetentionMs = 30 * 24 * 60 * 60_000;

export interface PrunedRecords {
  sessions: number;
  refreshTokens: number;
  emailTokens: number;
  invites: number;
}

export interface PrunedFiles {
  uploads: number;
  outbox: number;
}

/**
 * What the scheduled clean-up deletes: expired and revoked sessions with their refresh tokens,
 * spent email links and settled invites (never pruned before), upload files no table reads,
 * and old outbox messages. Each owner module deletes its own rows; this only says when.
 */
export function createHousekeeping(deps: {
  sessions: Pick<Sessions, 'prune'>;
  users: Pick<UserStore, 'pruneEmailTokens'>;
  invites: Pick<Invites, 'prune'>;
  uploads: Pick<Uploads, 'pruneUnusedFiles'>;
  outboxDir: string;
  now: () => number;
}) {
  const before = () => new Date(deps.now() - housekeepingRetentionMs);
  return {
    async pruneRecords(): Promise<PrunedRecords> {
      const at = before();
      const { sessions, refreshTokens } = await deps.sessions.prune(at);
      const emailTokens = await deps.users.pruneEmailTokens(at);
      const invites = await deps.invites.prune(at);
      return { sessions, refreshTokens, emailTokens, invites };
    },
    async pruneFiles(): Promise<PrunedFiles> {
      const uploads = await deps.uploads.pruneUnusedFiles();
      const outbox = await pruneOutbox(deps.outboxDir, before());
      return { uploads, outbox };
    },
  };
}

export type Housekeeping = ReturnType<typeof createHousekeeping>;
