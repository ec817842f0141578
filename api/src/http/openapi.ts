import { z } from 'zod';
import type { Route } from './route.js';

export const problemSchema = z.object({
  type: z.string().describe('A stable URI that identifies the kind of problem'),
  title: z.string().describe('A short summary in the request language'),
  status: z.number().int(),
  detail: z.string().optional().describe('What happened and how to fix it'),
  instance: z.string().optional(),
  requestId: z.string().describe('Quote it when reporting a problem'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const problemRef = { $ref: '#/components/schemas/Problem' };

/** Express `/a/:id` → OpenAPI `/a/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

/** The OpenAPI 3.1 document of the API, built from the same route table that serves it. */
export function buildOpenApi(
  routes: readonly Route[],
  info: { version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {};
    for (const [status, def] of Object.entries(route.responses)) {
      const contentType =
        def.contentType ??
        (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      const schema = def.schema
        ? jsonSchema(def.schema, 'output')
        : Number(status) >= 400
          ? problemRef
          : undefined;
      responses[status] = {
        description: def.description,
        ...(schema ? { content: { [contentType]: { schema } } } : {}),
      };
    }
    const key = openApiPath(route.path);
    const operations = paths[key] ?? {};
    paths[key] = operations;
    operations[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Painel API',
      version: info.version,
      description:
        'The JSON API of Painel. Errors are application/problem+json (RFC 9457) in the language of Accept-Language.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: { schemas: { Problem: jsonSchema(problemSchema, 'output') } },
  };
}
