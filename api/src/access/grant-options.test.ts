import { describe, expect, it } from 'vitest';
import type { Role } from '../auth/context.js';
import { canOnDashboard, grantOptions, type Permission } from './policy.js';

/**
 * What the share dialog offers for each member is read from the rules that decide access, so
 * the dialog never offers a grant the API would refuse (422) nor hides one it would take.
 */
describe('grantOptions', () => {
  it.each([
    ['owner', { always: true, permissions: ['view', 'edit'] }],
    ['admin', { always: true, permissions: ['view', 'edit'] }],
    ['editor', { always: false, permissions: ['view', 'edit'] }],
    ['viewer', { always: false, permissions: ['view'] }],
  ] as const)('for a %s', (role, expected) => {
    expect(grantOptions(role)).toEqual(expected);
  });

  it('agrees with the rules: a grant offered gives that access to a restricted dashboard', () => {
    const roles: Role[] = ['owner', 'admin', 'editor', 'viewer'];
    for (const role of roles) {
      const { always, permissions } = grantOptions(role);
      for (const permission of ['view', 'edit'] as Permission[]) {
        const facts = {
          reader: { userId: 'u', role },
          restricted: true,
          createdBy: 'someone else',
          grant: permissions.includes(permission) ? permission : null,
        };
        expect(canOnDashboard(permission, facts), `${role} ${permission}`).toBe(
          always || permissions.includes(permission),
        );
      }
    }
  });
});
