import type { Request, Response } from 'express';
import { createSiteRequest } from '../site-request.js';
import type { SiteServices } from '../site-services.js';
import type { Browser } from './browser.js';
import type { TestApp } from './test-app.js';

/**
 * What a server-rendered page gets as `Astro.locals.painel` for `who`'s browser (anonymous
 * without): a live access cookie is all a page session reads here.
 */
export function sitePage(t: TestApp, who?: Browser): Promise<SiteServices> {
  const cookie = who && [...who.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const req = { id: 'test-page', headers: cookie ? { cookie } : {} } as unknown as Request;
  return createSiteRequest(t.services)(req, { locals: {} } as Response);
}
