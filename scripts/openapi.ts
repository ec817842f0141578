import fs from 'node:fs';
import path from 'node:path';
import { apiRoutes } from '../api/src/app.js';
import { buildOpenApi } from '../api/src/http/openapi.js';

// The docs' API reference is generated from the same route table that serves the API.
// Describing routes needs no live services: the factories only capture them for their
// handlers, so an inert stand-in (every property and call gives itself back) takes their place.
const inert: unknown = new Proxy(() => {}, { get: () => inert, apply: () => inert });
const routes = apiRoutes({ db: inert as never, services: inert as never });
const version = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'),
).version;
// A relative server: the docs' copy is bundled into the pages too, where no server could swap
// in PUBLIC_URL, and one build serves any host. `/api/openapi.json` names the absolute one.
const doc = buildOpenApi(routes, { version, serverUrl: '/' });
const out = path.resolve(import.meta.dirname, '../docs/static/openapi.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)} (${Object.keys(doc.paths).length} paths)`);
