import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Docker, dockerCacheDir } from '../support/docker.js';

const run = promisify(execFile);

/**
 * Registries are out of reach here, so the base images the Dockerfiles name are made locally,
 * under the same names, from Debian (debootstrap) and this machine's Node. The Dockerfiles
 * build unchanged on them, as they do on the real bases in the release workflow.
 */
export const nodeBase = 'node:20-bookworm-slim';
/** Dockerfile.nginx's base for the test (the release builds on nginx:1.27-alpine). */
export const nginxBase = 'painel-stand-in/nginx:bookworm';
const debianBase = 'painel-stand-in/debian:bookworm';

/** Bump to rebuild the stand-ins on every machine that cached older ones. */
const recipe = 2;

/** Stand-ins are rebuilt when what they are made of changes: the recipe and this Node. */
function standInKey(): string {
  return createHash('sha256')
    .update(`${recipe}:${process.version}:${fs.realpathSync(process.execPath)}`)
    .digest('hex')
    .slice(0, 16);
}

async function labelOf(docker: Docker, image: string): Promise<string | null> {
  const out = await docker
    .docker(['image', 'inspect', '--format', '{{index .Config.Labels "painel.stand-in"}}', image])
    .catch(() => null);
  return out?.trim() || null;
}

/** Debian bookworm (minbase), debootstrapped once per machine into the cache folder. */
async function debianRootfs(): Promise<string> {
  const dir = path.join(dockerCacheDir, 'rootfs-bookworm');
  if (fs.existsSync(path.join(dir, 'etc/debian_version'))) return dir;
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  await run(
    '/usr/sbin/debootstrap',
    ['--variant=minbase', 'bookworm', partial, 'http://deb.debian.org/debian'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  fs.renameSync(partial, dir);
  return dir;
}

/** Builds `tag` from a Dockerfile text and a context folder, labelled with the stand-in key. */
async function buildStandIn(
  docker: Docker,
  tag: string,
  dockerfile: string,
  context: string,
): Promise<void> {
  fs.writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
  await docker.docker([
    'build',
    '--network',
    'host',
    '--label',
    `painel.stand-in=${standInKey()}`,
    '-t',
    tag,
    context,
  ]);
}

/** Makes whichever stand-in bases are missing or stale; returns what it built. */
export async function ensureStandInBases(docker: Docker): Promise<string[]> {
  const key = standInKey();
  const built: string[] = [];
  if ((await labelOf(docker, debianBase)) !== key) {
    const rootfs = await debianRootfs();
    // Without what the official slim images leave out too: package lists and archives, docs.
    const slim = [
      './var/cache/apt/*',
      './var/lib/apt/lists/*',
      './usr/share/doc/*',
      './usr/share/man/*',
      './usr/share/info/*',
      './usr/share/locale/*',
    ].map((p) => `--exclude=${p}`);
    const tar = await run('tar', ['-C', rootfs, ...slim, '-c', '.'], {
      encoding: 'buffer',
      maxBuffer: 1024 * 1024 * 1024,
    });
    await docker.docker(
      ['import', '-c', `LABEL painel.stand-in=${key}`, '-c', 'CMD ["bash"]', '-', debianBase],
      { input: tar.stdout },
    );
    built.push(debianBase);
  }
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-stand-in-'));
  try {
    if ((await labelOf(docker, nodeBase)) !== key) {
      // As the official image lays Node out: /usr/local, a `node` user with uid 1000.
      const nodeRoot = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
      fs.mkdirSync(path.join(context, 'node/bin'), { recursive: true });
      fs.mkdirSync(path.join(context, 'node/lib/node_modules'), { recursive: true });
      fs.mkdirSync(path.join(context, 'node/include'), { recursive: true });
      fs.copyFileSync(process.execPath, path.join(context, 'node/bin/node'));
      fs.cpSync(
        path.join(nodeRoot, 'lib/node_modules/npm'),
        path.join(context, 'node/lib/node_modules/npm'),
        { recursive: true },
      );
      fs.cpSync(path.join(nodeRoot, 'include/node'), path.join(context, 'node/include/node'), {
        recursive: true,
      });
      await buildStandIn(
        docker,
        nodeBase,
        [
          `FROM ${debianBase}`,
          'COPY node /usr/local',
          'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
          ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
          ' && groupadd --gid 1000 node && useradd --uid 1000 --gid 1000 -m node',
          'CMD ["node"]',
        ].join('\n'),
        context,
      );
      built.push(nodeBase);
    }
    if ((await labelOf(docker, nginxBase)) !== key) {
      // Like the official nginx image: its user is uid 101, logs go to the container's output.
      fs.rmSync(context, { recursive: true, force: true });
      fs.mkdirSync(context);
      await buildStandIn(
        docker,
        nginxBase,
        [
          `FROM ${debianBase}`,
          'RUN apt-get update && apt-get install -y --no-install-recommends nginx-light \\',
          ' && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \\',
          ' && groupadd --system --gid 101 nginx \\',
          ' && useradd --system --uid 101 --gid 101 --no-create-home --shell /usr/sbin/nologin nginx \\',
          ' && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
          'STOPSIGNAL SIGQUIT',
          'CMD ["nginx", "-g", "daemon off;"]',
        ].join('\n'),
        context,
      );
      built.push(nginxBase);
    }
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  return built;
}
