import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { closedPort } from '../../api/src/testing/ports.js';
import { type LocalServer, type SpawnedProcess, spawnProcess, waitUntil } from './process.js';

/**
 * A redis-server of a test's own on a free loopback port, with no persistence (a restart
 * empties it, as a crashed cache would be) and its working folder in a temp folder.
 */

/** redis://127.0.0.1:<port>; `stop` is redis's clean shutdown (SIGTERM). */
export type RedisServer = LocalServer;

const readyTimeoutMs = 10_000;

/** Whether the server answers PING; never throws, never retries on its own. */
async function answersPing(url: string): Promise<boolean> {
  const client = createClient({
    url,
    socket: { connectTimeout: 1_000, reconnectStrategy: false },
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** Starts redis-server and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'painel-redis-'));
  const port = await closedPort();
  const url = `redis://127.0.0.1:${port}`;

  let server: SpawnedProcess | undefined;
  const start = async () => {
    if (server && !server.done) return;
    server = await spawnProcess({
      name: `redis-server :${port}`,
      command: '/usr/bin/redis-server',
      args: [
        ['--port', String(port)],
        ['--bind', '127.0.0.1'],
        ['--save', ''],
        ['--appendonly', 'no'],
        ['--dir', dir],
        ['--daemonize', 'no'],
      ].flat(),
      cwd: dir,
    });
    await waitUntil(() => answersPing(url), {
      what: `answering PING on ${url}`,
      timeoutMs: readyTimeoutMs,
      process: server,
    });
  };
  const stop = async () => {
    await server?.stop();
  };

  try {
    await start();
  } catch (error) {
    await server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    port,
    start,
    stop,
    async kill() {
      await server?.kill();
    },
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => server?.lines() ?? [],
  };
}
