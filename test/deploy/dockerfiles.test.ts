import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * The Dockerfiles through dockerfilelint (with the repository's .dockerfilelintrc), and read for
 * what issue 14 asks of the images: a health check without curl, a numeric non-root user, a
 * multi-stage build, OCI version labels, an init as PID 1, a .dockerignore that keeps
 * node_modules and .git out of the build context.
 */

const root = path.resolve(import.meta.dirname, '../..');
const dockerDir = path.join(root, 'deploy/docker');
const run = promisify(execFile);

interface Instruction {
  line: number;
  command: string;
  args: string;
}

/**
 * A Dockerfile's instructions: continuation lines joined, comment lines dropped (Docker drops
 * them inside a continued instruction too), each with the line it starts on.
 */
function instructions(source: string): Instruction[] {
  const result: Instruction[] = [];
  let current: Instruction | undefined;
  for (const [i, raw] of source.split('\n').entries()) {
    const line = raw.trim();
    if (line.startsWith('#') || (!current && line === '')) continue;
    const continued = line.endsWith('\\');
    const text = continued ? line.slice(0, -1).trim() : line;
    if (current) current.args += ` ${text}`;
    else {
      const [command = '', ...rest] = text.split(/\s+/);
      current = { line: i + 1, command: command.toUpperCase(), args: rest.join(' ') };
    }
    if (!continued) {
      result.push({ ...current, args: current.args.trim() });
      current = undefined;
    }
  }
  return result;
}

/** The instructions of the last stage (the image that ships). */
function finalStage(all: Instruction[]): Instruction[] {
  const from = all.map((i) => i.command).lastIndexOf('FROM');
  return all.slice(from);
}

/** ARG defaults declared before the first FROM: what `${NAME}` in a FROM line becomes. */
function globalArgs(all: Instruction[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const i of all) {
    if (i.command === 'FROM') break;
    const m = /^(\w+)(?:=(.*))?$/.exec(i.args);
    if (i.command === 'ARG' && m) args[m[1]!] = m[2] ?? '';
  }
  return args;
}

describe('Dockerfiles', () => {
  let files: string[];
  const parsed = new Map<string, Instruction[]>();

  beforeAll(async () => {
    files = (await readdir(dockerDir)).filter((f) => /^Dockerfile(\..+)?$/.test(f)).sort();
    for (const file of files)
      parsed.set(file, instructions(await readFile(path.join(dockerDir, file), 'utf8')));
  });

  it('are the app image and at least one more', () => {
    expect(files).toContain('Dockerfile');
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('pass dockerfilelint', async () => {
    // Its exit code is the number of issues (so 256 would read as 0): the JSON report decides.
    const bin = path.join(root, 'node_modules/.bin/dockerfilelint');
    const paths = files.map((f) => path.join(dockerDir, f));
    const result = await run(bin, ['-c', root, '-o', 'json', ...paths]).catch(
      (error: { stdout: string }) => error,
    );
    const report = JSON.parse(result.stdout) as {
      files: { file: string; issues: { line: string; title: string; content: string }[] }[];
    };
    expect(report.files).toHaveLength(files.length);
    const issues = report.files.flatMap((f) =>
      f.issues.map((i) => `${path.relative(root, f.file)}:${i.line} ${i.title}: ${i.content}`),
    );
    expect(issues).toEqual([]);
  });

  // What the rules .dockerfilelintrc turns off were for, checked in a way that knows
  // multi-stage builds and BuildKit.
  describe('what .dockerfilelintrc turns off', () => {
    it('every base image that is not a stage has a tag other than latest', () => {
      for (const [file, all] of parsed) {
        const args = globalArgs(all);
        const stages = new Set<string>();
        for (const from of all.filter((i) => i.command === 'FROM')) {
          const [ref = '', as, name] = from.args.split(/\s+/).filter((w) => !w.startsWith('--'));
          const image = ref.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => args[arg] ?? '');
          if (!stages.has(image) && image !== 'scratch') {
            const tag =
              /^[^@]+:([^/:@]+)$/.exec(image)?.[1] ?? (image.includes('@') ? 'digest' : '');
            expect(tag, `${file}:${from.line} FROM ${from.args} (${image})`).toMatch(
              /^(?!latest$)./,
            );
          }
          if (as?.toUpperCase() === 'AS' && name) stages.add(name);
        }
      }
    });

    it('apt lists never stay in a layer: removed, or on a cache mount', () => {
      for (const [file, all] of parsed)
        for (const i of all.filter((i) => i.command === 'RUN' && /apt-get update/.test(i.args)))
          expect(
            i.args.includes('rm -rf /var/lib/apt/lists') ||
              /--mount=type=cache,target=\/var\/lib\/apt\/lists\b/.test(i.args),
            `${file}:${i.line}`,
          ).toBe(true);
    });

    it('HEALTHCHECK options are Docker’s', () => {
      const known = ['--interval', '--timeout', '--start-period', '--start-interval', '--retries'];
      for (const [file, all] of parsed)
        for (const check of all.filter((i) => i.command === 'HEALTHCHECK')) {
          const options = check.args.split(/\s+(?=CMD\b)/i)[0]!.match(/--[\w-]+(?==)/g) ?? [];
          for (const option of options) expect(known, `${file}:${check.line}`).toContain(option);
        }
    });
  });

  it('run as a numeric, non-root user', () => {
    for (const [file, all] of parsed) {
      const user = finalStage(all).findLast((i) => i.command === 'USER');
      expect(user?.args, file).toMatch(/^\d+(:\d+)?$/);
      expect(Number(user!.args.split(':')[0]), file).not.toBe(0);
    }
  });

  it('label the version and revision (OCI) from build arguments', () => {
    for (const [file, all] of parsed) {
      const stage = finalStage(all);
      const labels = stage
        .filter((i) => i.command === 'LABEL')
        .map((i) => i.args)
        .join(' ');
      expect(labels, file).toMatch(/org\.opencontainers\.image\.version="?\$\{?VERSION\}?/);
      expect(labels, file).toMatch(/org\.opencontainers\.image\.revision="?\$\{?COMMIT\}?/);
      const args = stage.filter((i) => i.command === 'ARG').map((i) => i.args.split('=')[0]);
      expect(args, file).toEqual(expect.arrayContaining(['VERSION', 'COMMIT']));
    }
  });

  describe('the app image (Dockerfile)', () => {
    const app = () => parsed.get('Dockerfile')!;

    it('is a multi-stage build of at least three named stages', () => {
      const named = app().filter((i) => i.command === 'FROM' && /\sAS\s+\S+$/i.test(i.args));
      expect(named.length).toBeGreaterThanOrEqual(3);
    });

    it('checks its health without curl or wget', () => {
      const checks = finalStage(app()).filter((i) => i.command === 'HEALTHCHECK');
      expect(checks).toHaveLength(1);
      const [check] = checks;
      expect(check!.args).toMatch(/\bCMD\b/);
      expect(check!.args).not.toMatch(/\b(curl|wget)\b/);
    });

    it('runs an init as PID 1', () => {
      const entrypoint = finalStage(app()).findLast((i) => i.command === 'ENTRYPOINT')!;
      // The exec form: a shell form would make /bin/sh PID 1 and swallow SIGTERM.
      const argv = JSON.parse(entrypoint.args) as string[];
      expect(path.basename(argv[0]!)).toMatch(/^(tini|dumb-init)$/);
    });
  });

  it('.dockerignore keeps node_modules and .git out of the build context', async () => {
    const patterns = (await readFile(path.join(root, '.dockerignore'), 'utf8'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(patterns).toEqual(expect.arrayContaining(['.git']));
    expect(patterns.some((p) => /^(\*\*\/)?node_modules\/?$/.test(p))).toBe(true);
  });
});
