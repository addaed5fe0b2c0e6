/**
 * The rule contract. A rule is metadata plus one pure function over a typed pod spec; it reports
 * field paths and message ids, never positions, never output, never process exits.
 */
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { ContainerInfo } from '../model/containers.js';
import type { FixOperation } from '../types.js';
import type { KubeVersion } from '../model/kube-version.js';
import type { WorkloadClass } from '../load/workloads.js';
import type { InjectedBy, InjectionPlan } from '../model/injectors/index.js';
import type { NotApplied } from '../model/not-applied.js';
import type { ObjectRef, Path, Position, Severity, SeveritySetting } from '../types.js';

export type JsonSchema = Record<string, unknown>;

export interface RuleMeta {
  /** Kebab-case id; part of the public interface (config, suppressions, SARIF). */
  readonly id: string;
  /** One line, imperative, no trailing period. */
  readonly description: string;
  /** Severity in the `recommended` preset (the default). */
  readonly severity: SeveritySetting;
  /** Severity in the `strict` preset, when it differs from `severity` (e.g. off by default, warning in strict). */
  readonly strictSeverity?: SeveritySetting;
  /**
   * Path of the rule's Markdown page, relative to the package root (built-in rules), or an absolute
   * URL (plugin rules: their own link; policies: the `docs` they give, else the config file's URL).
   */
  readonly docs: string;
  /** Message templates; `{{name}}` placeholders are filled from the report's `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** JSON Schema of the options object; absent when the rule takes none. */
  readonly schema?: JsonSchema;
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** True when the verdict depends on the target Kubernetes version. */
  readonly versionAware?: boolean;
  /** Classification for SARIF and docs: `kubernetes`, `sidecar`, `reliability`, `correctness`… */
  readonly tags?: readonly string[];
  /**
   * How often a finding is right, for SARIF consumers (`very-high` | `high` | `medium` | `low`).
   * Default: `very-high` for `correctness` rules (what the API server enforces), `high` otherwise.
   */
  readonly precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** True when some reports carry a `fix` (applied by `--fix`). */
  readonly fixable?: true;
  /** Set by the plugin loader on rules that come from a plugin: the plugin's name. */
  readonly plugin?: string;
  /**
   * True when the rule reports about containers an injector profile synthesizes (reported at the
   * trigger). Findings other rules report inside a synthesized container or volume are dropped:
   * nobody can edit what the injector adds.
   */
  readonly seesInjected?: true;
}

/** The owning object, as rules see it. */
export interface PodOwner extends ObjectRef {
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface VolumeInfo {
  readonly volume: IVolume;
  readonly name: string;
  readonly index: number;
  readonly path: Path;
}

/**
 * One pod spec, typed, with everything a rule needs to judge it. Deeply frozen (`freeze.ts`), as
 * are the context and its options: a rule that writes to any of it throws, which is reported as
 * that rule's `internal-error`, and cannot change what the next rule sees.
 */
export interface Pod {
  readonly spec: IPodSpec;
  /** Path of the pod spec from the object root: `['spec', 'template', 'spec']`. */
  readonly path: Path;
  readonly owner: PodOwner;
  readonly workload: WorkloadClass;
  /** The whole object the pod spec belongs to, as parsed (read only). */
  readonly object: Readonly<Record<string, unknown>>;
  /** Annotations of the pod template (or of the Pod itself). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Labels of the pod template (or of the Pod itself). */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * Set when the object is not a manifest to apply as written: it has a status block (`observed`)
   * or no container has an image (`fragment`). Error rules ask `mayClaim` (`model/not-applied.ts`)
   * before they say the API server rejects the pod (docs/precision.md).
   */
  readonly notApplied?: NotApplied;
  /**
   * Containers in start order: init (regular and native sidecars), app, ephemeral — with those the
   * enabled injector profiles add at admission (`ContainerInfo.injected`; docs/injectors.md).
   */
  readonly containers: readonly ContainerInfo[];
  /** What each enabled injector profile adds to this pod (empty without profiles or triggers). */
  readonly injections: readonly InjectionPlan[];
  /** Path of the pod template's metadata from the object root (`['metadata']` for a Pod): where trigger annotations go. */
  readonly metadataPath: Path;
  /** Declared volumes by name (first declaration wins). */
  readonly volumes: ReadonlyMap<string, VolumeInfo>;
  /** Volumes the controller adds from `spec.volumeClaimTemplates` (StatefulSet), by name. */
  readonly volumeClaimTemplates: ReadonlySet<string>;
  /** `spec.restartPolicy`, defaulted to `Always` as the API server does. */
  readonly restartPolicy: string;
  readonly file: string;
  readonly documentIndex: number;
  /** Line and column (1-based) of a field path from the object root; the closest ancestor when missing. */
  locate(path: Path): Position;
}

export interface Report {
  /** Field path from the object root. */
  readonly path: Path;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The container the finding is about (for suppressions and output). */
  readonly container?: ContainerInfo;
  /** A declarative fix (paths from the object root); only rules with `meta.fixable` may attach one. */
  readonly fix?: FixOperation;
  /** Other fields that explain the finding (paths from the object root), each with what it is. */
  readonly related?: readonly { readonly path: Path; readonly message: string }[];
  /**
   * The injection the finding is about when `container` is not an injected one (an app port that
   * collides with the injected proxy's): the message names it. A report about an injected container
   * (its `container` or its path) is placed at that container's trigger.
   */
  readonly injectedBy?: InjectedBy;
  /**
   * The placeholder the finding is about, when the value it rejects is one (`model/placeholders.ts`):
   * the engine reports each placeholder once per file, whichever rules meet it.
   */
  readonly placeholder?: string;
}

export interface RuleContext<Options = Readonly<Record<string, unknown>>> {
  readonly options: Options;
  readonly kubernetesVersion: KubeVersion;
  report(report: Report): void;
}

export interface Rule<Options = Readonly<Record<string, unknown>>> {
  readonly meta: RuleMeta;
  check(pod: Pod, context: RuleContext<Options>): void;
}

/** Identity helper that pins a rule's option type. */
export function defineRule<Options = Readonly<Record<string, unknown>>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

export interface ConfiguredRule {
  readonly rule: AnyRule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Fill `{{name}}` placeholders; unknown ones are left as they are. */
export function interpolate(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/**
 * A thrown value as text, whatever it is: an Error's message, a string, or a description of values
 * that cannot be turned into text (`Object.create(null)`, a throwing `toString`, a revoked Proxy).
 * Never throws itself.
 */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error && typeof thrown.message === 'string' && thrown.message !== '') return thrown.message;
  } catch {
    // A Proxy trap or a `message` getter threw: describe it some other way.
  }
  try {
    const text = String(thrown);
    if (text !== '[object Object]') return text;
  } catch {
    // No usable conversion to text: a null-prototype object, a throwing toString or Symbol.toPrimitive.
  }
  return 'an object that is not an Error';
}
