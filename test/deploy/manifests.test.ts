import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeObject, k8sRoot, kustomizations, render } from './kustomize.js';
import type { K8sObject } from './policy.js';

/*
 * Every kustomization under deploy/k8s (found, not listed: a new overlay is covered the day it
 * is added) is rendered with `kubectl kustomize`, and each object it renders is checked against
 * the schema of its apiVersion and kind, unknown fields included. Then what no schema knows:
 * pinned images, each role's command, the alerts matching the Prometheus rule file, names that
 * point at objects the overlay renders, the Rollout strategies and the Argo CD Applications.
 * No cluster is needed; nothing is applied.
 */

const targets = await kustomizations();
// All renders start now, side by side; each test awaits its own.
for (const dir of targets) render(dir).catch(() => {});
const overlays = targets.filter((dir) => dir.startsWith('overlays/'));
const repoURL = 'https://github.com/painel-bi/painel.git';
const rulesFile = path.resolve(k8sRoot, '../observability/prometheus/painel.rules.yml');

interface Model {
  new (data: object): { validate(): void };
  apiVersion: string;
  kind: string;
}

/** The @kubernetes-models package(s) holding each CRD API group's schemas. */
const crdPackages: Record<string, string[]> = {
  'argoproj.io': ['@kubernetes-models/argo-rollouts', '@kubernetes-models/argo-cd'],
  'external-secrets.io': ['@kubernetes-models/external-secrets'],
  'keda.sh': ['@kubernetes-models/keda'],
  'monitoring.coreos.com': ['@kubernetes-models/prometheus-operator'],
  'networking.istio.io': ['@kubernetes-models/istio'],
  'security.istio.io': ['@kubernetes-models/istio'],
  'telemetry.istio.io': ['@kubernetes-models/istio'],
};

/**
 * API versions checked against another version's schema. ESO 0.17 and later serve only
 * external-secrets.io/v1, which is v1beta1 promoted without schema changes (ESO's maintainers in
 * external-secrets/external-secrets#4785 and #4901); @kubernetes-models/external-secrets 0.5
 * has v1beta1 only.
 */
const checkedAs: Record<string, string> = {
  'external-secrets.io/v1': 'external-secrets.io/v1beta1',
};

/** The model class validating `apiVersion`/`kind`, or undefined when no installed package has it. */
async function modelFor(apiVersion: string, kind: string): Promise<Model | undefined> {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // Kubernetes' own groups: the core group, `apps`-style names, and *.k8s.io.
  const own = !group.includes('.') || group.endsWith('.k8s.io');
  for (const pkg of own ? ['kubernetes-models'] : (crdPackages[group] ?? [])) {
    const module = await import(`${pkg}/${apiVersion}/${kind}`).catch(() => undefined);
    const model = module?.[kind] as Model | undefined;
    if (model?.apiVersion === apiVersion && model.kind === kind) return model;
  }
  return undefined;
}

/**
 * The schema errors of an object, and its fields the schema does not know. kubernetes-models
 * checks types and required fields but lets unknown fields through, while the API server drops
 * them silently (a misspelt `readinesProbe` is no probe at all). So the validator reads the
 * object through proxies that record each key it looks up: a schema with `properties` looks up
 * every one of them, present or not, so keys of such an object that were never looked up are
 * unknown. Maps (labels) are read key by key and free-form objects not at all: neither reports.
 * A property whose schema checks nothing is never read either (missingFromSchemas, below).
 */
function schemaProblems(Model: Model, object: K8sObject): string[] {
  const model = new Model(object);
  const reads = new Map<object, { path: string; keys: Set<string> }>();
  const proxies = new WeakMap<object, object>();
  const track = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    const keys = new Set<string>();
    reads.set(value, { path: at, keys });
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const found = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return found;
        keys.add(key);
        if (!Object.hasOwn(target, key)) return found;
        return track(found, Array.isArray(target) ? `${at}[${key}]` : `${at}.${key}`);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const problems: string[] = [];
  try {
    model.validate.call(track(model, ''));
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const [value, { path: at, keys }] of reads) {
    if (Array.isArray(value) || keys.size === 0) continue;
    for (const key of Object.keys(value))
      if (!keys.has(key)) problems.push(`unknown field ${`${at}.${key}`.slice(1)}`);
  }
  return problems;
}

/**
 * Fields the API serves that the installed schemas lack: their generator drops every property
 * named `description` (it takes it for documentation), AppProject's own included.
 */
const missingFromSchemas: Record<string, string[]> = {
  'argoproj.io/v1alpha1 AppProject': ['spec.description'],
};

async function validate(object: K8sObject): Promise<string[]> {
  const apiVersion = checkedAs[object.apiVersion] ?? object.apiVersion;
  const Model = await modelFor(apiVersion, object.kind);
  if (!Model)
    return [
      `no schema for ${object.apiVersion} ${object.kind}: map its API group to a @kubernetes-models package in crdPackages, or commit its CRD's published schema (deploy/k8s/schemas/) and validate it here`,
    ];
  const allowed = new Set(
    (missingFromSchemas[`${object.apiVersion} ${object.kind}`] ?? []).map(
      (f) => `unknown field ${f}`,
    ),
  );
  return schemaProblems(Model, { ...object, apiVersion }).filter((p) => !allowed.has(p));
}

// Reading rendered objects: paths into plain data, without a type per kind.
type Data = Record<string, unknown>;
const get = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((here, key) => (here as Data | undefined)?.[key], value);
const list = (value: unknown): Data[] => (Array.isArray(value) ? (value as Data[]) : []);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const podKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout', 'Job']);
const podTemplate = (o: K8sObject) =>
  podKinds.has(o.kind) ? get(o, 'spec', 'template') : undefined;
const containers = (o: K8sObject) => list(get(podTemplate(o), 'spec', 'containers'));
const component = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'];

/** Whether a LabelSelector (or, `plain`, a Service's map of labels) selects `labels`. */
function selects(selector: unknown, labels: Record<string, string> = {}, plain = false): boolean {
  if (!selector) return false;
  const match = (plain ? selector : (get(selector, 'matchLabels') ?? {})) as Record<string, string>;
  const expressions = plain ? [] : list(get(selector, 'matchExpressions'));
  return (
    Object.entries(match).every(([key, value]) => labels[key] === value) &&
    expressions.every((e) => {
      const values = (e.values ?? []) as string[];
      const value = labels[e.key as string];
      if (e.operator === 'In') return value !== undefined && values.includes(value);
      if (e.operator === 'NotIn') return value === undefined || !values.includes(value);
      if (e.operator === 'Exists') return value !== undefined;
      return value === undefined;
    })
  );
}

/** Names in the render that point at nothing it renders (a stale copy, a renamed object). */
function danglingReferences(objects: K8sObject[]): string[] {
  const has = (kind: string, name: unknown) =>
    objects.some((o) => o.kind === kind && o.metadata.name === name);
  const secrets = new Set(
    objects.flatMap((o) =>
      o.kind === 'Secret'
        ? [o.metadata.name]
        : o.kind === 'ExternalSecret'
          ? [text(get(o, 'spec', 'target', 'name')) ?? o.metadata.name]
          : [],
    ),
  );
  const pods = objects.filter(podTemplate);
  const found: string[] = [];
  const check = (ok: boolean, what: string, o: K8sObject) => {
    if (!ok) found.push(`${describeObject(o)}: ${what}`);
  };
  for (const o of objects) {
    const spec = o.spec;
    if (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') {
      const kind = text(get(spec, 'scaleTargetRef', 'kind')) ?? 'Deployment';
      const name = get(spec, 'scaleTargetRef', 'name');
      check(has(kind, name), `scales ${kind} ${name}, not rendered`, o);
    }
    if (o.kind === 'Service' || o.kind === 'PodDisruptionBudget') {
      const selector = get(spec, 'selector');
      const plain = o.kind === 'Service';
      check(
        pods.some((p) =>
          selects(selector, get(podTemplate(p), 'metadata', 'labels') as never, plain),
        ),
        'selects no pod template',
        o,
      );
    }
    if (o.kind === 'ServiceMonitor')
      check(
        objects.some(
          (s) => s.kind === 'Service' && selects(get(spec, 'selector'), s.metadata.labels),
        ),
        'selects no Service',
        o,
      );
    if (o.kind === 'Ingress')
      for (const rule of list(get(spec, 'rules')))
        for (const p of list(get(rule, 'http', 'paths'))) {
          const service = get(p, 'backend', 'service', 'name');
          check(has('Service', service), `routes to Service ${service}, not rendered`, o);
        }
    const pod = get(podTemplate(o), 'spec');
    if (pod) {
      const account = get(pod, 'serviceAccountName');
      if (account) check(has('ServiceAccount', account), `runs as ${account}, not rendered`, o);
      for (const volume of list(get(pod, 'volumes'))) {
        const configMap = get(volume, 'configMap', 'name');
        const secret = get(volume, 'secret', 'secretName');
        const claim = get(volume, 'persistentVolumeClaim', 'claimName');
        if (configMap) check(has('ConfigMap', configMap), `mounts ConfigMap ${configMap}`, o);
        if (secret) check(secrets.has(secret as string), `mounts Secret ${secret}`, o);
        if (claim) check(has('PersistentVolumeClaim', claim), `mounts claim ${claim}`, o);
      }
      for (const c of list(get(pod, 'containers')))
        for (const from of list(c.envFrom)) {
          const configMap = get(from, 'configMapRef', 'name');
          if (configMap) check(has('ConfigMap', configMap), `reads ConfigMap ${configMap}`, o);
        }
    }
    if (o.kind === 'Rollout') {
      const strategy = get(spec, 'strategy');
      const analyses = [
        ...list(get(strategy, 'canary', 'steps')).map((s) => get(s, 'analysis')),
        get(strategy, 'blueGreen', 'prePromotionAnalysis'),
        get(strategy, 'blueGreen', 'postPromotionAnalysis'),
      ];
      for (const template of analyses.flatMap((a) => list(get(a, 'templates'))))
        check(has('AnalysisTemplate', template.templateName), `runs ${template.templateName}`, o);
      for (const key of ['activeService', 'previewService'])
        if (get(strategy, 'blueGreen', key))
          check(has('Service', get(strategy, 'blueGreen', key)), `${key} not rendered`, o);
      const istio = get(strategy, 'canary', 'trafficRouting', 'istio');
      if (istio) {
        const virtualService = objects.find(
          (v) =>
            v.kind === 'VirtualService' && v.metadata.name === get(istio, 'virtualService', 'name'),
        );
        const routes = list(get(virtualService, 'spec', 'http')).map((r) => r.name);
        for (const route of list(get(istio, 'virtualService', 'routes')))
          check(routes.includes(route), `routes ${route} of a VirtualService not rendered`, o);
        const rule = get(istio, 'destinationRule', 'name');
        check(has('DestinationRule', rule), `DestinationRule ${rule} not rendered`, o);
      }
    }
  }
  return found;
}

describe('deploy/k8s', () => {
  it('finds the overlays and the Argo CD Applications to render', () => {
    expect(targets).toEqual(
      expect.arrayContaining(['argocd', 'overlays/staging', 'overlays/production']),
    );
  });
});

describe('the schema check', () => {
  // Guards the proxy trick: were a kubernetes-models upgrade to read objects differently, the
  // unknown-field check would quietly find nothing.
  const template = {
    metadata: { labels: { app: 'a' } },
    spec: { containers: [{ name: 'a', image: 'a:1', readinesProbe: {} }] },
  };
  const selector = { matchLabels: { app: 'a' } };
  const object = (apiVersion: string, kind: string, spec: object): K8sObject => ({
    apiVersion,
    kind,
    metadata: { name: 'a' },
    spec,
  });

  it('reports wrong types and unknown fields, in Kubernetes kinds and CRDs alike', async () => {
    expect(
      await validate(object('apps/v1', 'Deployment', { replicas: 'two', selector, template })),
    ).toEqual([
      expect.stringContaining('/spec/replicas must be integer'),
      'unknown field spec.template.spec.containers[0].readinesProbe',
    ]);
    const strategy = { canary: { stepz: [] } };
    const rollout = object('argoproj.io/v1alpha1', 'Rollout', { selector, template, strategy });
    expect((await validate(rollout)).sort()).toEqual([
      'unknown field spec.strategy.canary.stepz',
      'unknown field spec.template.spec.containers[0].readinesProbe',
    ]);
  });

  it('fails a kind it has no schema for', async () => {
    expect(await validate(object('example.com/v1', 'Widget', {}))).toEqual([
      expect.stringMatching(/^no schema for example.com\/v1 Widget/),
    ]);
  });
});

describe.each(targets)('kubectl kustomize %s', (dir) => {
  it('renders objects that each match the schema of their kind, with no unknown field', async () => {
    const objects = await render(dir);
    expect(objects.length).toBeGreaterThan(0);
    const problems = await Promise.all(
      objects.map(async (o) => (await validate(o)).map((p) => `${describeObject(o)}: ${p}`)),
    );
    expect(problems.flat()).toEqual([]);
  });
});

describe.each(overlays)('%s', (dir) => {
  it("pins Painel's image to a release or a commit (never latest)", async () => {
    const images = (await render(dir))
      .flatMap((o) => containers(o).map((c) => text(c.image) ?? ''))
      .filter((image) => image.startsWith('ghcr.io/painel-bi/painel'));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images)
      expect(image).toMatch(
        /^ghcr\.io\/painel-bi\/painel:(\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?|sha-[0-9a-f]{7,40})$/,
      );
  });

  it('runs the web, worker and migrate roles of the one image', async () => {
    const objects = await render(dir);
    const roles = objects
      .filter((o) => containers(o).length > 0)
      .map((o) => ({ kind: o.kind, component: component(o), args: containers(o)[0]?.args }));
    const web = dir.startsWith('overlays/production') ? 'Rollout' : 'Deployment';
    expect(roles).toEqual(
      expect.arrayContaining([
        { kind: web, component: 'web', args: ['serve'] },
        { kind: 'Deployment', component: 'worker', args: ['worker'] },
        { kind: 'Job', component: 'migrate', args: ['migrate'] },
      ]),
    );
    expect(roles).toHaveLength(3);
    const migrate = objects.find((o) => o.kind === 'Job');
    expect(migrate?.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
  });

  it('spreads web and worker over zones, strictly in production', async () => {
    const spreads = (await render(dir))
      .filter((o) => component(o) === 'web' || component(o) === 'worker')
      .filter((o) => o.kind !== 'Job' && podTemplate(o))
      .map(
        (o) =>
          list(get(podTemplate(o), 'spec', 'topologySpreadConstraints')).find(
            (t) => t.topologyKey === 'topology.kubernetes.io/zone',
          )?.whenUnsatisfiable,
      );
    const strict = dir.startsWith('overlays/production');
    expect(spreads).toEqual(
      ['web', 'worker'].map(() => (strict ? 'DoNotSchedule' : 'ScheduleAnyway')),
    );
  });

  it('carries the alert groups of deploy/observability/prometheus/painel.rules.yml', async () => {
    const rules = (await render(dir)).filter((o) => o.kind === 'PrometheusRule');
    const file = parse(await readFile(rulesFile, 'utf8')) as { groups: unknown[] };
    expect(rules).toHaveLength(1);
    expect(get(rules[0], 'spec', 'groups')).toEqual(file.groups);
  });

  it('names only objects it renders', async () => {
    expect(danglingReferences(await render(dir))).toEqual([]);
  });

  it('scrapes /metrics with the token the pods read, from the Secret they mount', async () => {
    const objects = await render(dir);
    const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
    const endpoints = list(get(monitor, 'spec', 'endpoints'));
    expect(endpoints.length).toBeGreaterThan(0);
    const keys = list(
      get(
        objects.find((o) => o.kind === 'ExternalSecret'),
        'spec',
        'data',
      ),
    ).map((d) => d.secretKey);
    const config = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('painel-config'),
    );
    for (const endpoint of endpoints) {
      const credentials = get(endpoint, 'authorization', 'credentials') as {
        name: string;
        key: string;
      };
      expect(credentials.name).toBe('painel-secrets');
      expect(keys).toContain(credentials.key);
      expect(get(config, 'data', 'METRICS_TOKEN_FILE')).toBe(
        `/run/secrets/painel/${credentials.key}`,
      );
    }
  });

  it('releases the web by canary (5, 25, 100 % with analyses) or blue/green with a preview', async () => {
    const rollouts = (await render(dir)).filter((o) => o.kind === 'Rollout');
    for (const rollout of rollouts) {
      const steps = list(get(rollout, 'spec', 'strategy', 'canary', 'steps'));
      const blueGreen = get(rollout, 'spec', 'strategy', 'blueGreen');
      if (steps.length > 0) {
        const shape = steps.map((s) => Object.keys(s)[0]);
        expect(shape).toEqual([
          'setWeight',
          'pause',
          'analysis',
          'setWeight',
          'pause',
          'analysis',
          'setWeight',
        ]);
        expect(steps.filter((s) => 'setWeight' in s).map((s) => s.setWeight)).toEqual([5, 25, 100]);
      } else {
        expect(blueGreen).toMatchObject({
          activeService: 'painel-web',
          previewService: expect.any(String),
          prePromotionAnalysis: { templates: [{ templateName: 'painel-error-rate' }] },
        });
      }
    }
  });
});

describe('argocd', () => {
  it('has one Application per environment on an overlay of this repository', async () => {
    const apps = (await render('argocd')).filter((o) => o.kind === 'Application');
    const byName = Object.fromEntries(apps.map((a) => [a.metadata.name, a]));
    expect(Object.keys(byName).sort()).toEqual(['painel-production', 'painel-staging']);
    for (const app of apps) {
      expect(get(app, 'spec', 'source', 'repoURL')).toBe(repoURL);
      expect(get(app, 'spec', 'destination', 'namespace')).toBe('painel');
      const source = text(get(app, 'spec', 'source', 'path')) ?? '';
      expect(overlays).toContain(path.relative('deploy/k8s', source));
    }
    expect(get(byName['painel-staging'], 'spec', 'source', 'path')).toBe(
      'deploy/k8s/overlays/staging',
    );
    expect(get(byName['painel-production'], 'spec', 'source', 'path')).toBe(
      'deploy/k8s/overlays/production',
    );
    // Staging follows main on its own; production waits for someone to press Sync.
    expect(get(byName['painel-staging'], 'spec', 'syncPolicy', 'automated')).toBeDefined();
    expect(get(byName['painel-production'], 'spec', 'syncPolicy', 'automated')).toBeUndefined();
  });
});
