import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkspacePermissions } from '@painel/api/site';
import { describe, expect, it } from 'vitest';
import { mayOpen, workspacePage, workspacePages } from './page-access';

const pagesDir = join(import.meta.dirname, '../pages/w/[workspace]');

function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? pageFiles(join(dir, e.name))
      : // `index` is the folder's own page: `/w/<slug>/`, `/w/<slug>/dashboards`.
        [
          relative(pagesDir, join(dir, e.name))
            .replace(/\.astro$/, '')
            .replace(/\/?index$/, ''),
        ],
  );
}

const none = {
  manageMembers: false,
  inviteMembers: false,
  readAudit: false,
  rename: false,
  own: false,
  leave: true,
  grantableRoles: ['viewer'],
  editDashboards: false,
  manageEmbedding: false,
  manageDataSources: false,
  runQueries: false,
  editSavedQueries: false,
  readPublicLinks: false,
  readJobs: false,
  manageSubscriptionSettings: false,
  manageAlerts: false,
} satisfies WorkspacePermissions;

describe('workspacePages', () => {
  it('says what every workspace page needs', () => {
    const missing = pageFiles(pagesDir).filter((p) => !(p in workspacePages));
    expect(missing, 'add these pages to site/src/lib/page-access.ts').toEqual([]);
  });

  it('finds the page of a path', () => {
    expect(
      [
        '',
        'sql',
        'dashboards',
        'dashboards/new',
        'dashboards/sales',
        'dashboards/sales/edit/',
        'alerts',
        'alerts/new',
        'alerts/0b6f5c1e',
        'subscriptions/new',
        'members/extra',
      ].map(workspacePage),
    ).toEqual([
      '',
      'sql',
      'dashboards',
      'dashboards/new',
      'dashboards/[slug]',
      'dashboards/[slug]/edit',
      'alerts',
      'alerts/new',
      'alerts/[id]',
      'subscriptions/new',
      'members',
    ]);
  });

  it('lets a viewer open only the member pages', () => {
    expect(mayOpen(none, 'dashboards/sales')).toBe(true);
    expect(mayOpen(none, 'sql')).toBe(false);
    expect(mayOpen(none, 'dashboards/sales/edit')).toBe(false);
    expect(mayOpen({ ...none, runQueries: true }, 'builder')).toBe(true);
    expect(mayOpen(none, 'alerts/0b6f5c1e')).toBe(true);
    expect(mayOpen(none, 'alerts/new')).toBe(false);
    expect(mayOpen({ ...none, manageAlerts: true }, 'alerts/new')).toBe(true);
  });
});
