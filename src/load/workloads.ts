/**
 * Workload extraction: where an object keeps its pod spec, and what its controller demands of it.
 * Pod → spec; PodTemplate → template.spec; CronJob → spec.jobTemplate.spec.template.spec; every other
 * kind that carries `spec.template.spec` with containers (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, Argo Rollout, OpenShift DeploymentConfig…) → that; an Argo
 * Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow → one pod per template that runs one.
 */
import { mayHoldPodSpec } from './kinds.js';
import type { Path } from '../types.js';
import { isRecord } from './values.js';

/** What the owning controller expects of the pod: `service` pods run forever, `batch` pods complete. */
export type WorkloadClass = 'pod' | 'service' | 'batch' | 'template' | 'argo' | 'other';

/** Where each container and volume of a synthesized pod spec sits in the object (Argo templates). */
export interface PodSpecLayout {
  readonly initContainers: readonly Path[];
  readonly containers: readonly Path[];
  readonly volumes: readonly Path[];
  /** Indexes in `containers` that the template lists as `sidecars` (Argo kills them when main exits). */
  readonly sidecars: readonly number[];
}

export interface PodSpecLocation {
  readonly spec: Record<string, unknown>;
  /** Path of the pod spec from the object root. */
  readonly path: Path;
  /** Path of the pod template's metadata, when the spec sits in a template. */
  readonly templateMetadataPath?: Path;
  readonly templateMetadata?: Record<string, unknown>;
  readonly workload: WorkloadClass;
  /** Names of `spec.volumeClaimTemplates` (StatefulSet): volumes the controller adds to every pod. */
  readonly volumeClaimTemplates: readonly string[];
  /** Set when the spec is assembled from parts of the object (an Argo template): where each part sits. */
  readonly layout?: PodSpecLayout;
}

const SERVICE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Rollout',
  'DeploymentConfig',
]);
const BATCH_KINDS = new Set(['Job', 'CronJob']);
const TEMPLATE_KINDS = new Set([...SERVICE_KINDS, 'Job', 'PodTemplate']);

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (!isRecord(current)) return undefined;
    current = current[segment];
  }
  return current;
}

export function workloadClassOf(kind: string): WorkloadClass {
  if (kind === 'Pod') return 'pod';
  if (SERVICE_KINDS.has(kind)) return 'service';
  if (BATCH_KINDS.has(kind)) return 'batch';
  if (kind === 'PodTemplate') return 'template';
  return 'other';
}

function fromTemplate(object: Record<string, unknown>, templatePath: Path, workload: WorkloadClass, requireContainers: boolean): PodSpecLocation | undefined {
  const spec = at(object, [...templatePath, 'spec']);
  if (!isRecord(spec)) return undefined;
  if (requireContainers && !Array.isArray(spec.containers)) return undefined;
  const metadata = at(object, [...templatePath, 'metadata']);
  return {
    spec,
    path: [...templatePath, 'spec'],
    templateMetadataPath: [...templatePath, 'metadata'],
    ...(isRecord(metadata) ? { templateMetadata: metadata } : {}),
    workload,
    volumeClaimTemplates: claimTemplateNames(object),
  };
}

/** Kinds searched for a pod spec whether or not it lists containers. */
export const POD_SPEC_KINDS: readonly string[] = ['Pod', 'CronJob', ...TEMPLATE_KINDS];

/** Where other kinds may keep a pod template: the first tried for every kind, the second for custom kinds. */
const SPEC_TEMPLATE = ['spec', 'template'] as const;
const SPEC_JOB_TEMPLATE = ['spec', 'jobTemplate', 'spec', 'template'] as const;

/**
 * Whether {@link podSpecsOf} may find a pod spec in an object of `kind` whose `spec` has `specKeys`
 * (none: no `spec` mapping). The pre-scan asks this of documents it has not parsed.
 */
export function mayFindPodSpec(kind: string, specKeys: ReadonlySet<string> | undefined): boolean {
  if (POD_SPEC_KINDS.includes(kind) || ARGO_KINDS.has(kind)) return true;
  return specKeys !== undefined && (specKeys.has(SPEC_TEMPLATE[1]) || specKeys.has(SPEC_JOB_TEMPLATE[1]));
}

function claimTemplateNames(object: Record<string, unknown>): string[] {
  const templates = at(object, ['spec', 'volumeClaimTemplates']);
  if (!Array.isArray(templates)) return [];
  return templates.map((template) => at(template, ['metadata', 'name'])).filter((name): name is string => typeof name === 'string');
}

const ARGO_KINDS: ReadonlyMap<string, Path> = new Map<string, Path>([
  ['Workflow', ['spec']],
  ['WorkflowTemplate', ['spec']],
  ['ClusterWorkflowTemplate', ['spec']],
  ['CronWorkflow', ['spec', 'workflowSpec']],
]);

/**
 * The pod of each Argo Workflows template that runs one: `container` or `script` (the main
 * container, named `main` when unnamed) with its `sidecars`, or `containerSet.containers`; its
 * `initContainers`; the workflow's and the template's `volumes`; `volumeClaimTemplates` of the workflow.
 * Argo runs the pod with restartPolicy Never (retries make new pods) and kills the sidecars when the
 * main container exits.
 */
function argoPodSpecs(object: Record<string, unknown>, kind: string): PodSpecLocation[] {
  const specPath = ARGO_KINDS.get(kind);
  if (specPath === undefined || typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith('argoproj.io/')) return [];
  const spec = at(object, specPath);
  if (!isRecord(spec) || !Array.isArray(spec.templates)) return [];
  const workflowVolumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  const claims = Array.isArray(spec.volumeClaimTemplates)
    ? spec.volumeClaimTemplates.map((claim) => at(claim, ['metadata', 'name'])).filter((name): name is string => typeof name === 'string')
    : [];
  const out: PodSpecLocation[] = [];
  spec.templates.forEach((template: unknown, index) => {
    if (!isRecord(template)) return;
    const path: Path = [...specPath, 'templates', index];
    const containers: unknown[] = [];
    const containerPaths: Path[] = [];
    const sidecars: number[] = [];
    for (const field of ['container', 'script'] as const) {
      const main = template[field];
      if (!isRecord(main)) continue;
      containers.push(main.name === undefined || main.name === '' ? { ...main, name: 'main' } : main);
      containerPaths.push([...path, field]);
    }
    const set = at(template, ['containerSet', 'containers']);
    if (Array.isArray(set)) {
      set.forEach((entry: unknown, setIndex) => {
        containers.push(entry);
        containerPaths.push([...path, 'containerSet', 'containers', setIndex]);
      });
    }
    if (containers.length === 0) return;
    const templateSidecars = Array.isArray(template.sidecars) ? template.sidecars : [];
    templateSidecars.forEach((entry: unknown, sidecarIndex) => {
      sidecars.push(containers.length);
      containers.push(entry);
      containerPaths.push([...path, 'sidecars', sidecarIndex]);
    });
    const inits = Array.isArray(template.initContainers) ? template.initContainers : [];
    const templateVolumes = Array.isArray(template.volumes) ? template.volumes : [];
    const metadata = template.metadata;
    out.push({
      spec: {
        initContainers: inits,
        containers,
        volumes: [...workflowVolumes, ...templateVolumes],
        restartPolicy: 'Never',
        // Argo's pod-level resources (template, else workflow): the pod's spec.resources.
        ...(isRecord(template.podResources) ? { resources: template.podResources } : isRecord(spec.podResources) ? { resources: spec.podResources } : {}),
      },
      path,
      ...(isRecord(metadata) ? { templateMetadata: metadata, templateMetadataPath: [...path, 'metadata'] } : {}),
      workload: 'argo',
      volumeClaimTemplates: claims,
      layout: {
        initContainers: inits.map((_, initIndex) => [...path, 'initContainers', initIndex]),
        containers: containerPaths,
        volumes: [
          ...workflowVolumes.map((_, volumeIndex) => [...specPath, 'volumes', volumeIndex]),
          ...templateVolumes.map((_, volumeIndex) => [...path, 'volumes', volumeIndex]),
        ],
        sidecars,
      },
    });
  });
  return out;
}

/** The pod specs an object carries (zero or one for every kind Kubernetes ships; one per pod-running template of an Argo workflow). */
export function podSpecsOf(object: Record<string, unknown>, kind: string): PodSpecLocation[] {
  if (ARGO_KINDS.has(kind) && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('argoproj.io/')) return argoPodSpecs(object, kind);
  if (typeof object.apiVersion === 'string' && !mayHoldPodSpec(object.apiVersion, kind)) return [];
  const workload = workloadClassOf(kind);
  if (kind === 'Pod') {
    return isRecord(object.spec) ? [{ spec: object.spec, path: ['spec'], workload, volumeClaimTemplates: [] }] : [];
  }
  if (kind === 'PodTemplate') {
    const found = fromTemplate(object, ['template'], workload, false);
    return found ? [found] : [];
  }
  if (kind === 'CronJob') {
    const found = fromTemplate(object, SPEC_JOB_TEMPLATE, workload, false);
    return found ? [found] : [];
  }
  const known = TEMPLATE_KINDS.has(kind);
  const found = fromTemplate(object, SPEC_TEMPLATE, workload, !known) ?? (known ? undefined : fromTemplate(object, SPEC_JOB_TEMPLATE, 'batch', true));
  return found ? [found] : [];
}
