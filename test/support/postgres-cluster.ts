import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closedPort } from '../../api/src/testing/ports.js';
import { type LocalServer, type SpawnedProcess, spawnProcess, waitUntil } from './process.js';

/**
 * A PostgreSQL cluster of a test's own: Debian's newest installed binaries, `initdb` in a temp
 * folder, the server on a free loopback port with durability off (it is thrown away), and a
 * `painel` database. Never touches the machine's own cluster on 5432.
 *
 * PostgreSQL refuses to run as root, so when the tests are root it runs as the `postgres` OS
 * user, which then owns the temp folder.
 */

/** postgres://postgres@127.0.0.1:<port>/painel; `stop` is a fast shutdown (clients cut off). */
export type PostgresCluster = LocalServer;

const readyTimeoutMs = 30_000;

/** `/usr/lib/postgresql/<newest version>/bin`. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (!versions[0])
    throw new Error(`no PostgreSQL under ${root}: install it with apt-get install postgresql`);
  return path.join(root, versions[0], 'bin');
}

/** Who runs the server: the `postgres` user when we are root, else ourselves. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

/** The postgres user must be able to walk down to its folder. */
function assertTraversable(dir: string): void {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0)
      throw new Error(
        `${d} is not traversable by other users, so the postgres user cannot reach ${dir}: ` +
          'set TMPDIR to a folder it can reach, such as /tmp',
      );
    if (d === path.dirname(d)) return;
  }
}

/** Whether a client can connect and run a query; never throws. */
async function accepts(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** initdb, start, wait until ready, create `painel`. Takes a few seconds (initdb). */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'painel-pg-'));
  const dataDir = path.join(dir, 'data');
  if (user.uid !== undefined) {
    assertTraversable(dir);
    fs.chownSync(dir, user.uid, user.gid!);
  }
  const port = await closedPort();
  const admin: pg.ClientConfig = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
  };

  const initdb = await spawnProcess({
    name: 'initdb',
    command: path.join(bin, 'initdb'),
    // The C locale: the same collation on every machine, whatever locales it has installed.
    args: [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ],
    cwd: dir,
    ...user,
  });
  const code = await initdb.exited;
  if (code !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(initdb.describe(`exited with ${code}`));
  }

  let server: SpawnedProcess | undefined;
  const start = async () => {
    if (server && !server.done) return;
    server = await spawnProcess({
      name: `postgres :${port}`,
      command: path.join(bin, 'postgres'),
      args: [
        ['-D', dataDir],
        ['-k', dir],
        ['-p', String(port)],
        ['-c', 'listen_addresses=127.0.0.1'],
        ['-c', 'fsync=off'],
        ['-c', 'synchronous_commit=off'],
        ['-c', 'full_page_writes=off'],
      ].flat(),
      cwd: dir,
      ...user,
    });
    await waitUntil(() => accepts(admin), {
      what: `accepting connections on 127.0.0.1:${port}`,
      timeoutMs: readyTimeoutMs,
      process: server,
    });
  };
  const stop = async () => {
    // SIGINT to the postmaster alone is PostgreSQL's fast shutdown; it ends its backends.
    await server?.stop({ signal: 'SIGINT', target: 'leader' });
  };

  try {
    await start();
    const client = new pg.Client(admin);
    await client.connect();
    await client.query('CREATE DATABASE painel').finally(() => client.end());
  } catch (error) {
    await server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/painel`,
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
