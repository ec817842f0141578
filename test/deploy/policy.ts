/*
 * The deploy kit's workload policy, as a pure function over rendered Kubernetes objects: what
 * every pod Painel runs must declare (probes, requests and limits, a locked-down security
 * context, a pinned image), and that each namespace holding workloads starts from a
 * default-deny NetworkPolicy. policy.test.ts runs it on the real overlays and on bad objects.
 */

/** A Kubernetes object as rendered; only what the checks read is typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
  [field: string]: unknown;
}

export type Rule =
  | 'pod-template'
  | 'probes'
  | 'resources'
  | 'run-as-non-root'
  | 'read-only-root-filesystem'
  | 'privilege-escalation'
  | 'capabilities'
  | 'seccomp'
  | 'image-tag'
  | 'default-deny';

export interface Violation {
  rule: Rule;
  /** `Kind namespace/name`, plus ` container <name>` when one container is at fault. */
  where: string;
  message: string;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}

interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: SecurityContext;
  startupProbe?: unknown;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
}

interface NetworkPolicySpec {
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  policyTypes?: string[];
  ingress?: unknown[];
  egress?: unknown[];
}

/** The value at a path of plain objects, or undefined where the path stops. */
function at(value: unknown, ...keys: string[]): unknown {
  let here = value;
  for (const key of keys)
    here = here && typeof here === 'object' ? (here as Record<string, unknown>)[key] : undefined;
  return here;
}

/**
 * The workload kinds and the path of their pod spec under `spec`. `serves` marks the
 * long-running ones, whose containers need probes; a Job's pod ends by design.
 */
const workloads: Record<string, { serves: boolean; podSpec: string[] }> = {
  Deployment: { serves: true, podSpec: ['template', 'spec'] },
  StatefulSet: { serves: true, podSpec: ['template', 'spec'] },
  DaemonSet: { serves: true, podSpec: ['template', 'spec'] },
  Rollout: { serves: true, podSpec: ['template', 'spec'] },
  Job: { serves: false, podSpec: ['template', 'spec'] },
  CronJob: { serves: false, podSpec: ['jobTemplate', 'spec', 'template', 'spec'] },
};

const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
const resources = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const;

/** The violations of the policy in a set of rendered objects (empty when all is well). */
export function checkPolicy(objects: readonly K8sObject[]): Violation[] {
  const violations: Violation[] = [];
  const workloadNamespaces = new Set<string>();
  for (const object of objects) {
    const kind = workloads[object.kind];
    if (!kind) continue;
    workloadNamespaces.add(object.metadata.namespace ?? 'default');
    const where = `${object.kind} ${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
    const pod = at(object.spec, ...kind.podSpec) as PodSpec | undefined;
    if (!pod?.containers?.length) {
      // A Rollout with workloadRef, for one: its pods are another object's, unchecked here.
      violations.push({ rule: 'pod-template', where, message: 'no pod template with containers' });
      continue;
    }
    for (const container of pod.containers)
      violations.push(
        ...checkContainer(container, pod, `${where} container ${container.name}`, kind.serves),
      );
    for (const container of pod.initContainers ?? [])
      violations.push(
        ...checkContainer(container, pod, `${where} initContainer ${container.name}`, false),
      );
  }
  const namespaces = new Set(workloadNamespaces);
  for (const object of objects)
    if (object.kind === 'Namespace') namespaces.add(object.metadata.name);
  for (const namespace of namespaces) {
    const denied = objects.some(
      (o) =>
        o.kind === 'NetworkPolicy' &&
        (o.metadata.namespace ?? 'default') === namespace &&
        deniesEverything(o.spec as NetworkPolicySpec | undefined),
    );
    if (!denied)
      violations.push({
        rule: 'default-deny',
        where: `Namespace ${namespace}`,
        message:
          'no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)',
      });
  }
  return violations;
}

function checkContainer(
  container: Container,
  pod: PodSpec,
  where: string,
  serves: boolean,
): Violation[] {
  const found: Violation[] = [];
  const fail = (rule: Rule, message: string) => found.push({ rule, where, message });
  const own = container.securityContext ?? {};
  // The pod's securityContext applies where the container's does not set the same field.
  const effective = { ...pod.securityContext, ...own };

  if (serves) for (const probe of probes) if (!container[probe]) fail('probes', `no ${probe}`);
  for (const name of resources) {
    const [group, resource] = name.split('.') as ['requests' | 'limits', string];
    if (container.resources?.[group]?.[resource] === undefined) fail('resources', `no ${name}`);
  }
  if (effective.runAsNonRoot !== true)
    fail('run-as-non-root', `runAsNonRoot is ${effective.runAsNonRoot ?? 'unset'}, not true`);
  else if (effective.runAsUser === 0) fail('run-as-non-root', 'runAsUser is 0 (root)');
  if (own.readOnlyRootFilesystem !== true)
    fail('read-only-root-filesystem', 'readOnlyRootFilesystem is not true');
  if (own.allowPrivilegeEscalation !== false)
    fail('privilege-escalation', 'allowPrivilegeEscalation is not false');
  if (!own.capabilities?.drop?.includes('ALL')) fail('capabilities', 'capabilities.drop lacks ALL');
  const seccomp = effective.seccompProfile?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    fail('seccomp', `seccompProfile is ${seccomp ?? 'unset'}, not RuntimeDefault or Localhost`);
  const image = imageProblem(container.image);
  if (image) fail('image-tag', image);
  return found;
}

/** Why an image reference is not pinned, or undefined when it is (a tag other than latest, or a digest). */
export function imageProblem(image: string | undefined): string | undefined {
  if (!image) return 'no image';
  if (image.includes('@sha256:')) return undefined;
  // The tag is after the last colon of the last path segment: `host:5000/name` has none.
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return `image ${image} has no tag (it would pull latest)`;
  if (last.slice(colon + 1) === 'latest') return `image ${image} uses the latest tag`;
  return undefined;
}

function deniesEverything(spec: NetworkPolicySpec | undefined): boolean {
  if (!spec) return false;
  const selector = spec.podSelector ?? {};
  const everyPod =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  const types = spec.policyTypes ?? [];
  return (
    everyPod &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    (spec.ingress ?? []).length === 0 &&
    (spec.egress ?? []).length === 0
  );
}
