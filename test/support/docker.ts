import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from './process.js';

const run = promisify(execFile);

/** Debian's engine and its own CLI: another `docker` earlier on PATH may lack BuildKit. */
export const dockerCli = '/usr/bin/docker';
export const composeCli = '/usr/bin/docker-compose';

/**
 * Where the engine keeps its images and build cache between runs on this machine: the stand-in
 * bases and the dependency layers are built once, not every CI run.
 */
export const dockerCacheDir = '/var/cache/painel-containers';

/** Debian's engine; a machine with Docker's own packages (a CI runner) has it in /usr/bin. */
const dockerd = () => ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((f) => fs.existsSync(f));

/** Installs Debian's Docker engine, docker-compose and debootstrap when this machine lacks them. */
export async function ensureDockerPackages(): Promise<void> {
  const wanted: Record<string, string> = {
    [dockerd() ?? '/usr/sbin/dockerd']: 'docker.io',
    [composeCli]: 'docker-compose',
    '/usr/sbin/debootstrap': 'debootstrap',
  };
  const missing = Object.entries(wanted)
    .filter(([file]) => !fs.existsSync(file))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
}

export interface Docker {
  /** DOCKER_HOST for this engine. */
  host: string;
  /** Runs the CLI against this engine; rejects with its output when it fails. */
  docker(
    args: string[],
    options?: { input?: string | Buffer; timeoutMs?: number },
  ): Promise<string>;
  /** docker-compose against this engine. */
  compose(args: string[], options?: { env?: Record<string, string> }): Promise<string>;
  /** The environment that points a CLI at this engine, with BuildKit on. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * A Docker engine of the test's own: no bridge and no iptables rules (this machine allows
 * loopback traffic only, so builds and containers use the host's network), its state in the
 * machine's cache folder, its socket and runtime files in a temporary folder. Stopped by its
 * process id.
 */
export async function startDockerd(): Promise<Docker> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-dockerd-'));
  const socket = path.join(runDir, 'docker.sock');
  const host = `unix://${socket}`;
  fs.mkdirSync(path.join(dockerCacheDir, 'docker'), { recursive: true });
  const log = fs.openSync(path.join(runDir, 'dockerd.log'), 'a');
  const daemon: ChildProcess = spawn(
    dockerd() ?? '/usr/sbin/dockerd',
    [
      '--data-root',
      path.join(dockerCacheDir, 'docker'),
      // containerd's socket path lives under it and must stay short.
      '--exec-root',
      path.join(runDir, 'x'),
      '--pidfile',
      path.join(runDir, 'dockerd.pid'),
      '-H',
      host,
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '1' };
  const docker: Docker['docker'] = async (args, options = {}) => {
    const child = execFile(dockerCli, args, {
      env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: options.timeoutMs ?? 0,
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`docker ${args.join(' ')} exited ${code}:\n${err}${out}`);
    return out;
  };
  let stopped = false;
  await waitUntil(
    async () => {
      if (stopped) return true;
      return docker(['version', '--format', '{{.Server.Version}}']).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 60_000, what: 'dockerd to answer' },
  );
  void exited.then((code) => {
    stopped = true;
    if (code !== 0 && code !== null) {
      console.error(fs.readFileSync(path.join(runDir, 'dockerd.log'), 'utf8').slice(-4000));
    }
  });
  return {
    host,
    env,
    docker,
    async compose(args, options = {}) {
      const { stdout } = await run(composeCli, args, {
        env: { ...env, ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(
          `docker-compose ${args.join(' ')} failed: ${error.stderr ?? ''}${error.stdout ?? error.message}`,
        );
      });
      return stdout;
    },
    async stop() {
      // Containers first (the engine would stop them too, but its own wait is longer).
      const ids = (await docker(['ps', '-q']).catch(() => '')).split('\n').filter(Boolean);
      if (ids.length) await docker(['rm', '-f', ...ids]).catch(() => '');
      if (daemon.exitCode === null) {
        process.kill(daemon.pid as number, 'SIGTERM');
        await exited;
      }
      fs.closeSync(log);
      // The engine can leave its network namespace mounted in its runtime folder.
      const mounts = fs
        .readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[1])
        .filter((at): at is string => !!at?.startsWith(`${runDir}/`));
      for (const at of mounts) await run('umount', ['-l', at]).catch(() => undefined);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}
