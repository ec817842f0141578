import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import type { K8sObject } from './policy.js';

const run = promisify(execFile);

export const k8sRoot = path.resolve(import.meta.dirname, '../../deploy/k8s');

/**
 * Every folder under deploy/k8s that kustomize builds on its own (a `Kustomization`, not a
 * `Component`), relative to deploy/k8s: the overlays, argocd and cluster, and whatever is added
 * later. base is left out: it pins no image tag, and every overlay renders it anyway.
 */
export async function kustomizations(dir = k8sRoot): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(dir, entry.name);
    const relative = path.relative(k8sRoot, folder);
    const file = await readFile(path.join(folder, 'kustomization.yaml'), 'utf8').catch(() => '');
    if (file && parse(file)?.kind !== 'Component' && relative !== 'base') found.push(relative);
    found.push(...(await kustomizations(folder)));
  }
  return found.sort();
}

const rendered = new Map<string, Promise<K8sObject[]>>();

/**
 * `kubectl kustomize <deploy/k8s/dir>`, parsed. YAML 1.1, as the Kubernetes API reads it (an
 * unquoted `yes` is a boolean there). One run per folder and test file.
 */
export function render(dir: string): Promise<K8sObject[]> {
  let objects = rendered.get(dir);
  if (!objects) {
    objects = run('kubectl', ['kustomize', path.join(k8sRoot, dir)], {
      maxBuffer: 32 * 1024 * 1024,
    }).then(({ stdout }) =>
      parseAllDocuments(stdout, { version: '1.1' }).flatMap((doc) => {
        if (doc.errors[0]) throw doc.errors[0];
        const object = doc.toJS() as K8sObject | null;
        return object ? [object] : [];
      }),
    );
    rendered.set(dir, objects);
  }
  return objects;
}

/** `Kind namespace/name` (or `Kind name` for a cluster-wide object), for messages. */
export const describeObject = (o: K8sObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
