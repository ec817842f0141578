import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Docker } from '../support/docker.js';
import { nginxBase } from './bases.js';

const root = path.resolve(import.meta.dirname, '../..');

export const appImage = 'painel:test';
export const nginxImage = 'painel-nginx:test';

/** What the release passes as VERSION and COMMIT, which end up in the images' OCI labels. */
export function buildArgs(): { version: string; commit: string } {
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    .version as string;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout (an unpacked release): the label says so.
  }
  return { version, commit };
}

/**
 * Builds both images from the repository's unchanged Dockerfiles, as the release workflow does
 * (but for this machine's platform, and the edge on the Debian stand-in for nginx:alpine).
 * The machine's CA bundle goes in as the build secret a TLS-intercepting proxy needs: this
 * machine reaches the registries through one.
 */
export async function buildImages(docker: Docker): Promise<void> {
  const { version, commit } = buildArgs();
  const ca = '/etc/ssl/certs/ca-certificates.crt';
  const common = [
    'build',
    '--network',
    'host',
    '--progress',
    'plain',
    '--build-arg',
    `VERSION=${version}`,
    '--build-arg',
    `COMMIT=${commit}`,
  ];
  await docker.docker([
    ...common,
    ...(fs.existsSync(ca) ? ['--secret', `id=ca,src=${ca}`] : []),
    '-f',
    path.join(root, 'deploy/docker/Dockerfile'),
    '-t',
    appImage,
    root,
  ]);
  await docker.docker([
    ...common,
    '--build-arg',
    `PAINEL_IMAGE=${appImage}`,
    '--build-arg',
    `NGINX_IMAGE=${nginxBase}`,
    '-f',
    path.join(root, 'deploy/docker/Dockerfile.nginx'),
    '-t',
    nginxImage,
    root,
  ]);
}

/** An image's size in bytes, as `docker images` counts it (every layer, uncompressed). */
export async function imageSize(docker: Docker, image: string): Promise<number> {
  return Number((await docker.docker(['image', 'inspect', '--format', '{{.Size}}', image])).trim());
}
