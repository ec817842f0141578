import type { Knex } from 'knex';
import * as initial from './20261125-001-initial.js';
import * as jobLeases from './20261125-002-job-leases.js';
import * as accounts from './20261125-003-accounts.js';
import * as workspaceInvites from './20261125-004-workspace-invites.js';
import * as dataSourceCredentials from './20261126-005-data-source-credentials.js';
import * as savedQueries from './20261126-006-saved-queries.js';
import * as dashboards from './20261126-007-dashboards.js';
import * as sharing from './20261126-008-sharing.js';
import * as uploadTables from './20261127-009-upload-tables.js';
import * as jobQueue from './20261206-010-job-queue.js';
import * as subscriptions from './20261206-011-subscriptions.js';
import * as alerts from './20261206-012-alerts.js';
import * as instanceAdmins from './20261206-013-instance-admins.js';

/**
 * Migrations are listed here rather than discovered on disk, so they run the same from
 * TypeScript sources, a bundle or a test, and their order is explicit.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261125-001-initial': initial,
  '20261125-002-job-leases': jobLeases,
  '20261125-003-accounts': accounts,
  '20261125-004-workspace-invites': workspaceInvites,
  '20261126-005-data-source-credentials': dataSourceCredentials,
  '20261126-006-saved-queries': savedQueries,
  '20261126-007-dashboards': dashboards,
  '20261126-008-sharing': sharing,
  '20261127-009-upload-tables': uploadTables,
  '20261206-010-job-queue': jobQueue,
  '20261206-011-subscriptions': subscriptions,
  '20261206-012-alerts': alerts,
  '20261206-013-instance-admins': instanceAdmins,
};

/** This release's migrations, oldest first. */
export const migrationNames = Object.keys(migrations);

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrationNames,
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const m = migrations[name];
    if (!m) throw new Error(`unknown migration ${name}`);
    return m;
  },
};
