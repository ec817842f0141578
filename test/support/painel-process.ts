import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnProcess } from './process.js';

export interface PainelProcess {
  url: string;
  dataDir: string;
  /** Every line the server printed (JSON logs and the build's output). */
  readonly output: string[];
  stop(): Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Starts Painel the way a user does (`npm start`, or a contributor's `npm run dev`), on a free
 * port (PORT=0) with a temporary data folder, and resolves once it logs the address it listens on.
 */
export async function startPainel(
  options: { env?: Record<string, string>; timeoutMs?: number; script?: 'start' | 'dev' } = {},
): Promise<PainelProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-e2e-'));
  const script = options.script ?? 'start';
  // Its own process group (spawnProcess's way), so stopping reaches npm, tsx and node alike.
  const child = await spawnProcess({
    name: `Painel (npm ${script === 'start' ? 'start' : `run ${script}`})`,
    command: 'npm',
    args: script === 'start' ? ['start'] : ['run', script],
    cwd: root,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  const listening = /Painel is listening on (http:\/\/[\w.:-]+)/;
  let line: string;
  try {
    line = await child.waitForLine(listening, options.timeoutMs ?? 240_000);
  } catch (error) {
    await child.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: listening.exec(line)![1]!.replace('localhost', '127.0.0.1'),
    dataDir,
    get output() {
      return child.lines();
    },
    async stop() {
      const code = await child.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
