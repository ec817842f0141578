import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createT } from '@painel/i18n';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { createInternalDashboard } from '../testing/dashboards.fixture.js';
import { metadataDatabases, tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * A dashboard as PDF, read back with poppler's tools (pdftotext, pdfinfo, pdffonts): the flights
 * demo in both languages, paper and orientation, fonts embedded, tagged, no card split across
 * pages; and who may download it, as the page: anyone for a public dashboard, a public link or
 * an embed token, members only for a workspace's own.
 */

const run = promisify(execFile);
const dir = tempDir('painel-pdf-');
let files = 0;

/** Runs a poppler tool on the PDF, written to a temporary file. */
async function poppler(tool: string, pdf: Buffer, args: string[] = []): Promise<string> {
  const file = path.join(dir, `${++files}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run(tool, tool === 'pdftotext' ? [...args, file, '-'] : [file]);
  return stdout;
}

/** The text of each page, white space collapsed (wrapped lines join with a space). */
async function pages(pdf: Buffer): Promise<string[]> {
  const count = Number(/^Pages:\s+(\d+)/m.exec(await poppler('pdfinfo', pdf))?.[1]);
  const texts: string[] = [];
  for (let n = 1; n <= count; n++)
    texts.push(
      (await poppler('pdftotext', pdf, ['-f', `${n}`, '-l', `${n}`])).replace(/\s+/g, ' '),
    );
  return texts;
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

interface ApiDashboard {
  title: string;
  cards: {
    title: string;
    chart?: { description: string; kpis?: { value: string }[] };
  }[];
}

const pdfGet = (app: TestApp['app'], url: string, language = 'en') =>
  request(app).get(url).set('Accept-Language', language).responseType('blob');

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`dashboard PDF on ${kind}`, () => {
    let t: TestApp;
    let owner: Browser;
    let outsider: Browser;

    beforeAll(async () => {
      t = await createTestApp({ database: kind, demoTables: ['flights'] });
      owner = (await person(t, 'owner@example.org')).b; // the first account owns Demo
      outsider = (await person(t, 'outsider@example.org')).b;
      await createInternalDashboard(t);
    });
    afterAll(() => t?.close());

    it('holds the title, the filters in effect and every card, each on one page, in both languages', async () => {
      for (const [language, number] of [
        ['en', '3,000,000'],
        ['pt-BR', '3.000.000'],
      ] as const) {
        const res = await pdfGet(t.app, '/api/public/dashboards/flights.pdf', language).expect(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe('attachment; filename=flights.pdf');
        const json = await request(t.app)
          .get('/api/public/dashboards/flights')
          .set('Accept-Language', language);
        const dashboard = json.body as ApiDashboard;
        const text = await pages(res.body);
        expect(text.length).toBeGreaterThan(1);
        expect(text[0]).toContain(dashboard.title);
        const all = createT(language)('dashboard.filter.all');
        expect(text[0]).toContain(
          `${language === 'en' ? 'Origin airports' : 'Aeroportos de origem'}: ${all}`,
        );
        expect(text.join(' ')).toContain(number);
        expect(dashboard.cards).toHaveLength(12);
        // No card split: its heading is on the page that holds its whole description.
        for (const card of dashboard.cards.filter((c) => c.chart)) {
          const description = flat(card.chart?.description ?? '');
          const on = text.filter((page) => page.includes(description));
          expect(on, card.title).toHaveLength(1);
          const headings = description.startsWith(card.title) ? 2 : 1;
          expect(on[0]?.split(card.title).length, card.title).toBeGreaterThan(headings);
        }
      }
    });

    it('shows the filters of the query string, its numbers as the dashboard shows them', async () => {
      const query = '?origin=SEA&origin=PDX';
      const json = await request(t.app)
        .get(`/api/public/dashboards/flights${query}`)
        .set('Accept-Language', 'pt-BR');
      const flights = (json.body as ApiDashboard).cards[0]?.chart?.kpis?.[0]?.value ?? '';
      // Compact on the card: `77,8 mil`.
      expect(flights).toMatch(/^\d{1,3}(,\d)?\u00a0mil$/);
      const res = await pdfGet(t.app, `/api/public/dashboards/flights.pdf${query}`, 'pt-BR');
      expect(res.status).toBe(200);
      const text = (await pages(res.body)).join(' ');
      expect(text).toContain('Aeroportos de origem: SEA, PDX');
      // Text extraction reads the no-break space inside `77,8 mil` as a plain one.
      expect(text.replaceAll('\u00a0', ' ')).toContain(flights.replaceAll('\u00a0', ' '));
      expect(text).toContain('Atraso médio');
      // A page's link names its language, whatever the browser's Accept-Language.
      const asked = await pdfGet(t.app, `/api/public/dashboards/flights.pdf${query}&lang=pt-BR`);
      expect((await pages(asked.body))[0]).toContain('Aeroportos de origem: SEA, PDX');
    });

    it('is tagged, titled, in DejaVu Sans embedded, on the paper and orientation asked for', async () => {
      const sizes = [
        ['', /595\.28 x 841\.89 pts \(A4\)/],
        ['?orientation=landscape', /841\.89 x 595\.28 pts/],
        ['?paper=letter', /612 x 792 pts \(letter\)/],
        ['?paper=letter&orientation=landscape', /792 x 612 pts/],
      ] as const;
      for (const [query, size] of sizes) {
        const res = await pdfGet(t.app, `/api/public/dashboards/flights.pdf${query}`, 'pt-BR');
        expect(res.status).toBe(200);
        const info = await poppler('pdfinfo', res.body);
        expect(info, query).toMatch(size);
        expect(info).toMatch(/^Tagged:\s+yes$/m);
        expect(info).toMatch(/^Title:\s+Atrasos de voos nos EUA$/m);
      }
      const res = await pdfGet(t.app, '/api/public/dashboards/flights.pdf', 'pt-BR');
      const fonts = (await poppler('pdffonts', res.body)).split('\n').slice(2).filter(Boolean);
      expect(fonts.map((f) => f.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
        'DejaVuSans',
        'DejaVuSans-Bold',
      ]);
      for (const font of fonts) expect(font).toMatch(/ yes yes yes /);
    });

    it('refuses an unknown paper or orientation with a translated 400 problem', async () => {
      const translate = createT('pt-BR');
      for (const query of ['?paper=a3', '?orientation=sideways', '?lang=fr']) {
        const res = await request(t.app)
          .get(`/api/public/dashboards/flights.pdf${query}`)
          .set('Accept-Language', 'pt-BR')
          .expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.title).toBe(translate('errors.validation.title'));
        expect(res.body.errors[0].path).toBe(query.slice(1).split('=')[0]);
      }
    });

    it('gives a workspace’s own dashboard to its members only, as the CSV', async () => {
      const url = '/api/workspaces/demo/dashboards/internal.pdf';
      expect((await request(t.app).get(url)).status).toBe(401);
      expect((await outsider.get(url)).status).toBe(404);
      expect((await request(t.app).get('/api/public/dashboards/internal.pdf')).status).toBe(404);
      const res = await owner.get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain('internal.pdf');
    });

    it('gives anyone holding a public link or an embed token the PDF', async () => {
      const made = await owner.post('/api/workspaces/demo/dashboards/flights/public-links', {
        locked: { origin: ['SEA'] },
      });
      expect(made.status).toBe(201);
      const token = String(made.body.path).replace('/public/', '');
      const link = await pdfGet(t.app, `/api/public-links/${token}.pdf`, 'pt-BR').expect(200);
      expect(link.headers['content-type']).toBe('application/pdf');
      expect((await pages(link.body))[0]).toContain('Atrasos de voos nos EUA');
      expect((await request(t.app).get('/api/public-links/nope.pdf')).status).toBe(404);

      const secret = await owner.post('/api/workspaces/demo/embed-settings/secret', {});
      expect(secret.status).toBe(201);
      const now = Math.floor(Date.now() / 1000);
      const signed = await new SignJWT({
        workspace: 'demo',
        resource: { dashboard: 'flights' },
        locale: 'pt-BR',
        iat: now,
        exp: now + 600,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(secret.body.secret));
      const embed = await pdfGet(t.app, `/api/embed/${signed}.pdf?paper=letter`).expect(200);
      expect(embed.headers['content-disposition']).toContain('flights.pdf');
      const info = await poppler('pdfinfo', embed.body);
      expect(info).toMatch(/612 x 792 pts/);
      // In the token's language, whatever the request's.
      expect((await pages(embed.body))[0]).toContain('Aeroportos de origem');
      expect((await request(t.app).get(`/api/embed/${signed}x.pdf`)).status).toBe(401);
    });
  });
}
