/**
 * The rule engine: runs the configured rules over every pod spec of a loaded file and turns their
 * reports (paths + message ids) into findings with positions. Then drops what the config ignores,
 * what ignore annotations and `# sidecar-lint-disable…` comments suppress, and on request reports
 * the suppressions that hid nothing. Rules know nothing of any of it. Knows nothing of files or output.
 */
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { containersOf } from '../model/containers.js';
import { notAppliedOf } from '../model/not-applied.js';
import { isTestAssert, testFileOf } from '../load/test-files.js';
import type { ContainerInfo } from '../model/containers.js';
import { deepFreeze, ReadOnlyMap, ReadOnlySet } from './freeze.js';
import { describeThrown, interpolate } from './rule.js';
import type { ConfiguredRule, Pod, PodOwner, Report, VolumeInfo } from './rule.js';
import type { LoadedObject, SourceFile } from '../load/source.js';
import { annotationSuppressions, SuppressionTracker, UNUSED_SUPPRESSION } from './suppress.js';
import type { AnnotationSuppression } from './suppress.js';
import type { KubeVersion } from '../model/kube-version.js';
import { podSpecsOf } from '../load/workloads.js';
import { stringMap } from '../load/values.js';
import { collapsePlaceholders } from './collapse.js';
import { podGroups } from './group-pods.js';
import type { PodSpecLocation } from '../load/workloads.js';
import type { Finding, FixOperation, ObjectRef, Path } from '../types.js';
import { injectedFinding, injectedSuffix, injectPod, namespacesIn } from './injection.js';
import type { InjectionContext, PodInjection } from './injection.js';
import type { InjectionSettings } from '../model/injectors/index.js';

export interface EngineOptions {
  readonly rules: readonly ConfiguredRule[];
  readonly kubernetesVersion: KubeVersion;
  /**
   * Ids of rules whose failure was already reported in this run: a rule that throws is reported
   * once per run, not once per pod spec. `lintPaths` shares one set across all files.
   */
  readonly failedRules?: Set<string>;
  /** Findings to drop before any suppression is considered (config `ignore:` entries). */
  readonly ignored?: (finding: Finding) => boolean;
  /** Add an `unused-suppression` warning for every suppression entry that hid nothing. */
  readonly reportUnusedSuppressions?: boolean;
  /**
   * Told before each rule's check (`pod`: ordinal of the pod spec in the file, `rule`: index in
   * `rules`) and after it (`rule` -1): what the watchdog of `isolated.ts` watches.
   */
  readonly onCheck?: (pod: number, rule: number) => void;
  /** Rules stopped for running too long in this run (`isolated.ts`): skipped, and reported where they stopped. */
  readonly timedOut?: readonly TimedOutRule[];
  /** Injector profiles and namespace labels: lint each pod as it will run, with what they inject (docs/injectors.md). */
  readonly injection?: InjectionSettings;
}

/** A rule the watchdog stopped: on which file and pod spec (ordinal), after how many seconds. */
export interface TimedOutRule {
  readonly ruleId: string;
  readonly filePath: string;
  readonly pod: number;
  readonly seconds: number;
}

/** A finding before comment directives are applied; `suppressed` when an annotation hid it. */
interface Candidate {
  readonly finding: Finding;
  readonly suppressed: boolean;
  /** The placeholder the finding is about (`Report.placeholder`): repeats are folded into one (`collapse.ts`). */
  readonly placeholder?: string;
}

/** Findings that say a rule itself failed; the CLI exits 2 when it sees one. */
export const INTERNAL_ERROR = 'internal-error';

export function lintSource(source: SourceFile, options: EngineOptions): Finding[] {
  const keep = (finding: Finding): boolean => !options.ignored?.(finding);
  const tracker = new SuppressionTracker();
  const candidates: Candidate[] = source.problems.filter(keep).map((finding) => ({ finding, suppressed: false }));
  let pods = 0;
  const groups = podGroups(source.objects);
  const injection: InjectionContext | undefined =
    options.injection !== undefined && options.injection.injectors.length > 0
      ? { settings: options.injection, namespaces: namespacesIn(source), kubernetesVersion: options.kubernetesVersion }
      : undefined;
  // A test framework's assert or errors file describes what a cluster holds: it creates nothing to lint.
  const expectation = isExpectationFile(source);
  for (const object of expectation ? [] : source.objects) {
    // A replica of a pod already linted (same controller, same containers): its findings are the first one's.
    const group = groups.get(object);
    if (group !== undefined && group.first !== object) continue;
    const owner = annotationSuppressions(
      stringMap(((object.value.metadata ?? {}) as Record<string, unknown>).annotations),
      [...object.pathPrefix, 'metadata'],
      object.documentIndex,
      object.ref,
    );
    tracker.addAnnotations(owner);
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      const template =
        location.templateMetadataPath === undefined
          ? []
          : annotationSuppressions(
              stringMap(location.templateMetadata?.annotations),
              [...object.pathPrefix, ...location.templateMetadataPath],
              object.documentIndex,
              object.ref,
            );
      tracker.addAnnotations(template);
      const injected = injection === undefined ? undefined : injectPod(source, object, location, injection);
      lintPod(source, { object, location, ordinal: pods++, injected }, options, { keep, tracker, suppressions: [...owner, ...template] }, candidates);
    }
  }
  const findings: Finding[] = [];
  const placeholders = new Map<Finding, string>();
  const shared = new Map([...groups.values()].map((group) => [group.first.ref, group] as const));
  for (const candidate of candidates) {
    const byComment = tracker.matchDirectives(candidate.finding, source.directives);
    if (candidate.suppressed || byComment) continue;
    const group = candidate.finding.object ? shared.get(candidate.finding.object) : undefined;
    const others = group ? group.size - 1 : 0;
    const finding = group
      ? { ...candidate.finding, message: `${candidate.finding.message} (${others} more pod${others === 1 ? '' : 's'} of ${group.owner} share${others === 1 ? 's' : ''} this spec; reported once.)` }
      : candidate.finding;
    findings.push(finding);
    if (candidate.placeholder !== undefined) placeholders.set(finding, candidate.placeholder);
  }
  if (options.reportUnusedSuppressions) findings.push(...unusedFindings(source, tracker).filter(keep));
  return collapsePlaceholders(sortFindings(findings), placeholders);
}

/** A KUTTL or Chainsaw assert or errors file, by its name or by a KUTTL TestAssert in it (`load/test-files.ts`). */
function isExpectationFile(source: SourceFile): boolean {
  return testFileOf(source.filePath) !== undefined || source.objects.some((object) => isTestAssert(object.ref.apiVersion, object.ref.kind));
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unusedFindings(source: SourceFile, tracker: SuppressionTracker): Finding[] {
  return tracker.unused(source.directives).map((unused): Finding => {
    const { annotation } = unused;
    const region = unused.region ?? source.resolve(unused.documentIndex, unused.path ?? []).region;
    return {
      ruleId: UNUSED_SUPPRESSION,
      severity: 'warning',
      message: annotation ? `${objectLabel(annotation.object)}: ${unused.message}` : unused.message,
      filePath: source.filePath,
      region,
      documentIndex: unused.documentIndex,
      ...(unused.path ? { path: unused.path } : {}),
      ...(annotation ? { object: annotation.object } : {}),
      ...(annotation?.container !== undefined ? { container: annotation.container } : {}),
    };
  });
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

function volumesOf(spec: Record<string, unknown>, specPath: Path, paths?: readonly Path[]): ReadOnlyMap<string, VolumeInfo> {
  const volumes = new Map<string, VolumeInfo>();
  const entries = Array.isArray(spec.volumes) ? spec.volumes : [];
  entries.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) return;
    const volume = entry as IVolume;
    if (typeof volume.name !== 'string' || volumes.has(volume.name)) return;
    volumes.set(volume.name, { volume, name: volume.name, index, path: paths?.[index] ?? [...specPath, 'volumes', index] });
  });
  return new ReadOnlyMap(volumes);
}

/** `Kind/namespace/name` (or `Kind/name`): how messages and pictures name an object. */
export function objectLabel(ref: ObjectRef): string {
  const name = ref.name === '' ? '(unnamed)' : ref.name;
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${name}` : `${ref.kind}/${name}`;
}

/** The pod as rules see it: deeply frozen, so that no rule can change what the next one sees. */
function buildPod(source: SourceFile, object: LoadedObject, location: PodSpecLocation, injected: PodInjection | undefined): Pod {
  const metadata = (object.value.metadata ?? {}) as Record<string, unknown>;
  const owner: PodOwner = {
    ...object.ref,
    annotations: stringMap(metadata.annotations),
    labels: stringMap(metadata.labels),
  };
  const restartPolicy = typeof location.spec.restartPolicy === 'string' ? location.spec.restartPolicy : 'Always';
  const podAnnotations =
    location.workload === 'pod' ? owner.annotations : stringMap(location.templateMetadata?.annotations);
  const podLabels = location.workload === 'pod' ? owner.labels : stringMap(location.templateMetadata?.labels);
  const spec = injected?.effective.spec ?? location.spec;
  const written = containersOf(location.spec, location.path, location.layout);
  const notApplied = notAppliedOf(object.value, location.spec, written);
  return deepFreeze<Pod>({
    spec: spec as unknown as IPodSpec,
    path: location.path,
    object: object.value,
    owner,
    workload: location.workload,
    podAnnotations,
    podLabels,
    ...(notApplied !== undefined ? { notApplied } : {}),
    containers: injected?.effective.containers ?? written,
    injections: injected?.plans ?? [],
    metadataPath: location.templateMetadataPath ?? ['metadata'],
    volumes: volumesOf(spec, location.path, location.layout?.volumes),
    volumeClaimTemplates: new ReadOnlySet(location.volumeClaimTemplates),
    restartPolicy,
    file: source.filePath,
    documentIndex: object.documentIndex,
    locate: (path) => source.resolve(object.documentIndex, [...object.pathPrefix, ...path]).region.start,
  });
}

interface PodSuppression {
  readonly keep: (finding: Finding) => boolean;
  readonly tracker: SuppressionTracker;
  readonly suppressions: readonly AnnotationSuppression[];
}

/** One pod spec of a file: its object, where it sits, and its ordinal in the file. */
interface PodSite {
  readonly object: LoadedObject;
  readonly location: PodSpecLocation;
  readonly ordinal: number;
  /** What the enabled injector profiles add to this pod spec. */
  readonly injected: PodInjection | undefined;
}

function lintPod(source: SourceFile, site: PodSite, options: EngineOptions, suppression: PodSuppression, candidates: Candidate[]): void {
  const { object, location } = site;
  const pod = buildPod(source, object, location, site.injected);
  const { injected } = site;
  const label = objectLabel(object.ref);
  const { onCheck } = options;
  for (const [index, configured] of options.rules.entries()) {
    const { rule } = configured;
    const stopped = options.timedOut?.find((entry) => entry.ruleId === rule.meta.id);
    if (stopped !== undefined) {
      if (stopped.filePath === source.filePath && stopped.pod === site.ordinal) {
        const what = `did not finish within ${stopped.seconds} s on this pod spec and was stopped; its findings in this file and the rest of this run are missing.`;
        candidates.push(internalError(source, site, configured, what));
      }
      continue;
    }
    const toFinding = (report: Report): Finding | undefined => {
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new TypeError(`rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
      if (report.fix && !rule.meta.fixable) throw new TypeError(`rule ${rule.meta.id} attached a fix but its meta does not say fixable: true`);
      // What an injector adds is in no file: findings about it go to its trigger, or nowhere.
      const synthesized = injected?.synthesizedAt(report.path);
      if (synthesized !== undefined && !rule.meta.seesInjected) return undefined;
      const about = report.container?.injected ?? synthesized?.by;
      const by = about ?? report.injectedBy;
      const placed = about !== undefined ? injected?.place(about) : undefined;
      const resolved = placed === undefined ? source.resolve(object.documentIndex, [...object.pathPrefix, ...report.path]) : { region: placed.region, exact: true };
      const { region, exact } = resolved;
      const fix = report.fix !== undefined && injected?.synthesizedAt(report.fix.path) === undefined ? report.fix : undefined;
      const injectedName = report.container?.injected ? report.container.name : undefined;
      return {
        ruleId: rule.meta.id,
        severity: configured.severity,
        message: `${label}: ${interpolate(template, report.data)}${by !== undefined ? injectedSuffix(by, injectedName) : ''}`,
        filePath: source.filePath,
        region,
        documentIndex: object.documentIndex,
        path: placed?.path ?? [...object.pathPrefix, ...report.path],
        exact,
        object: object.ref,
        ...(report.container ? { container: report.container.name } : {}),
        ...(fix ? { fix: prefixFix(fix, object.pathPrefix) } : {}),
        ...(by !== undefined ? { injected: injectedFinding(by, injectedName) } : {}),
        ...(report.related ? { related: report.related.map((item) => ({ region: source.resolve(object.documentIndex, [...object.pathPrefix, ...item.path]).region, message: item.message })) } : {}),
      };
    };
    const produced: Candidate[] = [];
    try {
      onCheck?.(site.ordinal, index);
      rule.check(pod, Object.freeze({
        options: deepFreeze(configured.options),
        kubernetesVersion: deepFreeze(options.kubernetesVersion),
        report(report: Report) {
          const finding = toFinding(report);
          if (finding === undefined || !suppression.keep(finding)) return;
          produced.push({
            finding,
            suppressed: suppression.tracker.matchAnnotations(finding, suppression.suppressions),
            ...(report.placeholder !== undefined ? { placeholder: report.placeholder } : {}),
          });
        },
      }));
      candidates.push(...produced);
    } catch (thrown) {
      const failed = options.failedRules;
      if (failed?.has(rule.meta.id)) continue;
      failed?.add(rule.meta.id);
      const scope = failed ? 'here and wherever else it fails in this run' : 'here';
      candidates.push(internalError(source, site, configured, `failed on this pod spec (${describeThrown(thrown)}); its findings ${scope} are missing.`));
    } finally {
      onCheck?.(site.ordinal, -1);
    }
  }
}

/** The `internal-error` finding on a pod spec for a rule that failed there (`what` says how). */
function internalError(source: SourceFile, site: PodSite, configured: ConfiguredRule, what: string): Candidate {
  const { object, location } = site;
  const { meta } = configured.rule;
  const { region } = source.resolve(object.documentIndex, [...object.pathPrefix, ...location.path]);
  const who = meta.plugin === undefined ? `rule ${meta.id}` : `rule ${meta.id} from plugin "${meta.plugin}"`;
  const advice = meta.plugin === undefined ? 'Please report this.' : `Report this to the plugin's authors, or turn the rule off.`;
  return { suppressed: false, finding: {
    ruleId: INTERNAL_ERROR,
    severity: 'error',
    message: `${objectLabel(object.ref)}: ${who} ${what} ${advice}`,
    filePath: source.filePath,
    region,
    documentIndex: object.documentIndex,
    object: object.ref,
  } };
}

export type { ContainerInfo };

/** The same operation with its paths prefixed (object root → document root). */
export function prefixFix(operation: FixOperation, prefix: Path): FixOperation {
  return prefix.length === 0 ? operation : { ...operation, path: [...prefix, ...operation.path] };
}
