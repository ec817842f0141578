import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PainelProcess, startPainel } from '../support/painel-process.js';

// About 15 s: `npm run dev` boots Astro's dev server, which compiles each page on first request.
let painel: PainelProcess;
beforeAll(async () => {
  painel = await startPainel({ script: 'dev', env: { DEMO_DATA: 'false' } });
});
afterAll(async () => {
  await painel?.stop();
});

/** Asks for Vite's hot-reload socket on the given origin; resolves with the handshake's status. */
function upgrade(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'vite-hmr',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

describe('npm run dev', () => {
  it('serves the API and the pages on one URL, from source, with hot reload on the same port', async () => {
    const health = await fetch(`${painel.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const login = await fetch(`${painel.url}/pt-br/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('lang="pt-BR"');
    // Served by Astro's dev server, not the built site: Vite's client is in the page.
    expect(html).toContain('/@vite/client');

    // Pages that need the API's services get them, as in the built site.
    const app = await fetch(`${painel.url}/workspaces`, { redirect: 'manual' });
    expect(app.status).toBe(303);
    expect(app.headers.get('location')).toMatch(/\/login\?next=%2Fworkspaces$/);

    expect(await upgrade(painel.url)).toBe(101);
  });
});
