import type { SendCommandFn } from 'rate-limit-redis';
import { createClient } from 'redis';
import type { Logger } from './logger.js';

/**
 * Painel's one Redis connection (REDIS_URL): the rate limits' shared counters and the query
 * result cache. Neither needs Redis to answer, so while it is down a command fails at once
 * instead of waiting in the client's offline queue: the limits count in this process and the
 * cache misses (auth/fallback-store.ts, queries/result-cache.ts). The client keeps reconnecting
 * with a growing delay, and the outage is logged once at warn, not at every attempt.
 */
export interface SharedRedis {
  client: ReturnType<typeof newClient>;
  sendCommand: SendCommandFn;
  /** Whether the connection is up, as far as the client knows. */
  available(): boolean;
  /** Resolves once Redis first answers; requests never wait for it (tests do). */
  connected: Promise<void>;
  close(): Promise<void>;
}

/** The delay before reconnect attempt `retries`: 100 ms doubling up to 5 s. */
export const reconnectDelayMs = (retries: number) => Math.min(100 * 2 ** retries, 5_000);

const newClient = (url: string) =>
  createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5_000, reconnectStrategy: reconnectDelayMs },
  });

export function connectRedis(url: string, logger: Logger): SharedRedis {
  const client = newClient(url);
  let up = false;
  let down = false;
  client.on('ready', () => {
    up = true;
    if (down) logger.warn('redis available again');
    down = false;
  });
  client.on('error', (error: unknown) => {
    up = false;
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis unavailable: retrying in the background');
  });
  const connected = client.connect().then(
    () => {},
    // Only a closed client stops retrying: nothing to wait for any more.
    (error: unknown) => logger.warn({ err: error }, 'redis connection given up'),
  );
  return {
    client,
    sendCommand: (...args: string[]) => client.sendCommand(args) as ReturnType<SendCommandFn>,
    available: () => up && client.isReady,
    connected,
    close: () => closeRedisClient(client),
  };
}

/**
 * Closes a client at once whatever state it is in. A ready one finishes what it has sent; any
 * other is destroyed: QUIT or a graceful close queued while the client is reconnecting stops the
 * reconnection and then waits for a reply that never comes (a shutdown during a Redis outage
 * hung).
 */
export async function closeRedisClient(client: ReturnType<typeof newClient>): Promise<void> {
  if (client.isReady) await client.close();
  else client.destroy();
}
