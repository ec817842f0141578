import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Action } from '../access/policy.js';
import { type FieldError, HttpError, type TranslatedIssue } from '../errors.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDef {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json, or application/problem+json for 4xx/5xx. */
  contentType?: string;
}

/**
 * One API operation: its HTTP shape (validated at the edge with zod) and its handler.
 * The same definitions build the router and the OpenAPI document, so they cannot drift.
 */
export interface Route<Body extends z.ZodType = z.ZodType> {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  body?: Body;
  /**
   * Who may call, checked before the body is validated (it throws the 401/403), so an
   * anonymous caller hears "log in" rather than a list of field errors.
   */
  requires?: (req: Request) => unknown;
  /**
   * What the route does, in the access policy's words (access/policy.ts). Every route under
   * `/api/workspaces/:workspace` names one (route-actions.test.ts), and its handler's
   * `access.resolve(req, action)` must ask for the same one (`workspaceRoute`, in
   * routes/workspace-route.ts, asks it for the handler).
   */
  action?: Action;
  /**
   * A POST that changes nothing anyone else sees (a query run, a preview, a connection test):
   * it leaves the page cache alone (http/shared-pages.ts), where any other write empties it.
   */
  changesNothing?: true;
  responses: Record<number, ResponseDef>;
  handler: (req: Request & { body: BodyOf<Body> }, res: Response) => unknown;
}

/**
 * What a handler finds in `req.body`: what `Body` parses to, or `unknown` for a route without
 * one. Such a route's `Body` is still `never` while its handler is checked, and zod's `infer`
 * of `never` is `never`: a handler made by http/answers.ts would be typed for a body no request
 * can have.
 */
export type BodyOf<Body extends z.ZodType> = [Body] extends [never] ? unknown : z.infer<Body>;

export function defineRoute<Body extends z.ZodType>(route: Route<Body>): Route<Body> {
  return route;
}

export function mountRoutes(router: Router, routes: readonly Route[]): void {
  for (const route of routes) {
    const handlers: RequestHandler[] = [];
    const action = route.action;
    if (action)
      handlers.push(function declaresAction(req, _res, next) {
        req.action = action;
        next();
      });
    if (route.changesNothing)
      handlers.push(function changesNothing(req, _res, next) {
        req.changesNothing = true;
        next();
      });
    const requires = route.requires;
    if (requires)
      handlers.push(function requiresCaller(req, _res, next) {
        requires(req);
        next();
      });
    if (route.body) handlers.push(validateBody(route.body));
    handlers.push(route.handler as RequestHandler);
    router[route.method](route.path, ...handlers);
  }
  // A known path asked with another method is a 405 that lists the methods it has.
  const methods = new Map<string, Set<string>>();
  for (const route of routes)
    methods.set(route.path, (methods.get(route.path) ?? new Set()).add(route.method.toUpperCase()));
  for (const [path, allowed] of methods) {
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].join(', ');
    router.all(path, function methodNotAllowed() {
      throw new HttpError(405, { key: 'errors.methodNotAllowed', headers: { Allow: allow } });
    });
  }
}

function validateBody(schema: z.ZodType): RequestHandler {
  return function validateBody(req, _res, next) {
    if (!req.is('application/json')) {
      throw new HttpError(415, { key: 'errors.unsupportedMediaType' });
    }
    req.body = parseInput(schema, req.body);
    next();
  };
}

/** A query string or body checked against `schema`; a bad one is a 400 with translated field errors. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new HttpError(400, {
      key: 'errors.validation',
      errors: parsed.error.issues.flatMap(fieldErrors),
    });
  }
  return parsed.data;
}

/** zod's issues, as translatable field errors (zod's own messages are English only). */
export function fieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        key: 'validation.unknownField',
        params: { field: key },
      }));
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { path, key: 'validation.required' }
          : { path, key: 'validation.expectedType', params: { expected: issue.expected } },
      ];
    // A length counts characters: "1 character", "2 characters" (`count` picks the form).
    case 'too_small':
      return [
        issue.origin === 'string'
          ? {
              path,
              key: 'validation.tooShort',
              params: { min: issue.minimum, count: Number(issue.minimum) },
            }
          : { path, key: 'validation.tooSmall', params: { min: issue.minimum } },
      ];
    case 'too_big':
      return [
        issue.origin === 'string'
          ? {
              path,
              key: 'validation.tooLong',
              params: { max: issue.maximum, count: Number(issue.maximum) },
            }
          : { path, key: 'validation.tooBig', params: { max: issue.maximum } },
      ];
    // A refinement of ours names its own message (a `TranslatedIssue`); any other stays generic.
    case 'custom': {
      const own = issue.params as Partial<TranslatedIssue> | undefined;
      return [
        own?.key ? { path, key: own.key, params: own.params } : { path, key: 'validation.invalid' },
      ];
    }
    default:
      return [{ path, key: 'validation.invalid' }];
  }
}

declare global {
  namespace Express {
    interface Request {
      /** The policy action the matched route declares, checked by `access.resolve`. */
      action?: Action;
      /** The matched route changes nothing others see (Route.changesNothing). */
      changesNothing?: true;
    }
  }
}
