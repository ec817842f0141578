import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/*
 * The compose files and the Swarm stack, validated offline by the tools that will run them:
 * `docker-compose config` (or `docker compose config`) rejects unknown keys and bad values, and
 * `docker stack config` checks the stack against the schema `docker stack deploy` uses. Debian's
 * docker 20.10 CLI has no `stack config`; Docker's own CLI (23 and later) does, with no daemon.
 */

const root = path.resolve(import.meta.dirname, '../..');
const composeDir = path.join(root, 'deploy/compose');
const stackFile = path.join(root, 'deploy/swarm/stack.yaml');
const run = promisify(execFile);

/** `docker-compose` (v1) when installed, else the `docker compose` plugin. */
async function composeCommand(): Promise<string[]> {
  try {
    await run('docker-compose', ['version']);
    return ['docker-compose'];
  } catch {
    return ['docker', 'compose'];
  }
}

/** The first docker CLI that has `stack config`. */
async function stackCli(): Promise<string> {
  for (const cli of ['docker', '/usr/local/bin/docker', '/usr/bin/docker']) {
    const help = await run(cli, ['stack', 'config', '--help']).catch(() => undefined);
    if (help?.stdout.includes('--compose-file')) return cli;
  }
  throw new Error(
    'no docker CLI with `docker stack config` (Docker CLI 23 or later) on this machine: install docker-ce-cli',
  );
}

/** Options `docker stack deploy` ignores, with a warning nobody reads (docs: compose file v3). */
const ignoredBySwarm = [
  'build',
  'cgroup_parent',
  'container_name',
  'depends_on',
  'devices',
  'external_links',
  'links',
  'network_mode',
  'restart',
  'security_opt',
  'tmpfs',
  'userns_mode',
];

interface Service {
  image: string;
  read_only?: boolean;
  secrets?: { source: string }[];
  deploy?: {
    replicas?: number;
    update_config?: {
      parallelism?: number;
      order?: string;
      failure_action?: string;
      monitor?: string;
    };
    rollback_config?: object;
    restart_policy?: { condition?: string };
    resources?: { limits?: object; reservations?: object };
  };
  [option: string]: unknown;
}

describe('compose files', () => {
  let files: string[];
  let compose: string[];

  beforeAll(async () => {
    files = (await readdir(composeDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    compose = await composeCommand();
  });

  it('include the base compose.yaml', () => {
    expect(files).toContain('compose.yaml');
  });

  it('validate with `config`, overrides on top of compose.yaml', async () => {
    await Promise.all(
      files.map(async (file) => {
        const stack = file === 'compose.yaml' ? [file] : ['compose.yaml', file];
        const args = [
          ...compose.slice(1),
          ...stack.flatMap((f) => ['-f', path.join(composeDir, f)]),
        ];
        const result = run(compose[0]!, [...args, 'config', '-q'], { cwd: composeDir });
        await expect(result, stack.join(' + ')).resolves.toBeDefined();
      }),
    );
  });
});

describe('Swarm stack', () => {
  let stack: {
    services: Record<string, Service>;
    networks: Record<string, { driver?: string }>;
    secrets: Record<string, { external?: boolean }>;
  };
  let source: { services: Record<string, Service> };
  let composeServices: Record<string, Service>;

  beforeAll(async () => {
    // What `docker stack deploy` would deploy, merges and variables resolved; a schema error
    // rejects here with the CLI's message.
    const { stdout } = await run(await stackCli(), ['stack', 'config', '-c', stackFile], {
      env: { ...process.env, PAINEL_VERSION: '', PUBLIC_URL: '' },
    });
    stack = parse(stdout);
    source = parse(await readFile(stackFile, 'utf8'), { merge: true });
    composeServices = parse(await readFile(path.join(composeDir, 'compose.yaml'), 'utf8'), {
      merge: true,
    }).services;
  });

  it('has compose.yaml’s services, on the same images', () => {
    expect(Object.keys(stack.services).sort()).toEqual(Object.keys(composeServices).sort());
    for (const [name, service] of Object.entries(stack.services))
      expect(service.image, name).toBe(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's variable, as written there.
        composeServices[name]!.image.replace('${PAINEL_VERSION:-0.2.0}', '0.2.0'),
      );
  });

  it('uses no option Swarm ignores', () => {
    for (const [name, service] of Object.entries(source.services))
      expect(
        ignoredBySwarm.filter((option) => option in service),
        name,
      ).toEqual([]);
  });

  it('runs two web replicas, updated one at a time, new before old, rolled back on failure', () => {
    const web = stack.services.web!;
    expect(web.command).toEqual(['serve']);
    expect(web.deploy?.replicas).toBe(2);
    expect(web.deploy?.update_config).toMatchObject({
      parallelism: 1,
      order: 'start-first',
      failure_action: 'rollback',
    });
    expect(web.deploy?.update_config?.monitor).toBeDefined();
    expect(web.deploy?.rollback_config).toBeDefined();
  });

  it('gives every service a restart policy and resource limits', () => {
    for (const [name, service] of Object.entries(stack.services)) {
      expect(service.deploy?.restart_policy?.condition, name).toBeDefined();
      expect(service.deploy?.resources?.limits, name).toBeDefined();
    }
    // A finished migration is not restarted.
    expect(stack.services.migrate!.deploy?.restart_policy?.condition).toMatch(
      /^(none|on-failure)$/,
    );
  });

  it('runs Painel read-only with its secrets from files, on an overlay network', () => {
    for (const name of ['web', 'worker', 'migrate']) {
      const service = stack.services[name]!;
      expect(service.read_only, name).toBe(true);
      const env = service.environment as Record<string, string>;
      for (const secret of [
        'DATABASE_URL',
        'JWT_SECRET',
        'COOKIE_SECRET',
        'DATA_SOURCE_KEY',
        'METRICS_TOKEN',
      ])
        expect(env[`${secret}_FILE`], `${name} ${secret}`).toBe(
          `/run/secrets/${secret.toLowerCase()}`,
        );
      expect(env).toMatchObject({
        TRUST_PROXY: 'true',
        MIGRATE_ON_START: 'false',
        DATA_DIR: '/data',
        UPLOADS_DIR: '/data/uploads',
      });
    }
    // Created with `docker secret create`, so removing the stack keeps them.
    for (const [name, secret] of Object.entries(stack.secrets))
      expect(secret.external, name).toBe(true);
    expect(Object.values(stack.networks).map((n) => n.driver)).toEqual(['overlay']);
  });
});
