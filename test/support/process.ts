import { type SpawnOptions, spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * Child processes for tests that run real servers: output collected line by line as it comes
 * (never blocking the child on a full pipe), waits with deadlines whose errors show the last
 * lines printed, and stopping that always ends in a dead process group.
 *
 * Each child leads a process group of its own, so a signal reaches what it starts in turn
 * (`npm start` → tsx → node) unless told to reach the leader only (PostgreSQL's postmaster,
 * which signals its backends itself).
 */

export interface SpawnProcessOptions {
  /** Names the process in error messages. */
  name: string;
  command: string;
  args?: string[];
  /** Added to this process's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as another OS user (e.g. `postgres`, which refuses to run as root). */
  uid?: number;
  gid?: number;
}

export interface SpawnedProcess {
  name: string;
  pid: number;
  /** stdout and stderr lines so far, in the order they arrived. */
  lines(): string[];
  /** Resolves with the first line (already printed or to come) that matches (a string: contains). */
  waitForLine(
    predicate: string | RegExp | ((line: string) => boolean),
    timeoutMs: number,
  ): Promise<string>;
  /** `group` (the default) signals the whole process group; `leader` the child alone. */
  signal(signal: NodeJS.Signals, target?: 'group' | 'leader'): void;
  /** The exit code, or null when a signal ended it. Never rejects. */
  exited: Promise<number | null>;
  /** Whether the process has exited. */
  readonly done: boolean;
  /** SIGKILL to the group, then waits for the exit. */
  kill(): Promise<void>;
  /**
   * Sends `signal` (SIGTERM unless told) to the group, or to the leader alone with `target`,
   * waits until every process of the group has exited, and SIGKILLs what is left once
   * `timeoutMs` (10 s) has passed. Resolves with the leader's exit code.
   */
  stop(options?: {
    signal?: NodeJS.Signals;
    target?: 'group' | 'leader';
    timeoutMs?: number;
  }): Promise<number | null>;
  /** Error text: what went wrong, then the process's last 40 lines. */
  describe(problem: string): string;
}

/** Groups started here, killed if the test process exits without stopping them. */
const started = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group has already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Whether any live (not zombie) process is still in the group: read from /proc, since a
 * zombie nobody reaps would answer `kill(-pgid, 0)` forever.
 */
function groupAlive(pgid: number): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After the command name in parentheses: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** Starts a command with its output collected; resolves once it has a pid. */
export async function spawnProcess(options: SpawnProcessOptions): Promise<SpawnedProcess> {
  const { name } = options;
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  };
  const child = spawn(options.command, options.args ?? [], spawnOptions);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', (error) =>
      reject(new Error(`${name}: could not start ${options.command}: ${error.message}`)),
    );
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const group of started) if (groupAlive(group)) killGroup(group, 'SIGKILL');
    });
  }
  started.add(pid);
  // Later errors (a failed kill) are ignored: outcomes are read from `exited`.
  child.on('error', () => {});

  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const listener of listeners) listener(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    });
    stream?.on('end', () => {
      if (buffer) onLine(buffer);
      buffer = '';
    });
  }

  let done = false;
  // 'close' rather than 'exit': by then the pipes are drained, so the last lines are in.
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      done = true;
      resolve(code);
    }),
  );

  const describe = (problem: string) =>
    `${name} (pid ${pid}): ${problem}\n--- last lines of ${name} ---\n${lines.slice(-40).join('\n')}`;

  // Once the whole group has gone its id may be reused by another: then signal nothing.
  const signal = (sig: NodeJS.Signals, target: 'group' | 'leader' = 'group') => {
    if (target === 'leader') {
      if (!done) child.kill(sig);
    } else if (!done || groupAlive(pid)) killGroup(pid, sig);
  };

  return {
    name,
    pid,
    lines: () => [...lines],
    get done() {
      return done;
    },
    exited,
    signal,
    describe,
    waitForLine(predicate, timeoutMs) {
      const test =
        typeof predicate === 'function'
          ? predicate
          : typeof predicate === 'string'
            ? (line: string) => line.includes(predicate)
            : (line: string) => predicate.test(line);
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line: string) => {
          if (!test(line)) return;
          finish();
          resolve(line);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(describe(`no line matching ${predicate} within ${timeoutMs} ms`)));
        }, timeoutMs);
        listeners.add(listener);
        void exited.then((code) => {
          if (!listeners.has(listener)) return;
          finish();
          reject(
            new Error(describe(`exited (${code}) before printing a line matching ${predicate}`)),
          );
        });
      });
    },
    async kill() {
      signal('SIGKILL');
      await exited;
      // SIGKILL cannot be refused; the bound only guards against a process stuck in the kernel.
      for (let i = 0; i < 500 && groupAlive(pid); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
    },
    async stop({ signal: sig = 'SIGTERM', target = 'group', timeoutMs = 10_000 } = {}) {
      if (done && !groupAlive(pid)) return exited;
      signal(sig, target);
      const deadline = Date.now() + timeoutMs;
      const code = await Promise.race([
        exited,
        new Promise<'late'>((resolve) => setTimeout(resolve, timeoutMs, 'late')),
      ]);
      // The leader (npm, tsx) may exit before the server it started has finished shutting
      // down gracefully: wait for the whole group, up to the same deadline.
      while (groupAlive(pid) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      signal('SIGKILL');
      return code === 'late' ? exited : code;
    },
  };
}

/**
 * Polls `check` until it returns true, failing after `timeoutMs` with `what` in the message —
 * or as soon as `process` exits, with its last lines. For readiness that has no line to wait on.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { what: string; timeoutMs: number; process?: SpawnedProcess; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.process?.done)
      throw new Error(options.process.describe(`exited while waiting until ${options.what}`));
    if (await check()) return;
    if (Date.now() > deadline) {
      const problem = `not ${options.what} after ${options.timeoutMs} ms`;
      throw new Error(options.process ? options.process.describe(problem) : problem);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** A server a test runs on a free loopback port, with its life cycle. */
export interface LocalServer {
  url: string;
  port: number;
  /** A clean shutdown; waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash; `start` then recovers. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and data); resolves once it answers. */
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
  /** The server's log lines since its last start. */
  log(): string[];
}
