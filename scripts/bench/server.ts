import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inProcessJobs } from '@painel/jobs';
import { loadConfig } from '../../api/src/config.js';
import { createLogger, type Logger } from '../../api/src/logger.js';
import { startServer } from '../../api/src/server.js';

export interface BenchServer {
  /** `http://127.0.0.1:<port>`: load only ever goes to the loopback address. */
  url: string;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  dataDir: string;
  /** Resolves relative paths in the config; the repository root. */
  cwd: string;
  demoData?: boolean;
  /** Extra settings, e.g. raised rate limits for a section that logs in many times. */
  env?: Record<string, string>;
  /** Silent unless given: a logger that writes would cost time in every request. */
  logger?: Logger;
}

/**
 * Boots the real server in this process. The environment is built from scratch, never
 * from process.env, so a DATABASE_URL in the shell cannot point the bench at a real database.
 */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'silent',
      DEMO_DATA: options.demoData === false ? 'false' : 'true',
      SHUTDOWN_TIMEOUT_MS: '2000',
      // The benches sign up many accounts: open, since the default is by invitation once an
      // administrator exists.
      SIGNUP: 'open',
      ...options.env,
    },
    options.cwd,
  );
  const running = await startServer(config, options.logger ?? createLogger('silent'), {
    background: inProcessJobs,
  });
  const { port } = running.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: running.stop };
}

/**
 * Settings for a metadata database of one section's own, in `scratchDir`. Only an instance's
 * first account owns the Demo workspace, and other sections sign up on the shared database.
 */
export function ownMetadataDb(scratchDir: string, name: string): { DATABASE_URL: string } {
  return { DATABASE_URL: `sqlite:${path.join(scratchDir, `${name}.sqlite`)}` };
}

export interface LogLine {
  msg?: string;
  [field: string]: unknown;
}

/** An info-level logger that keeps its lines in memory instead of printing them. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('info', {
    write(line: string) {
      lines.push(JSON.parse(line) as LogLine);
    },
  });
  return { logger, lines };
}
