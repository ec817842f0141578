import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PainelProcess {
  url: string;
  dataDir: string;
  /** Every line the server printed (JSON logs and the build's output). */
  output: string[];
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
  const child: ChildProcess = spawn('npm', script === 'start' ? ['start'] : ['run', script], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping reaches npm, tsx and node alike.
    detached: true,
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `Painel did not start within ${options.timeoutMs ?? 240_000} ms:\n${output.slice(-30).join('\n')}`,
          ),
        ),
      options.timeoutMs ?? 240_000,
    );
    const onLine = (line: string) => {
      output.push(line);
      const match = /Painel is listening on (http:\/\/[\w.:-]+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`Painel exited with ${code} before listening:\n${output.slice(-30).join('\n')}`),
      );
    });
  });
  return {
    url,
    dataDir,
    output,
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
      const code = await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
