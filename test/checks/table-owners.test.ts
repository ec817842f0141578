import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * One owner per table: each table of Painel's own database is read and written by the store
 * module(s) named below, and every other module goes through their methods. A file that names a
 * table it does not own, in a knex call (`db('users')`, `.join('users as u', …)`) or in raw SQL
 * (`FROM users`), fails here with its file, line and table, and so does a table the migrations
 * create that has no entry. Migrations (and the rest of api/src/db), tests and the test helpers
 * in api/src/testing may name any table, to set up and inspect rows.
 */

const root = path.resolve(import.meta.dirname, '../..');

/** table → the files allowed to name it, relative to the repository root. */
const owners: Record<string, string[]> = {
  users: ['api/src/auth/user-store.ts'],
  email_tokens: ['api/src/auth/user-store.ts'],
  sessions: ['api/src/auth/sessions.ts'],
  refresh_tokens: ['api/src/auth/sessions.ts'],
  audit_events: ['api/src/audit/service.ts'],
  audit_actors: ['api/src/audit/service.ts'],
  workspaces: ['api/src/workspaces/store.ts'],
  workspace_members: ['api/src/workspaces/store.ts'],
  workspace_invites: ['api/src/workspaces/invites.ts'],
  api_keys: ['api/src/api-keys/key-store.ts'],
  data_sources: ['api/src/datasources/source-store.ts'],
  upload_tables: ['api/src/datasources/upload-store.ts'],
  saved_queries: ['api/src/queries/saved-queries.ts'],
  query_history: ['api/src/queries/history.ts'],
  // The dashboards folder's three stores share the dashboard row: store.ts its spec, slug and
  // versions, grant-store.ts its restricted flag (joined to its grants), library-store.ts its
  // folder (joined to folders, favourites and views, for the list).
  dashboards: [
    'api/src/dashboards/store.ts',
    'api/src/dashboards/grant-store.ts',
    'api/src/dashboards/library-store.ts',
  ],
  dashboard_versions: ['api/src/dashboards/store.ts'],
  dashboard_grants: ['api/src/dashboards/grant-store.ts'],
  dashboard_folders: ['api/src/dashboards/library-store.ts'],
  dashboard_favorites: ['api/src/dashboards/library-store.ts'],
  dashboard_views: ['api/src/dashboards/library-store.ts'],
  public_links: ['api/src/sharing/public-links.ts'],
  embed_settings: ['api/src/embeds/settings.ts'],
  instance_settings: ['api/src/instance/settings.ts'],
  // Unused since the job queue: kept while a release that leases jobs may still run beside
  // this one (expand/contract), for a later release to drop.
  job_leases: [],
  // The local queue works its runs; local-runs.ts lists and retries them for the API.
  job_queue: ['jobs/src/queue/local-queue.ts', 'jobs/src/queue/local-runs.ts'],
  job_slots: ['jobs/src/queue/schedules.ts'],
  subscriptions: ['api/src/subscriptions/store.ts'],
  subscription_recipients: ['api/src/subscriptions/store.ts'],
  subscription_runs: ['api/src/subscriptions/store.ts'],
  subscription_deliveries: ['api/src/subscriptions/store.ts'],
  subscription_settings: ['api/src/subscriptions/store.ts'],
  alerts: ['api/src/alerts/store.ts'],
  alert_recipients: ['api/src/alerts/store.ts'],
  alert_checks: ['api/src/alerts/store.ts'],
  alert_events: ['api/src/alerts/store.ts'],
  alert_notifications: ['api/src/alerts/store.ts'],
};

const scannedDirs = ['api/src', 'jobs/src'];
const exempt = (file: string) =>
  file.endsWith('.test.ts') ||
  file.startsWith('api/src/testing/') ||
  file.startsWith('api/src/db/');

/** Knex methods whose first argument is a table (`q.leftJoin('users as u', …)`). */
const tableMethods = new Set([
  'db',
  'trx',
  'knex',
  'from',
  'into',
  'table',
  'join',
  'innerJoin',
  'leftJoin',
  'leftOuterJoin',
  'rightJoin',
  'rightOuterJoin',
  'fullOuterJoin',
  'outerJoin',
  'crossJoin',
]);
/** Receivers whose `.join(…)` is not knex's. */
const notKnex = new Set(['path', 'posix', 'win32']);
const tableArgument = /^\s*(\w+)(?:\s+as\s+\w+)?\s*$/i;
const rawSql = /\b(?:from|join|update|into|truncate(?:\s+table)?)\s+["`]?(\w+)/gi;

interface Mention {
  line: number;
  table: string;
}

/** Where `source` names one of `tables` in a knex call or in SQL text (comments are skipped). */
function tableMentions(file: string, source: string, tables: ReadonlySet<string>): Mention[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Mention[] = [];
  const add = (node: ts.Node, table: string) => {
    if (!tables.has(table)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    if (!found.some((m) => m.line === line && m.table === table)) found.push({ line, table });
  };
  const isTableCall = (arg: ts.Node) => {
    const call = arg.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== arg) return false;
    const callee = call.expression;
    if (ts.isIdentifier(callee)) return true;
    if (!ts.isPropertyAccessExpression(callee) || !tableMethods.has(callee.name.text)) return false;
    return !(ts.isIdentifier(callee.expression) && notKnex.has(callee.expression.text));
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const named = isTableCall(node) ? tableArgument.exec(node.text) : null;
      if (named?.[1]) add(node, named[1]);
    } else if (ts.isTemplateExpression(node) && isTableCall(node)) {
      // `db(`users as ${alias}`)`: the table is at the start of the head.
      const named = /^\s*(\w+)\b/.exec(node.head.text);
      if (named?.[1]) add(node, named[1]);
    }
    if (ts.isStringLiteral(node) || ts.isTemplateLiteralToken(node)) {
      for (const m of node.text.matchAll(rawSql)) if (m[1]) add(node, m[1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of scannedDirs) {
    const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile() || !/\.tsx?$/.test(e.name)) continue;
      const file = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      if (!exempt(file)) files.push(file);
    }
  }
  return files.sort();
}

/** The tables the migrations create. */
async function migrationTables(): Promise<string[]> {
  const dir = path.join(root, 'api/src/db/migrations');
  const tables = new Set<string>();
  for (const name of await readdir(dir)) {
    const text = await readFile(path.join(dir, name), 'utf8');
    for (const m of text.matchAll(/createTable\(\s*['"`](\w+)['"`]/g)) if (m[1]) tables.add(m[1]);
  }
  return [...tables].sort();
}

describe('table owners', () => {
  it('gives every table the migrations create an owner, and no other table', async () => {
    const tables = await migrationTables();
    expect(tables.length).toBeGreaterThan(0);
    // An empty list: a retired table nobody may name any more (see its entry).
    const unowned = tables.filter((t) => !(t in owners));
    expect(unowned, 'add these tables to `owners` in test/checks/table-owners.test.ts').toEqual([]);
    const stale = Object.keys(owners).filter((t) => !tables.includes(t));
    expect(stale, 'no migration creates these tables: remove them from `owners`').toEqual([]);
  });

  it('names only owner files that exist', async () => {
    const files = new Set(await sourceFiles());
    const missing = [...new Set(Object.values(owners).flat())].filter((f) => !files.has(f));
    expect(missing).toEqual([]);
  });

  it('lets only the owner name a table in a knex call or in SQL', async () => {
    const tables = new Set(Object.keys(owners));
    const violations: string[] = [];
    for (const file of await sourceFiles()) {
      const source = await readFile(path.join(root, file), 'utf8');
      for (const { line, table } of tableMentions(file, source, tables)) {
        if (!owners[table]?.includes(file)) {
          violations.push(
            `${file}:${line} names \`${table}\`, owned by ${owners[table]?.join(', ')}: call a method of the owner instead`,
          );
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('finds the forms the code uses, and not path.join or comments', () => {
    const source = [
      "await db('users').where({ id });", // 1
      "await trx<Row>('users as u').first();", // 2
      "q.leftJoin('users as u', 'u.id', 'v.created_by');", // 3
      "g.select('id').from('users');", // 4
      `db(\`users as \${alias}\`);`, // 5
      "await db.raw('SELECT id FROM users WHERE email = ?', [email]);", // 6
      `await db.raw(\`delete from "users" where id = \${id}\`);`, // 7
      "const dir = path.join('users', id);", // 8
      '// rows from users are read by the owner', // 9
      "const label = 'users';", // 10
    ].join('\n');
    const lines = tableMentions('example.ts', source, new Set(['users'])).map((m) => m.line);
    expect(lines).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
