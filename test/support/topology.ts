import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../../api/src/testing/ports.js';
import { type RunningNginx, startNginx } from './nginx.js';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { type SpawnedProcess, spawnProcess, waitUntil } from './process.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const root = path.resolve(import.meta.dirname, '../..');
const painel = path.join(root, 'api/dist/painel.mjs');

/** One JSON log line of a Painel process. */
export interface LogLine {
  level: number;
  time: string;
  msg: string;
  [field: string]: unknown;
}

/** A `painel serve` or `painel worker` process on a port of its own, kept across restarts. */
export interface PainelNode {
  name: string;
  role: 'serve' | 'worker';
  url: string;
  dataDir: string;
  /** Every log line of every run of this node, oldest first. */
  logs(): LogLine[];
  /** The current run (undefined while stopped). */
  process(): SpawnedProcess | undefined;
  /** Starts it (again), with `env` added for this run only, and waits until `/api/ready` answers 200. */
  start(env?: Record<string, string>): Promise<void>;
  /** SIGTERM, as a process manager asks; resolves once it has exited. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  /**
   * Waits until nginx sends requests to this run again (its log shows nginx's 32-hex request
   * ids): after a restart, nginx's passive checks leave a replica out for up to fail_timeout.
   */
  backInRotation(): Promise<void>;
}

export interface Topology {
  dir: string;
  postgres: PostgresCluster;
  redis: RedisServer;
  nginx: RunningNginx;
  replicas: PainelNode[];
  workers: PainelNode[];
  /** The uploads location every replica mounts. */
  uploadsDir: string;
  stop(): Promise<void>;
}

/** The secrets every process must share (DATABASE_URL on PostgreSQL requires them). */
export const secrets = {
  JWT_SECRET: 'topology-jwt-secret-0123456789abcdef0123',
  COOKIE_SECRET: 'topology-cookie-secret-0123456789abcdef',
  DATA_SOURCE_KEY: Buffer.alloc(32, 3).toString('base64'),
};

/**
 * The production topology on one machine, as real processes on loopback: a PostgreSQL cluster
 * and a redis-server of its own (stopping them disturbs nothing else), Debian's nginx with
 * deploy/nginx, `replicas` × `painel serve` and `workers` × `painel worker` from the compiled
 * api/dist/painel.mjs, all started together on the empty database. Each process has its own data
 * folder; the uploads folder is shared, as a volume would be.
 */
export async function startTopology(options: {
  replicas: number;
  workers: number;
  env?: Record<string, string>;
  workerEnv?: Record<string, string>;
}): Promise<Topology> {
  if (!fs.existsSync(painel)) throw new Error(`${painel} is missing: run npm run build`);
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'painel-topology-'));
  fs.chmodSync(dir, 0o755);
  const uploadsDir = writableFolder(path.join(dir, 'uploads'));
  const [postgres, redis] = await Promise.all([startPostgresCluster(), startRedisServer()]);
  const replicaPorts = await Promise.all(
    Array.from({ length: options.replicas }, () => closedPort()),
  );
  const nginx = await startNginx({ upstreams: replicaPorts.map((p) => `127.0.0.1:${p}`) });
  const base = {
    ...secrets,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    UPLOADS_DIR: uploadsDir,
    HOST: '127.0.0.1',
    PUBLIC_URL: nginx.url,
    // nginx on loopback is the proxy the replicas believe.
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'info',
    // Tests sign up accounts besides the first (the administrator): open, said explicitly,
    // since the default is by invitation once an administrator exists.
    SIGNUP: 'open',
    ...options.env,
  };
  const node = (role: PainelNode['role'], index: number, port: number): PainelNode =>
    painelNode({
      name: `${role}-${index}`,
      role,
      port,
      dataDir: writableFolder(path.join(dir, `${role}-${index}`)),
      env: { ...base, ...(role === 'worker' ? options.workerEnv : {}) },
    });
  const replicas = replicaPorts.map((port, i) => node('serve', i, port));
  const workers = await Promise.all(
    Array.from({ length: options.workers }, async (_, i) => node('worker', i, await closedPort())),
  );
  const topology: Topology = {
    dir,
    postgres,
    redis,
    nginx,
    replicas,
    workers,
    uploadsDir,
    async stop() {
      await Promise.allSettled([...replicas, ...workers].map((n) => n.stop()));
      await Promise.allSettled([nginx.stop(), postgres.destroy(), redis.destroy()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // Together, as an orchestrator starts them: they take turns on the empty database.
    await Promise.all([...replicas, ...workers].map((n) => n.start()));
  } catch (error) {
    await topology.stop();
    throw error;
  }
  return topology;
}

/** The unprivileged user the Painel processes run as. */
const nobody = {
  uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
};

/** A folder `nobody` may write: the only kind the processes get. */
export function writableFolder(folder: string): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.chownSync(folder, nobody.uid, nobody.gid);
  return folder;
}

/** Runs a one-off `painel <args>` (`create-admin`, …) as `nobody`; throws unless it exits 0. */
export async function runPainel(args: string[], env: Record<string, string>): Promise<void> {
  const child = await spawnProcess({
    name: `painel ${args[0]}`,
    command: process.execPath,
    args: [painel, ...args],
    cwd: root,
    ...nobody,
    env,
  });
  const code = await child.exited;
  if (code !== 0) throw new Error(child.describe(`exited with ${code}`));
}

/** A `painel serve` or `painel worker` run as `nobody` from the compiled api/dist/painel.mjs. */
export function painelNode(spec: {
  name: string;
  role: PainelNode['role'];
  port: number;
  dataDir: string;
  env: Record<string, string>;
}): PainelNode {
  const url = `http://127.0.0.1:${spec.port}`;
  const runs: SpawnedProcess[] = [];
  let current: SpawnedProcess | undefined;
  const parse = (line: string): LogLine[] => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  };
  return {
    name: spec.name,
    role: spec.role,
    url,
    dataDir: spec.dataDir,
    logs: () => runs.flatMap((run) => run.lines().flatMap(parse)),
    process: () => current,
    async start(env = {}) {
      const child = await spawnProcess({
        name: spec.name,
        command: process.execPath,
        args: [painel, spec.role],
        cwd: root,
        ...nobody,
        env: { ...spec.env, ...env, PORT: String(spec.port), DATA_DIR: spec.dataDir },
      });
      runs.push(child);
      current = child;
      await waitUntil(
        async () =>
          (await fetch(`${url}/api/ready`).then(
            (r) => r.status,
            () => 0,
          )) === 200,
        { what: `${spec.name} ready`, timeoutMs: 120_000, process: child },
      );
    },
    async stop() {
      const run = current;
      current = undefined;
      return run ? run.stop({ timeoutMs: 30_000 }) : null;
    },
    async kill() {
      const run = current;
      current = undefined;
      await run?.kill();
    },
    backInRotation: () =>
      waitUntil(
        async () =>
          (current?.lines() ?? []).some(
            (line) => line.includes('"msg":"request"') && /"requestId":"[0-9a-f]{32}"/.test(line),
          ),
        { what: `${spec.name} back in nginx's rotation`, timeoutMs: 60_000 },
      ),
  };
}
