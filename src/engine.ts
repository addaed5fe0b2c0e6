/**
 * The rule engine: runs the configured rules over every pod spec of a loaded file and turns their
 * reports (paths + message ids) into findings with positions. Knows nothing of files or output.
 */
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { containersOf } from './containers.js';
import type { ContainerInfo } from './containers.js';
import { interpolate } from './rule.js';
import type { ConfiguredRule, Pod, PodOwner, Report, VolumeInfo } from './rule.js';
import type { LoadedObject, SourceFile } from './source.js';
import { isSuppressed } from './suppress.js';
import type { KubeVersion } from './version.js';
import { podSpecsOf } from './workloads.js';
import type { PodSpecLocation } from './workloads.js';
import type { Finding, ObjectRef, Path } from './types.js';

export interface EngineOptions {
  readonly rules: readonly ConfiguredRule[];
  readonly kubernetesVersion: KubeVersion;
}

/** Findings that say a rule itself failed; the CLI exits 2 when it sees one. */
export const INTERNAL_ERROR = 'internal-error';

export function lintSource(source: SourceFile, options: EngineOptions): Finding[] {
  const findings: Finding[] = [...source.problems];
  for (const object of source.objects) {
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      lintPod(source, object, location, options, findings);
    }
  }
  return sortFindings(findings);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.region.start.line - b.region.start.line ||
      a.region.start.column - b.region.start.column ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.message, b.message),
  );
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
  }
  return out;
}

function volumesOf(spec: Record<string, unknown>, specPath: Path): Map<string, VolumeInfo> {
  const volumes = new Map<string, VolumeInfo>();
  const entries = Array.isArray(spec.volumes) ? spec.volumes : [];
  entries.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) return;
    const volume = entry as IVolume;
    if (typeof volume.name !== 'string' || volumes.has(volume.name)) return;
    volumes.set(volume.name, { volume, name: volume.name, index, path: [...specPath, 'volumes', index] });
  });
  return volumes;
}

function objectLabel(ref: ObjectRef): string {
  const name = ref.name === '' ? '(unnamed)' : ref.name;
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${name}` : `${ref.kind}/${name}`;
}

function buildPod(source: SourceFile, object: LoadedObject, location: PodSpecLocation): Pod {
  const metadata = (object.value.metadata ?? {}) as Record<string, unknown>;
  const owner: PodOwner = {
    ...object.ref,
    annotations: stringMap(metadata.annotations),
    labels: stringMap(metadata.labels),
  };
  const restartPolicy = typeof location.spec.restartPolicy === 'string' ? location.spec.restartPolicy : 'Always';
  const podAnnotations =
    location.workload === 'pod' ? owner.annotations : stringMap(location.templateMetadata?.annotations);
  return {
    spec: location.spec as unknown as IPodSpec,
    path: location.path,
    owner,
    workload: location.workload,
    podAnnotations,
    containers: containersOf(location.spec, location.path),
    volumes: volumesOf(location.spec, location.path),
    restartPolicy,
    file: source.filePath,
    documentIndex: object.documentIndex,
    locate: (path) => source.resolve(object.documentIndex, [...object.pathPrefix, ...path]).region.start,
  };
}

function lintPod(source: SourceFile, object: LoadedObject, location: PodSpecLocation, options: EngineOptions, findings: Finding[]): void {
  const pod = buildPod(source, object, location);
  const label = objectLabel(object.ref);
  for (const configured of options.rules) {
    const { rule } = configured;
    const toFinding = (report: Report): Finding | undefined => {
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new TypeError(`rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
      if (isSuppressed(rule.meta.id, pod, report.container)) return undefined;
      const { region, exact } = source.resolve(object.documentIndex, [...object.pathPrefix, ...report.path]);
      return {
        ruleId: rule.meta.id,
        severity: configured.severity,
        message: `${label}: ${interpolate(template, report.data)}`,
        filePath: source.filePath,
        region,
        documentIndex: object.documentIndex,
        path: [...object.pathPrefix, ...report.path],
        exact,
        object: object.ref,
        ...(report.container ? { container: report.container.name } : {}),
      };
    };
    const produced: Finding[] = [];
    try {
      rule.check(pod, {
        options: configured.options,
        kubernetesVersion: options.kubernetesVersion,
        report(report) {
          const finding = toFinding(report);
          if (finding) produced.push(finding);
        },
      });
      findings.push(...produced);
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      const { region } = source.resolve(object.documentIndex, [...object.pathPrefix, ...location.path]);
      findings.push({
        ruleId: INTERNAL_ERROR,
        severity: 'error',
        message: `${label}: rule ${rule.meta.id} failed on this pod spec (${reason}); its findings here are missing. Please report this.`,
        filePath: source.filePath,
        region,
        documentIndex: object.documentIndex,
        object: object.ref,
      });
    }
  }
}

export type { ContainerInfo };
