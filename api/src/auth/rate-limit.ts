import { type Request, type RequestHandler, Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type SendCommandFn } from 'rate-limit-redis';
import { HttpError } from '../errors.js';
import type { Logger } from '../logger.js';
import { FallbackStore, storeHealth } from './fallback-store.js';

/** Requests allowed per window, per client IP and per account (the email in the body). */
export interface RateLimits {
  windowMs: number;
  perIp: number;
  perAccount: number;
  /**
   * Connection tests a person may start per minute in one workspace (testing, creating or
   * changing a data source connects to it); default 10. Each one may wait for a timeout, and
   * many in a row would scan the network.
   */
  dataSourceChecksPerMinute?: number;
}

export const defaultRateLimits: RateLimits = { windowMs: 15 * 60_000, perIp: 50, perAccount: 10 };

/** The endpoints guessing would target, each with its own counters. */
const limited = [
  { name: 'login', path: '/api/auth/login' },
  { name: 'signup', path: '/api/auth/signup' },
  { name: 'reset', path: '/api/auth/password/forgot' },
  { name: 'reset', path: '/api/auth/password/reset' },
  { name: 'verify', path: '/api/auth/verify-email' },
] as const;

/** What connects to a data source on a person's request: one counter per person and workspace. */
const sourceChecks = [
  { method: 'post', path: '/api/workspaces/:workspace/data-sources' },
  { method: 'post', path: '/api/workspaces/:workspace/data-sources/test' },
  { method: 'post', path: '/api/workspaces/:workspace/data-sources/:id/test' },
  { method: 'patch', path: '/api/workspaces/:workspace/data-sources/:id' },
] as const;

/**
 * Rate limits for log in, sign up, password reset and verification, and for data-source
 * connection tests (per person and workspace: mount it after authentication). Counters live in
 * memory, or in Redis (`sendCommand` of a connected client) when several replicas share them; while
 * Redis fails they fall back to this process's memory (fallback-store.ts), logged to `logger`.
 * `req.ip` is the client's address as `trust proxy` (TRUST_PROXY) allows.
 */
export function authRateLimits(options: {
  limits: RateLimits;
  sendCommand?: SendCommandFn;
  logger: Logger;
}): RequestHandler {
  const stores = new Map<string, Store | undefined>();
  const health = storeHealth(options.logger);
  const storeFor = (prefix: string) => {
    if (!stores.has(prefix)) {
      stores.set(
        prefix,
        options.sendCommand
          ? new FallbackStore(
              new RedisStore({ sendCommand: options.sendCommand, prefix: `painel:rl:${prefix}:` }),
              health,
            )
          : undefined,
      );
    }
    return stores.get(prefix);
  };
  const limiter = (
    prefix: string,
    limit: number,
    keyGenerator?: (req: Request) => string | undefined,
    windowMs = options.limits.windowMs,
  ) => {
    const store = storeFor(prefix);
    return rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(store ? { store } : {}),
      ...(keyGenerator
        ? {
            keyGenerator: (req: Request) => keyGenerator(req) ?? '',
            skip: (req: Request) => keyGenerator(req) === undefined,
            validate: { keyGeneratorIpFallback: false },
          }
        : {}),
      handler(req, _res, next) {
        const reset = (
          req as Request & { rateLimit?: { resetTime?: Date } }
        ).rateLimit?.resetTime?.getTime();
        const seconds = Math.max(
          1,
          Math.ceil(reset ? (reset - Date.now()) / 1000 : windowMs / 1000),
        );
        next(
          new HttpError(429, {
            key: 'errors.auth.rateLimited',
            params: { seconds },
            headers: { 'Retry-After': String(seconds) },
          }),
        );
      },
    });
  };
  const router = Router();
  const byName = new Map<string, RequestHandler[]>();
  for (const { name, path } of limited) {
    let handlers = byName.get(name);
    if (!handlers) {
      handlers = [
        limiter(`${name}:ip`, options.limits.perIp),
        limiter(`${name}:account`, options.limits.perAccount, accountKey),
      ];
      byName.set(name, handlers);
    }
    router.post(path, ...handlers);
  }
  const checks = limiter(
    'data-source-check',
    options.limits.dataSourceChecksPerMinute ?? 10,
    // Anonymous requests are refused further on; API keys count as the person who made them.
    (req) => req.auth && `${req.auth.userId}:${String(req.params.workspace)}`,
    60_000,
  );
  for (const { method, path } of sourceChecks) router[method](path, checks);
  // Every limited route is a POST or a PATCH: reads skip matching the paths one by one.
  return function authRateLimits(req, res, next) {
    if (req.method === 'POST' || req.method === 'PATCH') router(req, res, next);
    else next();
  };
}

function accountKey(req: Request): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
}
