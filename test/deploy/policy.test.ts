import { describe, expect, it } from 'vitest';
import { kustomizations, render } from './kustomize.js';
import {
  checkPolicy,
  imageProblem,
  type K8sObject,
  type Rule,
  type SecurityContext,
} from './policy.js';

/*
 * checkPolicy both ways: every rendered overlay passes it, and each kind of bad object is
 * caught. The bad objects are one good Deployment (or Job, CronJob, …) changed in one place.
 */

const targets = await kustomizations();
// All renders start now, side by side; each test awaits its own.
for (const dir of targets) render(dir).catch(() => {});

describe.each(targets)('kubectl kustomize %s', (dir) => {
  it('meets the workload policy', async () => {
    expect(checkPolicy(await render(dir))).toEqual([]);
  });
});

const denyAll: K8sObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'app' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

type ProbeName = 'startupProbe' | 'readinessProbe' | 'livenessProbe';
interface Container extends Partial<Record<ProbeName, unknown>> {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface Pod {
  securityContext: SecurityContext;
  containers: [Container];
  initContainers?: Container[];
}

const probe = { httpGet: { path: '/health', port: 3000 } };

/** A container that meets every rule; `serves` adds the probes a long-running one needs. */
const goodContainer = (serves = true): Container => ({
  name: 'app',
  image: 'ghcr.io/example/app:1.2.3',
  ...(serves ? { startupProbe: probe, readinessProbe: probe, livenessProbe: probe } : {}),
  resources: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '1', memory: '256Mi' },
  },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
});

const goodPod = (serves = true): Pod => ({
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [goodContainer(serves)],
});

/** A workload of `kind` in namespace `app`, with a good pod spec. */
function workload(kind: string): K8sObject {
  const metadata = { name: 'app', namespace: 'app' };
  const apiVersion =
    kind === 'Rollout' ? 'argoproj.io/v1alpha1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1';
  const template = { metadata: { labels: { app: 'app' } }, spec: goodPod(!kind.endsWith('Job')) };
  const spec =
    kind === 'CronJob'
      ? { schedule: '0 * * * *', jobTemplate: { spec: { template } } }
      : { selector: { matchLabels: { app: 'app' } }, template };
  return { apiVersion, kind, metadata, spec };
}

/** The pod spec of a workload made by `workload`, to change in a test. */
function podOf(o: K8sObject): Pod {
  const spec = o.spec as {
    template?: { spec: Pod };
    jobTemplate?: { spec: { template: { spec: Pod } } };
  };
  return (spec.template ?? spec.jobTemplate!.spec.template).spec;
}
const containerOf = (o: K8sObject) => podOf(o).containers[0];
/** The container's own securityContext (made empty when it has none). */
const securityOf = (o: K8sObject) => {
  const container = containerOf(o);
  container.securityContext ??= {};
  return container.securityContext;
};

/** The rules checkPolicy reports for `objects` (next to the default-deny policy unless told). */
const rules = (objects: K8sObject[], withDenyAll = true): Rule[] =>
  checkPolicy(withDenyAll ? [...objects, denyAll] : objects).map((v) => v.rule);

describe('checkPolicy', () => {
  it.each(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout', 'Job', 'CronJob'])(
    'passes a %s that meets every rule',
    (kind) => {
      expect(checkPolicy([workload(kind), denyAll])).toEqual([]);
    },
  );

  it.each<ProbeName>(['startupProbe', 'readinessProbe', 'livenessProbe'])(
    'wants a %s',
    (probeName) => {
      for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout']) {
        const o = workload(kind);
        delete containerOf(o)[probeName];
        expect(checkPolicy([o, denyAll])).toEqual([
          { rule: 'probes', where: `${kind} app/app container app`, message: `no ${probeName}` },
        ]);
      }
    },
  );

  it('exempts Jobs, CronJobs and init containers from probes, not from the other rules', () => {
    expect(rules([workload('Job'), workload('CronJob')])).toEqual([]);
    const job = workload('Job');
    delete containerOf(job).resources!.limits;
    expect(rules([job])).toEqual(['resources', 'resources']);
    const cron = workload('CronJob');
    podOf(cron).securityContext.runAsNonRoot = false;
    expect(rules([cron])).toEqual(['run-as-non-root']);
    const init = workload('Deployment');
    podOf(init).initContainers = [{ ...goodContainer(false), name: 'init' }];
    expect(rules([init])).toEqual([]);
    delete podOf(init).initContainers![0]!.securityContext;
    expect(checkPolicy([init, denyAll])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'read-only-root-filesystem',
          where: 'Deployment app/app initContainer init',
        }),
      ]),
    );
  });

  it('wants cpu and memory requests and limits', () => {
    const o = workload('Deployment');
    containerOf(o).resources = { requests: { cpu: '100m' }, limits: { memory: '1Gi' } };
    expect(checkPolicy([o, denyAll]).map((v) => v.message)).toEqual([
      'no requests.memory',
      'no limits.cpu',
    ]);
  });

  it('wants runAsNonRoot true, from the pod unless the container overrides it', () => {
    const missing = workload('Deployment');
    delete podOf(missing).securityContext.runAsNonRoot;
    expect(rules([missing])).toEqual(['run-as-non-root']);

    const overridden = workload('Deployment');
    securityOf(overridden).runAsNonRoot = false;
    expect(rules([overridden])).toEqual(['run-as-non-root']);

    const containerOnly = workload('Deployment');
    delete podOf(containerOnly).securityContext.runAsNonRoot;
    securityOf(containerOnly).runAsNonRoot = true;
    expect(rules([containerOnly])).toEqual([]);

    const root = workload('Deployment');
    securityOf(root).runAsUser = 0;
    expect(rules([root])).toEqual(['run-as-non-root']);
  });

  it('wants a read-only root filesystem, no privilege escalation and no capabilities', () => {
    const o = workload('Deployment');
    containerOf(o).securityContext = {
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['NET_RAW'] },
    };
    expect(rules([o])).toEqual([
      'read-only-root-filesystem',
      'privilege-escalation',
      'capabilities',
    ]);
  });

  it('wants the RuntimeDefault (or a Localhost) seccomp profile, from the pod or the container', () => {
    const o = workload('Deployment');
    delete podOf(o).securityContext.seccompProfile;
    expect(rules([o])).toEqual(['seccomp']);
    securityOf(o).seccompProfile = { type: 'Localhost' };
    expect(rules([o])).toEqual([]);
    securityOf(o).seccompProfile = { type: 'Unconfined' };
    expect(rules([o])).toEqual(['seccomp']);
  });

  it.each([
    ['ghcr.io/example/app:latest', 'uses the latest tag'],
    ['ghcr.io/example/app', 'has no tag'],
    ['localhost:5000/app', 'has no tag'],
  ])('refuses the image %s', (image, problem) => {
    const o = workload('Deployment');
    containerOf(o).image = image;
    expect(checkPolicy([o, denyAll])).toEqual([
      expect.objectContaining({ rule: 'image-tag', message: expect.stringContaining(problem) }),
    ]);
  });

  it('takes a tag or a digest as pinned', () => {
    expect(imageProblem('ghcr.io/painel-bi/painel:0.2.0')).toBeUndefined();
    expect(imageProblem('localhost:5000/app:sha-1a2b3c4')).toBeUndefined();
    expect(imageProblem(`ghcr.io/example/app@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(imageProblem(undefined)).toBe('no image');
  });

  it('wants a default-deny NetworkPolicy in each namespace with workloads or a Namespace object', () => {
    const namespace: K8sObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'other' },
    };
    expect(checkPolicy([workload('Deployment'), namespace])).toEqual([
      expect.objectContaining({ rule: 'default-deny', where: 'Namespace app' }),
      expect.objectContaining({ rule: 'default-deny', where: 'Namespace other' }),
    ]);
    const ingressOnly = { ...denyAll, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    expect(rules([workload('Deployment'), ingressOnly], false)).toEqual(['default-deny']);
    const allowsAll = { ...denyAll, spec: { ...(denyAll.spec as object), egress: [{}] } };
    expect(rules([workload('Deployment'), allowsAll], false)).toEqual(['default-deny']);
    const somePods = {
      ...denyAll,
      spec: { ...(denyAll.spec as object), podSelector: { matchLabels: { app: 'app' } } },
    };
    expect(rules([workload('Deployment'), somePods], false)).toEqual(['default-deny']);
  });

  it('reports a workload without a pod template', () => {
    const o = workload('Rollout');
    o.spec = { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' } };
    expect(rules([o])).toEqual(['pod-template']);
  });
});
