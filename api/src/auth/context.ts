import type { Locale } from '@painel/i18n';
import type { Request } from 'express';

/** Workspace roles, lowest first. A grant or an API key never exceeds its member's role. */
export const roles = ['viewer', 'editor', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(minimum);
}

/**
 * Who is making a request. Set by the authentication middleware from the access-token cookie
 * (a browser session) or from `Authorization: Bearer` (an API key, scoped to one workspace).
 * `locale` is the user's saved language, for answers to requests that do not name one.
 */
export type AuthContext =
  | { kind: 'session'; userId: string; sessionId: string; locale: Locale }
  | {
      kind: 'apiKey';
      userId: string;
      apiKeyId: string;
      workspaceId: string;
      role: Role;
      locale: Locale;
    };

/** The workspace a request acts in, resolved from the URL and the caller's membership. */
export interface WorkspaceContext {
  id: string;
  slug: string;
  role: Role;
}

declare global {
  namespace Express {
    interface Request {
      auth?: AuthContext;
      workspace?: WorkspaceContext;
    }
  }
}

export type AuthedRequest = Request & { auth: AuthContext };
