import { z } from 'zod';
import { dashboardSpec } from '../dashboards/spec.js';
import { type DemoEmbeds, demoTokenLifetimeSeconds } from '../embeds/demo.js';
import { embedClaims } from '../embeds/token.js';
import { defineRoute, parseInput } from '../http/route.js';

const name = dashboardSpec.shape.slug;
const query = z
  .object({
    dashboard: name,
    card: name.optional(),
    locale: embedClaims.shape.locale,
    theme: embedClaims.shape.theme,
  })
  .strict();

/** Embed tokens the docs' live embeds ask for: public Demo dashboards only. */
export function demoEmbedRoutes(deps: { demoEmbeds: DemoEmbeds }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/demo/embed-token',
      operationId: 'getDemoEmbedToken',
      summary: 'Get an embed token for a Demo dashboard',
      description: `Anyone, without logging in: what the docs' live embeds show. Query: \`dashboard\` (a public dashboard of the Demo workspace), optional \`card\`, \`locale\` (\`en\` or \`pt-BR\`, default \`en\`) and \`theme\` (\`light\`, \`dark\` or \`system\`, the default). The token is signed with the Demo workspace's embed secret and lives ${demoTokenLifetimeSeconds / 60} minutes; frame \`/embed/<token>\` with it.`,
      tag: 'Sharing',
      responses: {
        200: {
          description: 'A signed embed token',
          schema: z.object({
            token: z.string(),
            expiresAt: z.string().describe('When the token stops working (ISO 8601)'),
          }),
        },
        400: { description: 'Invalid query' },
        404: { description: 'No such public dashboard (or card) in the Demo workspace' },
      },
      handler: async (req, res) => {
        const request = parseInput(query, req.query);
        res.set('Cache-Control', 'no-store');
        res.json(await deps.demoEmbeds.token(request));
      },
    }),
  ];
}
