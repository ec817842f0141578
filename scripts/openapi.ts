import fs from 'node:fs';
import path from 'node:path';
import { apiRoutes } from '../api/src/app.js';
import { buildOpenApi } from '../api/src/http/openapi.js';

// The docs' API reference is generated from the same route table that serves the API.
// Route definitions need no live services to describe themselves, so none are opened here.
const routes = apiRoutes({ db: undefined as never, services: { workspaceId: '' } as never });
const version = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'),
).version;
const doc = buildOpenApi(routes, {
  version,
  serverUrl: process.env.PUBLIC_URL ?? 'http://localhost:3000',
});
const out = path.resolve(import.meta.dirname, '../docs/static/openapi.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)} (${Object.keys(doc.paths).length} paths)`);
