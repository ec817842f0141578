import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { isApiPath } from './api-path.js';

/** The headers a handler writes, in order: helmet's or the API's. */
type HeaderBlock = ReadonlyArray<readonly [string, string]>;

/**
 * What helmet would set on every response, worked out once. Its options do not depend on the
 * request, so the block is the same each time; running its dozen middlewares per request cost
 * a tenth of an API answer's time under load (issue 17's profile).
 */
function helmetHeaders(options: HelmetOptions): HeaderBlock {
  const headers = new Map<string, string>();
  const res = {
    setHeader(name: string, value: string) {
      headers.set(name, value);
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // helmet calls next synchronously; anything else would leave the block incomplete.
  if (!done) throw new Error('helmet did not finish synchronously');
  return [...headers];
}

/**
 * The API answers JSON and attachments, never a page: its policy lets nothing load or frame it,
 * instead of the pages' policy with every inline script's hash (about 2 KB on each answer).
 */
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

/** Security headers on every response: the pages' block, or the API's. */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const pages = helmetHeaders(options);
  const api = pages.map(([name, value]) =>
    name === 'Content-Security-Policy' ? ([name, apiPolicy] as const) : ([name, value] as const),
  );
  return function securityHeaders(req, res, next) {
    for (const [name, value] of isApiPath(req.url) ? api : pages) res.setHeader(name, value);
    next();
  };
}
