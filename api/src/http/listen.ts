import type http from 'node:http';
import type { Logger } from '../logger.js';

/** Listens on the configured port and says where; returns the local URL (port 0 picks one). */
export async function listen(
  server: http.Server,
  where: { port: number; host: string },
): Promise<string> {
  // Longer than a typical proxy's keep-alive, so nginx never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : where.port;
  return `http://localhost:${port}`;
}

/**
 * Stops accepting connections and lets in-flight requests finish: keep-alive sockets close as
 * their last response ends; whatever is still open after `timeoutMs` is cut.
 */
export async function closeGracefully(server: http.Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
}

/**
 * Wraps a shutdown so it runs once however many signals or callers ask, each waiting for it.
 */
export function once(shutdown: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= shutdown();
    return running;
  };
}

/**
 * Runs until SIGTERM or Ctrl-C, then `stop()` and exit; a second signal exits at once. A
 * process manager's SIGTERM is how a rolling restart asks a replica to go.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    logger.info({ signal }, 'signal received');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
