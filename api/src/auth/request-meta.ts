import type { Request } from 'express';
import type { RequestMeta } from './sessions.js';

/** The client's IP (Express honours TRUST_PROXY) and user agent, as sessions and audit keep them. */
export function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' };
}
