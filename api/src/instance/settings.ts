import type { Audit } from '../audit/service.js';
import { createUserStore } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';
import { instanceErrors } from './errors.js';
import type { SignupRule } from './signup-rule.js';

export type WorkspaceCreation = 'everyone' | 'admins';

export interface InstanceSettingsView {
  signup: SignupRule;
  /**
   * Where `signup` comes from: SIGNUP in the environment (which always wins, so the admin page
   * cannot change it), a setting saved from the admin page, or the default.
   */
  signupSource: 'environment' | 'settings' | 'default';
  workspaceCreation: WorkspaceCreation;
}

export interface InstanceSettingsChanges {
  /** Null forgets the saved rule: the default applies again. */
  signup?: SignupRule | null | undefined;
  workspaceCreation?: WorkspaceCreation | undefined;
}

interface SettingRow {
  key: string;
  value: string;
}

/**
 * The instance's own settings, which its administrators manage: who may sign up and who may
 * create workspaces. Each is a row of `instance_settings` (key, JSON value); an absent row is
 * the default. Without SIGNUP and a saved rule, sign-up is open until the first administrator
 * exists (so the first account can be made from the browser), then by invitation.
 */
export function createInstanceSettings(deps: {
  db: Db;
  audit: Audit;
  /** SIGNUP from the environment, when set. */
  signup?: SignupRule | undefined;
  now: () => number;
}) {
  const { db } = deps;
  const users = createUserStore({ db });

  async function saved(): Promise<Map<string, unknown>> {
    const rows: SettingRow[] = await db('instance_settings').select('key', 'value');
    return new Map(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  async function read(): Promise<InstanceSettingsView> {
    const values = await saved();
    const workspaceCreation = values.get('workspaceCreation') === 'admins' ? 'admins' : 'everyone';
    if (deps.signup) return { signup: deps.signup, signupSource: 'environment', workspaceCreation };
    const stored = values.get('signup') as SignupRule | undefined;
    if (stored) return { signup: stored, signupSource: 'settings', workspaceCreation };
    const signup: SignupRule = (await users.anyInstanceAdmin())
      ? { mode: 'invite' }
      : { mode: 'open' };
    return { signup, signupSource: 'default', workspaceCreation };
  }

  async function save(key: string, value: unknown, actorId: string, trx: Db) {
    const at = new Date(deps.now());
    if (value === null) {
      await trx('instance_settings').where({ key }).delete();
      return;
    }
    await trx('instance_settings')
      .insert({ key, value: JSON.stringify(value), updated_by: actorId, updated_at: at })
      .onConflict('key')
      .merge(['value', 'updated_by', 'updated_at']);
  }

  async function mayCreateWorkspace(userId: string): Promise<boolean> {
    const { workspaceCreation } = await read();
    return workspaceCreation === 'everyone' || (await users.isInstanceAdmin(userId));
  }

  return {
    read,
    mayCreateWorkspace,

    /** The sign-up rule in force now. */
    async signupRule(): Promise<SignupRule> {
      return (await read()).signup;
    },

    isAdmin: (userId: string) => users.isInstanceAdmin(userId),

    /** Refuses (403) a user the settings do not let create a workspace. */
    async assertMayCreateWorkspace(userId: string): Promise<void> {
      if (!(await mayCreateWorkspace(userId))) throw instanceErrors.workspaceCreationAdminsOnly();
    },

    /**
     * Saves an administrator's changes (recorded in the audit log). Changing the sign-up rule
     * while SIGNUP is set is refused (409): the environment would overrule it anyway.
     */
    async update(
      actorId: string,
      changes: InstanceSettingsChanges,
      meta: { ip?: string | undefined; userAgent?: string | undefined },
    ): Promise<InstanceSettingsView> {
      if (!(await users.isInstanceAdmin(actorId))) throw instanceErrors.instanceAdminOnly();
      if (changes.signup !== undefined && deps.signup) throw instanceErrors.signupFromEnvironment();
      const before = await read();
      await db.transaction(async (trx) => {
        if (changes.signup !== undefined) await save('signup', changes.signup, actorId, trx);
        if (changes.workspaceCreation !== undefined)
          await save('workspaceCreation', changes.workspaceCreation, actorId, trx);
        await deps.audit.record(
          {
            type: 'instance.settings.update',
            actorId,
            ...meta,
            details: { before: summary(before), changes },
          },
          trx,
        );
      });
      return read();
    },
  };
}

export type InstanceSettings = ReturnType<typeof createInstanceSettings>;

function summary(view: InstanceSettingsView) {
  return { signup: view.signup, workspaceCreation: view.workspaceCreation };
}
