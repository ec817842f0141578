/**
 * Test-only: people in the Demo workspace at each role, and a small dashboard with filters over
 * the demo Seattle weather, for the sharing, public-link and embed tests. Never imported by
 * production code.
 */
import type { Request, Response } from 'express';
import { expect } from 'vitest';
import type { Role } from '../auth/context.js';
import { browser } from '../auth/test-client.js';
import { createSiteRequest } from '../site-request.js';
import type { SiteServices } from '../site-services.js';
import type { TestApp } from '../testing/test-app.js';

export type Browser = ReturnType<typeof browser>;

const password = 'correct horse battery';

/**
 * Signs up and logs in; with `role`, also joins Demo at that role (the instance's first account
 * owns Demo; everyone else starts in a workspace of their own).
 */
export async function person(
  t: TestApp,
  email: string,
  role?: Exclude<Role, 'owner'>,
  lang = 'en',
): Promise<{ b: Browser; id: string }> {
  const b = browser(t.app, lang);
  expect(
    (await b.post('/api/auth/signup', { email, name: email.split('@')[0], password, locale: 'en' }))
      .status,
  ).toBe(202);
  expect((await b.post('/api/auth/login', { email, password })).status).toBe(200);
  const { id } = await t.db('users').where({ email }).first('id');
  if (role)
    await t.db('workspace_members').insert({
      workspace_id: t.services.workspaceId,
      user_id: id,
      role,
      created_at: new Date(),
    });
  return { b, id };
}

/**
 * What a server-rendered page gets as `Astro.locals.painel` for `who`'s browser (anonymous
 * without): a live access cookie is all a page session reads here.
 */
export function sitePage(t: TestApp, who?: Browser): Promise<SiteServices> {
  const cookie = who && [...who.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const req = { id: 'test-page', headers: cookie ? { cookie } : {} } as unknown as Request;
  return createSiteRequest(t.services)(req, {} as Response);
}

/** Seattle weather by kind of day: the `kind` filter is what links and tokens lock. */
export const weatherDashboard = (slug: string) => ({
  slug,
  title: { en: 'Seattle weather', 'pt-BR': 'Clima em Seattle' },
  source: 'Demo',
  filters: [
    {
      id: 'kind',
      type: 'select',
      label: { en: 'Weather', 'pt-BR': 'Tempo' },
      parameter: 'kinds',
      multiple: true,
      options: { values: ['drizzle', 'fog', 'rain', 'snow', 'sun'] },
    },
    {
      id: 'period',
      type: 'dateRange',
      label: { en: 'Period', 'pt-BR': 'Período' },
      parameter: 'period',
      default: { start: '2012-01-01', end: '2015-12-31' },
    },
  ],
  cards: [
    {
      id: 'days',
      layout: { x: 0, y: 0, w: 8, h: 4 },
      query: {
        sql: 'SELECT weather, count(*) AS days FROM seattle_weather WHERE date BETWEEN {{period.start}} AND {{period.end}} [[AND weather IN ({{kinds}})]] GROUP BY 1 ORDER BY 1',
      },
      chart: {
        type: 'bar',
        title: { en: 'Days by weather', 'pt-BR': 'Dias por tempo' },
        encoding: { x: { field: 'weather' }, y: { field: 'days' } },
      },
      crossFilter: 'kind',
    },
    {
      id: 'note',
      kind: 'text',
      layout: { x: 8, y: 0, w: 4, h: 4 },
      text: { en: 'Source: NOAA', 'pt-BR': 'Fonte: NOAA' },
    },
  ],
});

/** The kinds of weather the `days` card shows. */
export const kindsShown = (body: {
  cards: { id: string; chart?: { table: { rows: string[][] } } }[];
}) => body.cards.find((c) => c.id === 'days')?.chart?.table.rows.map((r) => r[0]);
