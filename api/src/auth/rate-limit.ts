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

/**
 * Rate limits for log in, sign up, password reset and verification. Counters live in memory,
 * or in Redis (`sendCommand` of a connected client) when several replicas share them; while
 * Redis fails they fall back to this process's memory (fallback-store.ts), logged to `logger`.
 * `req.ip` is the client's address as `trust proxy` (TRUST_PROXY) allows.
 */
export function authRateLimits(options: {
  limits: RateLimits;
  sendCommand?: SendCommandFn;
  logger: Logger;
}): Router {
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
  const limiter = (prefix: string, limit: number, keyGenerator?: (req: Request) => string) => {
    const store = storeFor(prefix);
    return rateLimit({
      windowMs: options.limits.windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(store ? { store } : {}),
      ...(keyGenerator
        ? {
            keyGenerator,
            skip: (req: Request) => accountKey(req) === undefined,
            validate: { keyGeneratorIpFallback: false },
          }
        : {}),
      handler(req, _res, next) {
        const reset = (
          req as Request & { rateLimit?: { resetTime?: Date } }
        ).rateLimit?.resetTime?.getTime();
        const seconds = Math.max(
          1,
          Math.ceil(reset ? (reset - Date.now()) / 1000 : options.limits.windowMs / 1000),
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
        limiter(`${name}:account`, options.limits.perAccount, (req) => accountKey(req) ?? ''),
      ];
      byName.set(name, handlers);
    }
    router.post(path, ...handlers);
  }
  return router;
}

function accountKey(req: Request): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
}
