import { demoApiKey } from '../../api/src/testing/api-key.js';
import {
  expectStatus,
  responseJson,
  sequentialAgent,
  type TimedResponse,
  timedRequest,
} from './http-client.js';
import type { BenchContext } from './section.js';
import { ownMetadataDb } from './server.js';

export const queriesPath = '/api/workspaces/demo/queries';

/** What POST …/queries takes, as far as the bench uses it. */
export interface QueryBody {
  source: string;
  sql: string;
  useCache?: boolean;
}

export interface QueryAnswer {
  rowCount: number;
  cache: { hit: boolean; ageMs: number };
}

/** A started server and an API key of the Demo workspace's owner, as a script would hold them. */
export interface DemoWorkspace {
  url: string;
  /** An API-key request with a JSON body, gzip accepted as a browser would. */
  headers: Record<string, string>;
  /** A timed POST on one keep-alive socket; throws unless the status is `expected`. */
  post(path: string, body: unknown, expected: number): Promise<TimedResponse>;
  /** POST …/queries; throws unless 200. */
  query(body: QueryBody): Promise<TimedResponse & { answer: QueryAnswer }>;
  stop(): Promise<void>;
}

/**
 * Starts a server on a metadata database of its own (`name`), signs up its first account, which
 * owns the Demo workspace, and makes an API key of `role` there.
 */
export async function openDemoWorkspace(
  context: BenchContext,
  options: { name: string; role?: 'editor' | 'admin'; env?: Record<string, string> },
): Promise<DemoWorkspace> {
  const server = await context.startServer({
    env: { ...ownMetadataDb(context.scratchDir, options.name), ...options.env },
  });
  const agent = sequentialAgent();
  try {
    const key = await demoApiKey(server.url, {
      email: `${options.name}@example.org`,
      role: options.role ?? 'editor',
    });
    const headers = {
      'content-type': 'application/json',
      'accept-encoding': 'gzip',
      authorization: `Bearer ${key}`,
    };
    const post = async (path: string, body: unknown, expected: number) => {
      const response = await timedRequest(`${server.url}${path}`, {
        method: 'POST',
        agent,
        headers,
        body: JSON.stringify(body),
      });
      expectStatus(response, expected, `POST ${path}`);
      return response;
    };
    return {
      url: server.url,
      headers,
      post,
      async query(body) {
        const response = await post(queriesPath, body, 200);
        return { ...response, answer: responseJson<QueryAnswer>(response) };
      },
      async stop() {
        agent.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    agent.destroy();
    await server.stop();
    throw error;
  }
}
