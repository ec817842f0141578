import type { Request } from 'express';
import { z } from 'zod';
import { requestMeta } from '../auth/request-meta.js';
import { notInstanceAdmin } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';
import { requireInstanceAdmin } from '../instance/admins.js';
import { instanceErrors } from '../instance/errors.js';
import type { InstanceSettings } from '../instance/settings.js';
import { normalDomain } from '../instance/signup-rule.js';

const domain = z
  .string()
  .max(253)
  .transform((v, ctx) => {
    const d = normalDomain(v);
    if (!d) ctx.addIssue({ code: 'custom', message: 'not a domain name' });
    return d ?? z.NEVER;
  });

export const signupRuleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('open') }).strict(),
  z.object({ mode: z.literal('invite') }).strict(),
  z
    .object({
      mode: z.literal('domains'),
      // A list, or one string of them separated by commas or spaces (the admin page's field).
      domains: z.preprocess(
        (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
        z.array(domain).min(1).max(100),
      ),
    })
    .strict(),
]);
const workspaceCreation = z.enum(['everyone', 'admins']);

const settingsSchema = z.object({
  signup: signupRuleSchema,
  signupSource: z
    .enum(['environment', 'settings', 'default'])
    .describe('environment: SIGNUP is set and cannot be changed here'),
  workspaceCreation,
});

/** The instance's settings, for its administrators only (a browser session, never an API key). */
export function instanceSettingsRoutes(deps: { instance: InstanceSettings }) {
  const adminOnly = (req: Request) =>
    requireInstanceAdmin(req, deps.instance.isAdmin, instanceErrors.instanceAdminOnly);
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/settings',
      operationId: 'getInstanceSettings',
      summary: "The instance's settings: who may sign up and create workspaces",
      tag: 'Administration',
      responses: {
        200: { description: 'The settings', schema: settingsSchema },
        ...notInstanceAdmin,
      },
      handler: async (req, res) => {
        await adminOnly(req);
        res.json(await deps.instance.read());
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/settings',
      operationId: 'updateInstanceSettings',
      summary: "Change the instance's settings",
      description:
        'Send only what changes. `signup: null` goes back to the default rule. Recorded in the audit log.',
      tag: 'Administration',
      body: z
        .object({
          signup: signupRuleSchema.nullable().optional(),
          workspaceCreation: workspaceCreation.optional(),
        })
        .strict(),
      responses: {
        200: { description: 'The settings now', schema: settingsSchema },
        400: { description: 'Invalid body' },
        ...notInstanceAdmin,
        409: { description: 'SIGNUP is set in the environment: the sign-up rule cannot change' },
      },
      handler: async (req, res) => {
        const userId = await adminOnly(req);
        res.json(await deps.instance.update(userId, req.body, requestMeta(req)));
      },
    }),
  ];
}
