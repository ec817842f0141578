import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { 'script-src': ["'self'", "'sha256-abc='"], 'frame-ancestors': ["'self'"] },
  },
  crossOriginEmbedderPolicy: false,
  strictTransportSecurity: false,
};

const appWith = (middleware: express.RequestHandler) => {
  const app = express();
  app.set('x-powered-by', false);
  app.use(middleware);
  app.get(['/dashboards/flights', '/api/health', '/API/health'], (_req, res) => {
    res.json({ ok: true });
  });
  return app;
};

/** The headers helmet is in charge of, as a client gets them. */
const securityOf = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !/^(content-type|content-length|etag|date|connection|keep-alive)$/.test(name),
    ),
  );

describe('securityHeaders', () => {
  it('sends a page exactly the headers helmet sends', async () => {
    const ours = await request(appWith(securityHeaders(options))).get('/dashboards/flights');
    const helmets = await request(appWith(helmet(options))).get('/dashboards/flights');
    expect(securityOf(ours.headers)).toEqual(securityOf(helmets.headers));
    expect(ours.headers['content-security-policy']).toContain("'sha256-abc='");
  });

  it("gives the API a policy that loads and frames nothing, without the pages' script hashes", async () => {
    const app = appWith(securityHeaders(options));
    const helmets = await request(appWith(helmet(options))).get('/api/health');
    for (const path of ['/api/health', '/API/health']) {
      const ours = await request(app).get(path).expect(200);
      expect(ours.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      const { 'content-security-policy': _ours, ...rest } = securityOf(ours.headers);
      const { 'content-security-policy': _helmets, ...helmetRest } = securityOf(helmets.headers);
      expect(rest).toEqual(helmetRest);
    }
  });
});
