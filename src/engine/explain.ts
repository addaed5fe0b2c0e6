/**
 * `sidecar-lint explain`: every pod spec of the linted sources as it will run — the injected
 * containers merged in where the webhooks put them (`injection.ts`), the object as admission leaves
 * it — with the findings of the same run that belong to it. The report stage draws it.
 */
import type { LoadedObject, SourceFile } from '../load/source.js';
import { podSpecsOf } from '../load/workloads.js';
import type { PodSpecLocation, WorkloadClass } from '../load/workloads.js';
import { isRecord, stringMap } from '../load/values.js';
import { containersOf } from '../model/containers.js';
import type { ContainerInfo } from '../model/containers.js';
import type { InjectionPlan, InjectionSettings } from '../model/injectors/index.js';
import type { KubeVersion } from '../model/kube-version.js';
import type { FileResult, Finding, ObjectRef, Path } from '../types.js';
import { injectPod, namespacesIn } from './injection.js';

export interface ExplainedPod {
  /** The source the object was read from: a file, a chart or overlay folder (rendered), `<stdin>`. */
  readonly filePath: string;
  readonly documentIndex: number;
  /** Line of the object's first key in that source. */
  readonly line: number;
  readonly object: ObjectRef;
  /** Path of the pod spec from the object root. */
  readonly podPath: Path;
  /** Path of the object in its document (`['items', 3]` in a List). */
  readonly pathPrefix: Path;
  readonly workload: WorkloadClass;
  /** The whole object as admission leaves it: the pod spec with what the injectors add, their labels and annotations. */
  readonly admitted: Record<string, unknown>;
  /** The pod spec as it will run. */
  readonly spec: Record<string, unknown>;
  /** Its containers in start order, injected ones marked. */
  readonly containers: readonly ContainerInfo[];
  readonly injections: readonly InjectionPlan[];
  /** Annotations of the pod (template), after injection. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The run's findings about this pod's object. */
  readonly findings: readonly Finding[];
}

/** A copy of `value` with `path` set to `replacement` (records along the path copied, the rest shared). */
function withValueAt(value: Record<string, unknown>, path: Path, replacement: unknown): Record<string, unknown> {
  if (path.length === 0) return replacement as Record<string, unknown>;
  const [head, ...rest] = path;
  const key = String(head);
  const inner = value[key];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  copy[key] = rest.length === 0 ? replacement : withValueAt(isRecord(inner) || Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest, replacement);
  return copy;
}

/** `admitted` (the object so far) with one pod spec and its pod's labels and annotations as the webhooks leave them. */
function admitPod(admitted: Record<string, unknown>, object: LoadedObject, location: PodSpecLocation, spec: Record<string, unknown>, plans: readonly InjectionPlan[]): Record<string, unknown> {
  if (plans.length === 0) return admitted;
  admitted = withValueAt(admitted, location.path, spec);
  const labels = plans.reduce<Record<string, string>>((all, plan) => ({ ...all, ...plan.labels }), {});
  const annotations = plans.reduce<Record<string, string>>((all, plan) => ({ ...all, ...plan.annotations }), {});
  const metadataPath = location.templateMetadataPath ?? ['metadata'];
  const metadata = location.templateMetadataPath === undefined ? object.value.metadata : location.templateMetadata;
  const current = isRecord(metadata) ? metadata : {};
  if (Object.keys(labels).length + Object.keys(annotations).length > 0) {
    admitted = withValueAt(admitted, metadataPath, {
      ...current,
      ...(Object.keys(labels).length > 0 ? { labels: { ...(isRecord(current.labels) ? current.labels : {}), ...labels } } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations: { ...(isRecord(current.annotations) ? current.annotations : {}), ...annotations } } : {}),
    });
  }
  return admitted;
}

export interface ExplainOptions {
  readonly kubernetesVersion: KubeVersion;
  readonly injection?: InjectionSettings | undefined;
}

/** Every pod spec of one source, as it will run (findings not joined yet). */
export function explainSource(source: SourceFile, options: ExplainOptions): ExplainedPod[] {
  const injection = options.injection !== undefined && options.injection.injectors.length > 0
    ? { settings: options.injection, namespaces: namespacesIn(source), kubernetesVersion: options.kubernetesVersion }
    : undefined;
  const pods: ExplainedPod[] = [];
  for (const object of source.objects) {
    const own: Omit<ExplainedPod, 'admitted'>[] = [];
    let admitted = object.value;
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      const injected = injection === undefined ? undefined : injectPod(source, object, location, injection);
      const plans = injected?.plans ?? [];
      const spec = injected?.effective.spec ?? location.spec;
      const metadata = location.templateMetadataPath === undefined ? object.value.metadata : location.templateMetadata;
      const annotations = { ...stringMap(isRecord(metadata) ? metadata.annotations : undefined), ...plans.reduce<Record<string, string>>((all, plan) => ({ ...all, ...plan.annotations }), {}) };
      admitted = admitPod(admitted, object, location, spec, plans);
      own.push({
        filePath: source.filePath,
        documentIndex: object.documentIndex,
        // A document's own object: its first line, cheaply; a List's item: where yaml's nodes put it.
        line: object.pathPrefix.length === 0 ? source.documentLine(object.documentIndex) : source.resolve(object.documentIndex, object.pathPrefix).region.start.line,
        object: object.ref,
        podPath: location.path,
        pathPrefix: object.pathPrefix,
        workload: location.workload,
        spec,
        containers: injected?.effective.containers ?? containersOf(location.spec, location.path, location.layout),
        injections: plans,
        annotations,
        findings: [],
      });
    }
    // One object as admission leaves it, shared by its pod specs.
    for (const pod of own) pods.push({ ...pod, admitted });
  }
  return pods;
}

function refKey(ref: ObjectRef): string {
  return JSON.stringify([ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name]);
}

function startsWith(path: Path | undefined, prefix: Path): boolean {
  return path !== undefined && prefix.every((segment, index) => path[index] === segment);
}

/**
 * The pods with the run's findings about them: same object (and file and document, for a plain
 * file), and, when the object holds several pod specs, the one whose path the finding lies under.
 * Keyed by object, so a run of thousands of pods and findings joins in linear time.
 */
export function joinFindings(pods: readonly ExplainedPod[], results: readonly FileResult[]): ExplainedPod[] {
  const byObject = new Map<string, Finding[]>();
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.object === undefined) continue;
      const key = refKey(finding.object);
      const list = byObject.get(key);
      if (list === undefined) byObject.set(key, [finding]);
      else list.push(finding);
    }
  }
  const siblingsOf = new Map<string, ExplainedPod[]>();
  const placeKey = (pod: ExplainedPod) => JSON.stringify([pod.filePath, pod.documentIndex, refKey(pod.object)]);
  for (const pod of pods) {
    const key = placeKey(pod);
    const list = siblingsOf.get(key);
    if (list === undefined) siblingsOf.set(key, [pod]);
    else list.push(pod);
  }
  return pods.map((pod) => {
    const siblings = siblingsOf.get(placeKey(pod)) ?? [pod];
    const mine = (byObject.get(refKey(pod.object)) ?? []).filter((finding) => {
      // A finding in a plain file names that file and document; a rendered one names the template it was mapped to.
      if (finding.rendered === undefined && (finding.filePath !== pod.filePath || finding.documentIndex !== pod.documentIndex)) return false;
      if (siblings.length <= 1) return true;
      const under = siblings.find((other) => startsWith(finding.path, [...other.pathPrefix, ...other.podPath]));
      return under === undefined ? siblings[0] === pod : under === pod;
    });
    return { ...pod, findings: mine };
  });
}
