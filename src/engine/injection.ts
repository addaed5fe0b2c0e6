/**
 * The effective pod of a pod spec that an enabled injector profile would inject (docs/injectors.md):
 * the namespace's labels (a `Namespace` object in the same file, else the config's `namespaces:`),
 * the plans of `model/injectors/` merged by `model/effective-pod.ts`, and where a finding about an
 * injected container goes — the label or annotation that triggers the injection.
 */
import type { LoadedObject, SourceFile } from '../load/source.js';
import type { PodSpecLocation } from '../load/workloads.js';
import { effectivePod, synthesizedAt } from '../model/effective-pod.js';
import type { EffectivePod, Synthesized } from '../model/effective-pod.js';
import { planInjections } from '../model/injectors/index.js';
import type { InjectedBy, InjectionPlan, InjectionSettings } from '../model/injectors/index.js';
import type { KubeVersion } from '../model/kube-version.js';
import { isRecord, stringMap } from '../load/values.js';
import type { InjectedFinding, Path, Region } from '../types.js';
import type { InputFile } from '../load/inputs.js';
import { readInput } from '../load/read-input.js';
import { decode } from '../load/decode.js';
import { loadSource } from '../load/source.js';

/** A `Namespace` object of the linted file. */
export interface NamespaceObject {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly object: LoadedObject;
}

/** The `Namespace` objects of a file, by name (the first of a name wins). */
export function namespacesIn(source: SourceFile): ReadonlyMap<string, NamespaceObject> {
  const found = new Map<string, NamespaceObject>();
  for (const object of source.objects) {
    if (object.ref.kind !== 'Namespace' || found.has(object.ref.name)) continue;
    const metadata = isRecord(object.value.metadata) ? object.value.metadata : {};
    found.set(object.ref.name, { labels: stringMap(metadata.labels), annotations: stringMap(metadata.annotations), object });
  }
  return found;
}

export interface PodInjection {
  readonly plans: readonly InjectionPlan[];
  readonly effective: EffectivePod;
  /** Path of the pod template's metadata from the object root. */
  readonly metadataPath: Path;
  /** Where a finding about what `by` injects is reported, and its path from the document root. */
  place(by: InjectedBy): { readonly region: Region; readonly path: Path };
  /** The synthesized container or volume a path (from the object root) points into. */
  synthesizedAt(path: Path): Synthesized | undefined;
}

export interface InjectionContext {
  readonly settings: InjectionSettings;
  readonly namespaces: ReadonlyMap<string, NamespaceObject>;
  readonly kubernetesVersion: KubeVersion;
}

/** The injections of one pod spec, or undefined when no enabled profile injects it. */
export function injectPod(source: SourceFile, object: LoadedObject, location: PodSpecLocation, context: InjectionContext): PodInjection | undefined {
  // A spec assembled from parts of the object (an Argo template) is left as it is.
  if (location.layout !== undefined || context.settings.injectors.length === 0) return undefined;
  const metadata = isRecord(object.value.metadata) ? object.value.metadata : {};
  const isPod = location.templateMetadataPath === undefined;
  const podMeta = isPod ? metadata : (location.templateMetadata ?? {});
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
  // The namespace's labels: its Namespace object in this file, else in another linted file, else the config's.
  const inFile = context.namespaces.get(namespace);
  const objects = context.settings.namespaceObjects;
  const elsewhere = objects !== undefined && Object.hasOwn(objects, namespace) ? objects[namespace] : undefined;
  const configured = Object.hasOwn(context.settings.namespaces, namespace) ? context.settings.namespaces[namespace] : undefined;
  const namespaceMeta = inFile !== undefined
    ? { labels: inFile.labels, annotations: inFile.annotations, fromConfig: false }
    : elsewhere !== undefined
      ? { labels: elsewhere.labels, annotations: elsewhere.annotations, fromConfig: false, file: elsewhere.file }
      : configured !== undefined
        ? { labels: configured, annotations: configured, fromConfig: true }
        : undefined;
  const plans = planInjections(context.settings.injectors, {
    spec: location.spec,
    labels: stringMap(podMeta.labels),
    annotations: stringMap(podMeta.annotations),
    namespace,
    ...(namespaceMeta !== undefined ? { namespaceMeta } : {}),
    kubernetesVersion: context.kubernetesVersion,
    isPod,
    ...(isPod && typeof metadata.name === 'string' && metadata.name !== '' ? { podName: metadata.name } : {}),
  });
  if (plans.length === 0) return undefined;
  const effective = effectivePod(location.spec, location.path, plans);
  const metadataPath = location.templateMetadataPath ?? ['metadata'];
  const prefix = object.pathPrefix;
  return {
    plans,
    effective,
    metadataPath,
    place(by) {
      const { trigger } = by;
      if (trigger.on === 'pod') {
        const path = [...prefix, ...metadataPath, trigger.field, trigger.key];
        return { region: source.resolve(object.documentIndex, path).region, path };
      }
      if (inFile !== undefined && !trigger.fromConfig && trigger.file === undefined) {
        const at = inFile.object;
        const region = source.resolve(at.documentIndex, [...at.pathPrefix, 'metadata', trigger.field, trigger.key]).region;
        return { region, path: [...prefix, 'metadata', 'namespace'] };
      }
      // Labels from the config or another file: the object's namespace field (or its metadata when it names none).
      const path = [...prefix, 'metadata', 'namespace'];
      return { region: source.resolve(object.documentIndex, path).region, path };
    },
    synthesizedAt: (path) => synthesizedAt(effective.synthesized, path),
  };
}

/** The finding's `injected` property. */
export function injectedFinding(by: InjectedBy, container: string | undefined): InjectedFinding {
  return { injector: by.injector, label: by.label, because: by.because, ...(container !== undefined ? { container } : {}) };
}

/** The words a message ends with: `[“istio-proxy” injected by Istio 1.27 (namespace payments has istio-injection=enabled)]`. */
export function injectedSuffix(by: InjectedBy, container: string | undefined): string {
  return ` [${container !== undefined ? `"${container}" ` : ''}injected by ${by.label} (${by.because})]`;
}

/**
 * A file that may hold a Namespace: only such files are parsed by the pass below. The word alone,
 * so that JSON (`"kind": "Namespace"`) and flow mappings (`{kind: Namespace, …}`) count too.
 */
const NAMESPACE_KIND = /\bNamespace\b/;

/**
 * The settings with the `Namespace` objects of every linted file (`namespaceObjects`), so that a
 * workload in one file sees the labels of its namespace declared in another. One pass over the
 * files before linting, only with injector profiles (without any, the settings come back as they are);
 * files that never name a Namespace are not parsed.
 */
export async function withNamespaceObjects<Settings extends InjectionSettings | undefined>(
  settings: Settings,
  files: readonly InputFile[],
  stdin: NodeJS.ReadableStream,
  maxFileSizeMb: number | undefined,
): Promise<Settings> {
  if (settings === undefined || settings.injectors.length === 0) return settings;
  const found: Record<string, { labels: Readonly<Record<string, string>>; annotations: Readonly<Record<string, string>>; file: string }> = {};
  for (const file of files) {
    if (file.absolutePath === undefined || file.special === true) continue;
    const read = await readInput(file, stdin, maxFileSizeMb);
    if (!('bytes' in read)) continue;
    const decoded = decode(read.bytes);
    if ('problem' in decoded || !NAMESPACE_KIND.test(decoded.text)) continue;
    for (const [name, namespace] of namespacesIn(loadSource(file.displayPath, decoded.text))) {
      if (!Object.hasOwn(found, name)) found[name] = { labels: namespace.labels, annotations: namespace.annotations, file: file.displayPath };
    }
  }
  return Object.keys(found).length === 0 ? settings : { ...settings, namespaceObjects: found };
}
