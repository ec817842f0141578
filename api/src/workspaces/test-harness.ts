/**
 * Test-only: an in-memory app with the workspace and API-key routes, a fake clock, a recording
 * mailer and an authentication shim (`X-Test-User: <user id>` acts as that user's browser
 * session; `Authorization: Bearer` goes through the real verifyApiKey). Never imported by
 * production code.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Role } from '../auth/context.js';
import { createDb, type Db, migrate } from '../db/knex.js';
import type { Mailer, OutgoingEmail } from '../email/mailer.js';
import { apiNotFound, errorHandler } from '../http/problem.js';
import { requestContext } from '../http/request-context.js';
import { mountRoutes } from '../http/route.js';
import { createLogger } from '../logger.js';
import { createTestDatabase } from '../testing/databases.js';
import { createWorkspaceArea, type WorkspaceArea, workspaceAreaRoutes } from './area.js';
import { type AuditEvent, memoryAudit } from './audit-recorder.js';

export const testPublicUrl = 'https://painel.example';

export interface Harness {
  app: express.Express;
  db: Db;
  area: WorkspaceArea;
  audit: AuditEvent[];
  mail: OutgoingEmail[];
  clock: { now: number; advance(ms: number): void };
  addUser(name: string, email?: string): Promise<string>;
  addWorkspace(slug: string, members: Record<string, Role>): Promise<string>;
  close(): Promise<void>;
}

export async function createHarness(kind: 'sqlite' | 'postgres'): Promise<Harness> {
  const testDb = await createTestDatabase(kind);
  const db = createDb(testDb.config);
  await migrate(db);
  const audit = memoryAudit();
  const mail: OutgoingEmail[] = [];
  const mailer: Mailer = {
    async send(email) {
      mail.push(email as OutgoingEmail);
    },
  };
  const clock = {
    now: Date.parse('2026-11-25T12:00:00Z'),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const area = createWorkspaceArea({
    db,
    mailer,
    audit,
    publicUrl: testPublicUrl,
    now: () => clock.now,
  });

  const app = express();
  app.use(requestContext(createLogger('silent')));
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.use(async function testAuthentication(req, _res, next) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      const context = await area.apiKeys.verify(bearer);
      if (context) req.auth = context;
    } else {
      const userId = req.get('x-test-user');
      if (userId) req.auth = { kind: 'session', userId, sessionId: `test-${userId}`, locale: 'en' };
    }
    next();
  });
  // One probe per role: the role table's rows owned by other areas (queries, data sources…).
  for (const role of ['viewer', 'editor', 'admin', 'owner'] as const) {
    router.get(
      `/api/workspaces/:workspace/probe/${role}`,
      area.access.requireWorkspace(role),
      (req, res) => {
        res.json(req.workspace);
      },
    );
  }
  mountRoutes(router, workspaceAreaRoutes(area));
  router.use('/api', apiNotFound);
  app.use(router);
  app.use(errorHandler);

  return {
    app,
    db,
    area,
    audit: audit.events,
    mail,
    clock,
    async addUser(name, email = `${name.toLowerCase()}@example.org`) {
      const id = randomUUID();
      const at = new Date(clock.now);
      await db('users').insert({
        id,
        email,
        name,
        password_hash: 'not-a-hash',
        created_at: at,
        updated_at: at,
      });
      return id;
    },
    async addWorkspace(slug, members) {
      const id = randomUUID();
      const at = new Date(clock.now);
      await db('workspaces').insert({ id, slug, name: slug.toUpperCase(), created_at: at });
      for (const [userId, role] of Object.entries(members)) {
        await db('workspace_members').insert({
          workspace_id: id,
          user_id: userId,
          role,
          created_at: at,
        });
      }
      return id;
    },
    async close() {
      await db.destroy();
      await testDb.drop();
    },
  };
}
