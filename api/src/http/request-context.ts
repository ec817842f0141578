import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { withoutToken } from '../sharing/http.js';

declare global {
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
    }
  }
}

// An incoming X-Request-Id is kept when it looks like an id and a trusted proxy sent it.
const acceptableId = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Whether the request's peer is a proxy TRUST_PROXY trusts (Express's compiled `trust proxy`):
 * only such a proxy (nginx, which sets the id itself) may name the request; anyone else could
 * make their requests' log lines look like another's.
 */
function fromTrustedProxy(req: Request): boolean {
  const trusts = req.app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  return trusts(req.socket.remoteAddress ?? '', 0);
}

/** Gives each request an id (echoed in X-Request-Id), a child logger, and one access-log line. */
export function requestContext(logger: Logger): RequestHandler {
  return function requestContext(req, res, next) {
    const incoming = fromTrustedProxy(req) ? req.get('x-request-id') : undefined;
    req.id = incoming && acceptableId.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    // Read now: a request refused mid-upload may have lost its socket by the time it finishes.
    const ip = req.ip;
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Probes hit liveness every few seconds; their lines would drown the rest at info. A 503
      // is a service we depend on being down (warned about with its cause), not our bug.
      const level =
        res.statusCode === 503
          ? 'warn'
          : res.statusCode >= 500
            ? 'error'
            : req.path === '/api/health'
              ? 'debug'
              : 'info';
      req.log[level](
        {
          method: req.method,
          url: withoutToken(req.originalUrl),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ip,
        },
        'request',
      );
    });
    next();
  };
}
