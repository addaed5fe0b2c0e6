/**
 * The words every injector module shares: which injector, at which version, with which mesh-wide
 * settings (a profile), what a webhook reads from a pod (its input), and what it adds (its plan).
 * Plain serialisable values, so that worker threads get the settings too.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { KubeVersion } from '../kube-version.js';

export type InjectorName = 'istio' | 'linkerd' | 'vault' | 'dapr' | 'opentelemetry' | 'appmesh';
export const INJECTOR_NAMES: readonly InjectorName[] = ['istio', 'linkerd', 'vault', 'dapr', 'opentelemetry', 'appmesh'];

/** `auto`: the injector's default for its version and the Kubernetes version; `true` / `false`: set mesh-wide. */
export type NativeSetting = 'auto' | boolean;

/** One enabled injector, as the config or `--injector name@version` gives it. */
export interface InjectorProfile {
  readonly name: InjectorName;
  /** The injector's release (`1.27`, `2.19`, `1.7.6`); absent: the module's current release. */
  readonly version?: string;
  /** Its mesh-wide native-sidecar setting (Istio `ENABLE_NATIVE_SIDECARS`, Linkerd and Dapr `nativeSidecar`). */
  readonly nativeSidecars: NativeSetting;
  /** Istio CNI / Linkerd CNI: the pod's traffic is redirected before any init container runs. */
  readonly cni?: boolean;
  /** App Mesh: the controller runs with X-Ray tracing and adds `xray-daemon`. */
  readonly xray?: boolean;
  /** The MutatingWebhookConfiguration's name when the install renamed it: the API server calls webhooks by name. */
  readonly webhook?: string;
}

export interface NamespaceMeta {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** What the engine needs to model injection. */
export interface InjectionSettings {
  readonly injectors: readonly InjectorProfile[];
  /** Labels (and annotations) of namespaces that are not among the linted files, by name. */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `Namespace` objects found in the other linted files of the run, by name (engine/injection.ts). */
  readonly namespaceObjects?: Readonly<Record<string, NamespaceMeta & { readonly file: string }>>;
}

/** Where the injection was asked for. */
export interface Trigger {
  readonly on: 'pod' | 'namespace';
  readonly field: 'labels' | 'annotations';
  readonly key: string;
  readonly value: string;
  /** The namespace whose label triggers it. */
  readonly namespace?: string;
  /** Namespace labels from the config (`namespaces:`), not from a `Namespace` object. */
  readonly fromConfig?: boolean;
  /** The other linted file whose `Namespace` object carries the label. */
  readonly file?: string;
}

/** The mark on a synthesized container (and on findings about it): who injects it and why. */
export interface InjectedBy {
  readonly injector: InjectorName;
  /** `Istio 1.27`, `Vault Agent Injector 1.7`. */
  readonly label: string;
  readonly version?: string;
  readonly trigger: Trigger;
  /** Why, for messages: `namespace payments has istio-injection=enabled`. */
  readonly because: string;
  /** The injected proxy or agent runs as a native sidecar. */
  readonly native: boolean;
  /** Istio CNI / Linkerd CNI redirect the pod's traffic before any init container runs. */
  readonly cni?: boolean;
}

export type InjectedRole = 'proxy' | 'proxy-init' | 'agent' | 'agent-init' | 'collector' | 'instrumentation';

/** One container an injector adds, and where: first or last in its list, as the list stands when its webhook runs. */
export interface InjectedContainer {
  readonly container: IContainer;
  readonly list: 'initContainers' | 'containers';
  /** Several `first` containers of one plan keep their order at the front of the list. */
  readonly at: 'first' | 'last';
  readonly role: InjectedRole;
  /** Why it needs the network, when it visibly does not run a network tool (vault-agent-init logs in to Vault). */
  readonly needsNetwork?: string;
  /** This container redirects the pod's traffic to the proxy once it has run (istio-init, linkerd-init, proxyinit). */
  readonly redirects?: true;
}

/** Volume mounts and environment an injector adds to containers already in the pod (the app's). */
export interface ContainerAddition {
  /** Names of the containers (either list) it goes into. */
  readonly containers: readonly string[];
  readonly volumeMounts?: readonly IVolumeMount[];
  /** Added only where the container does not set the name already. */
  readonly env?: readonly IEnvVar[];
}

/** A port the injected proxy or agent listens on or redirects to: an app must not use it. */
export interface OwnedPort {
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
  /** `Envoy admin`, `inbound capture`. */
  readonly what: string;
}

/** One injector's additions to one pod spec. */
export interface InjectionPlan {
  readonly by: InjectedBy;
  readonly containers: readonly InjectedContainer[];
  readonly volumes: readonly IVolume[];
  readonly additions?: readonly ContainerAddition[];
  /** Pod spec fields it sets when the pod does not (`shareProcessNamespace`, `securityContext.fsGroup`). */
  readonly podFields?: Readonly<Record<string, unknown>>;
  /** Labels and annotations it adds to the pod (status markers), for `explain`. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownedPorts: readonly OwnedPort[];
  /** The uid the proxy runs as, whose traffic iptables lets through unredirected. */
  readonly proxyUid?: number;
}

/** What a webhook reads from one pod spec (as earlier webhooks have left it). */
export interface InjectionInput {
  readonly spec: Record<string, unknown>;
  /** Labels and annotations of the pod template (or of the Pod). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The object's namespace (`default` when it names none). */
  readonly namespace: string;
  /** That namespace's labels and annotations, when known, and whether they come from the config. */
  readonly namespaceMeta?: NamespaceMeta & { readonly fromConfig: boolean; readonly file?: string };
  readonly kubernetesVersion: KubeVersion;
  /** The object is a Pod (its own labels and name), not a template a controller copies. */
  readonly isPod?: boolean;
  /** The Pod's name (bare Pods only: a controller's pods get theirs after admission). */
  readonly podName?: string;
}

/** A version of an injector: `1.27`, `2.19.3`, `0.158`. */
export interface InjectorVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseInjectorVersion(text: string): InjectorVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][\w.-]*)?$/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) } : undefined;
}

/** True when `version` is `major.minor.patch` or later. */
export function atLeastInjector(version: InjectorVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (version === undefined) return false;
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** An annotation to set on the pod template. */
export interface AnnotationChange {
  readonly key: string;
  readonly value: string;
}

/** How to let a Job complete with what an injector adds, in its own terms, and the annotation that does it. */
export interface JobRemedy {
  readonly text: string;
  readonly annotation?: AnnotationChange;
}

/** One injector's facts and behaviour: a module of its own under src/model/injectors/. */
export interface InjectorModule {
  readonly name: InjectorName;
  /** `Istio`, `Vault Agent Injector`. */
  readonly product: string;
  /** The current release the module's facts were checked against: the version a profile without one gets. */
  readonly defaultVersion: string;
  /** Its MutatingWebhookConfiguration as the vendor's install names it, and whether the API server calls it again. */
  readonly webhook: { readonly name: string; readonly reinvocation: 'Never' | 'IfNeeded' };
  /** What its webhook adds to this pod, as earlier webhooks have left it; undefined when it adds nothing. */
  plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined;
  /** The pod annotation that makes it inject its long-running container as a native sidecar, for its version and Kubernetes'. */
  nativeAnnotation(by: InjectedBy, kube: KubeVersion): AnnotationChange | undefined;
  /** How a Job completes with the long-running container it added (`container`), in its own terms. */
  jobRemedy(by: InjectedBy, kube: KubeVersion, container: string): JobRemedy;
}

/** The remedy a native-sidecar annotation gives a Job: the annotation, and what else stops `what`. */
export function nativeJobRemedy(native: AnnotationChange, label: string, what: string, otherwise: string): JobRemedy {
  return {
    text: `Fix: add the annotation ${native.key}: "${native.value}" to the pod template, and ${label} injects ${what} as a native sidecar, which Kubernetes stops when the Job's containers have finished; or ${otherwise}.`,
    annotation: native,
  };
}
