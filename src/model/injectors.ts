/**
 * Injector profiles: what the admission webhooks of Istio, Linkerd, the Vault Agent Injector, Dapr,
 * the OpenTelemetry Operator and AWS App Mesh add to a pod when it is created, modelled offline —
 * their trigger (a namespace label, a pod label or annotation, an opt-out), the containers and
 * volumes they add, native or classic by injector and Kubernetes version, the ports and uid the
 * proxy owns, and the annotations that change it. Facts and their sources: docs/injectors.md.
 * Pure functions over plain values; the engine merges the plan into the pod rules see.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { atLeast, hasFeature } from './kube-version.js';
import type { KubeVersion } from './kube-version.js';
import { isRecord } from '../load/values.js';

export type InjectorName = 'istio' | 'linkerd' | 'vault' | 'dapr' | 'opentelemetry' | 'appmesh';
export const INJECTOR_NAMES: readonly InjectorName[] = ['istio', 'linkerd', 'vault', 'dapr', 'opentelemetry', 'appmesh'];

/** `auto`: the injector's default for its version and the Kubernetes version; `true` / `false`: forced mesh-wide. */
export type NativeSetting = 'auto' | boolean;

/** One enabled injector, as the config or `--injector name@version` gives it. */
export interface InjectorProfile {
  readonly name: InjectorName;
  /** `major.minor` of the injector (Istio 1.27, Linkerd 2.19); absent: the default in `DEFAULT_VERSIONS`. */
  readonly version?: string;
  readonly nativeSidecars: NativeSetting;
}

/** What the engine needs to model injection: serialisable, so worker threads get it too. */
export interface InjectionSettings {
  readonly injectors: readonly InjectorProfile[];
  /** Labels (Linkerd: annotations too) of namespaces that are not among the linted files, by name. */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `Namespace` objects found in the other linted files of the run, by name (engine/injection.ts). */
  readonly namespaceObjects?: Readonly<Record<string, NamespaceMeta & { readonly file: string }>>;
}

export interface NamespaceMeta {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The version assumed when a profile gives none (the newest stable release these facts cover). */
export const DEFAULT_VERSIONS: Readonly<Partial<Record<InjectorName, string>>> = { istio: '1.28', linkerd: '2.19' };

export const PRODUCTS: Readonly<Record<InjectorName, string>> = {
  istio: 'Istio',
  linkerd: 'Linkerd',
  vault: 'Vault Agent Injector',
  dapr: 'Dapr',
  opentelemetry: 'OpenTelemetry Operator',
  appmesh: 'AWS App Mesh',
};

/** Where the injection was asked for. `where` is filled in by the engine for namespace triggers. */
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
  /** `Istio 1.27`, `Dapr`. */
  readonly label: string;
  readonly version?: string;
  readonly trigger: Trigger;
  /** Why, for messages: `namespace payments has istio-injection=enabled`. */
  readonly because: string;
  /** The injected proxy or agent runs as a native sidecar. */
  readonly native: boolean;
}

export type InjectedRole = 'proxy' | 'proxy-init' | 'agent' | 'agent-init' | 'collector' | 'instrumentation';

export interface InjectedContainer {
  readonly container: IContainer;
  readonly list: 'initContainers' | 'containers';
  /** `start`: before the pod's own containers of that list; `end`: after them. */
  readonly position: 'start' | 'end';
  readonly role: InjectedRole;
}

/** One injector's additions to one pod spec. */
export interface InjectionPlan {
  readonly by: InjectedBy;
  readonly containers: readonly InjectedContainer[];
  readonly volumes: readonly IVolume[];
  /** Ports the injected proxy listens on or redirects (an app must not use them). */
  readonly ownedPorts: readonly number[];
  /** The uid the proxy runs as, whose traffic iptables lets through unredirected. */
  readonly proxyUid?: number;
}

/** What the profiles read from one pod spec. */
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
  /** The object is a Pod (its own labels), not a template. */
  readonly isPod?: boolean;
}

interface Version {
  readonly major: number;
  readonly minor: number;
}

export function parseInjectorVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][\w.-]*)?$/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

function versionOf(profile: InjectorProfile): Version | undefined {
  const text = profile.version ?? DEFAULT_VERSIONS[profile.name];
  return text === undefined ? undefined : parseInjectorVersion(text);
}

function atLeastInjector(version: Version | undefined, major: number, minor: number): boolean {
  return version !== undefined && (version.major > major || (version.major === major && version.minor >= minor));
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(?:true|enabled|yes|on|1)$/i.test(value.trim());
}

function isFalse(value: string | undefined): boolean {
  return value !== undefined && /^(?:false|disabled|no|off|0)$/i.test(value.trim());
}

function namesOf(spec: Record<string, unknown>): string[] {
  return (['initContainers', 'containers'] as const).flatMap((list) => {
    const entries = spec[list];
    return Array.isArray(entries) ? entries.filter(isRecord).map((entry) => String(entry.name ?? '')) : [];
  });
}

function describeTrigger(trigger: Trigger, podWord: string): string {
  const kind = trigger.field === 'labels' ? 'label' : 'annotation';
  if (trigger.on === 'namespace') {
    return `namespace ${trigger.namespace ?? ''} has ${trigger.key}=${trigger.value}${trigger.fromConfig ? ', from the config\'s namespaces' : trigger.file !== undefined ? `, from its Namespace in ${trigger.file}` : ''}`;
  }
  return `${podWord} has ${kind} ${trigger.key}: "${trigger.value}"`;
}

function byOf(profile: InjectorProfile, trigger: Trigger, native: boolean, input: InjectionInput): InjectedBy {
  const version = profile.version ?? DEFAULT_VERSIONS[profile.name];
  const podWord = input.isPod === true ? 'the pod' : 'the pod template';
  return {
    injector: profile.name,
    label: version === undefined ? PRODUCTS[profile.name] : `${PRODUCTS[profile.name]} ${version}`,
    ...(version !== undefined ? { version } : {}),
    trigger,
    because: describeTrigger(trigger, podWord),
    native,
  };
}

function podTrigger(input: InjectionInput, field: 'labels' | 'annotations', key: string): Trigger | undefined {
  const value = input[field][key];
  return value === undefined ? undefined : { on: 'pod', field, key, value };
}

function namespaceTrigger(input: InjectionInput, field: 'labels' | 'annotations', key: string): Trigger | undefined {
  const meta = input.namespaceMeta;
  const value = meta?.[field][key];
  if (meta === undefined || value === undefined) return undefined;
  return { on: 'namespace', field, key, value, namespace: input.namespace, ...(meta.fromConfig ? { fromConfig: true } : {}), ...(meta.file !== undefined ? { file: meta.file } : {}) };
}

const IMAGES = {
  istio: (version: string) => `docker.io/istio/proxyv2:${version}.0`,
  linkerdProxy: (version: string) => `cr.l5d.io/linkerd/proxy:stable-${version}.0`,
  linkerdInit: 'cr.l5d.io/linkerd/proxy-init:v2.4.1',
  vault: 'hashicorp/vault:1.18',
  dapr: 'ghcr.io/dapr/daprd:1.15',
  otelCollector: 'otel/opentelemetry-collector-contrib:0.111.0',
  appmeshEnvoy: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod',
  appmeshInit: 'public.ecr.aws/appmesh/aws-appmesh-proxy-route-manager:v7-prod',
} as const;

const SMALL_RESOURCES = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } };

/** Istio's proxy ports (istio.io, "Application requirements"). */
export const ISTIO_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];
/** Linkerd's proxy ports: inbound, outbound, admin, control. */
export const LINKERD_PORTS: readonly number[] = [4143, 4140, 4191, 4190];
/** daprd's HTTP and gRPC APIs, internal gRPC and metrics. */
export const DAPR_PORTS: readonly number[] = [3500, 50001, 50002, 9090];
export const ISTIO_UID = 1337;
export const LINKERD_UID = 2102;

/** Istio: native by default from 1.27 on kubelets ≥ 1.33 (istio/istio PR #56428); the pod annotation wins. */
export function istioNative(profile: InjectorProfile, annotations: Readonly<Record<string, string>>, kube: KubeVersion): boolean {
  if (!hasFeature(kube, 'nativeSidecars')) return false;
  const annotation = annotations['sidecar.istio.io/nativeSidecar'];
  if (isTrue(annotation)) return true;
  if (isFalse(annotation)) return false;
  if (profile.nativeSidecars !== 'auto') return profile.nativeSidecars;
  return atLeastInjector(versionOf(profile), 1, 27) && atLeast(kube, 1, 33);
}

/** Linkerd's native-sidecar annotation under the name its version reads (2.15–2.18 alpha, 2.19 beta, 2.20 GA). */
export function linkerdNativeAnnotation(version: string | undefined): string | undefined {
  const parsed = version === undefined ? undefined : parseInjectorVersion(version);
  if (atLeastInjector(parsed, 2, 20)) return 'config.linkerd.io/proxy-enable-native-sidecar';
  if (atLeastInjector(parsed, 2, 19)) return 'config.beta.linkerd.io/proxy-enable-native-sidecar';
  if (atLeastInjector(parsed, 2, 15)) return 'config.alpha.linkerd.io/proxy-enable-native-sidecar';
  return undefined;
}

const LINKERD_NATIVE_KEYS = [
  'config.linkerd.io/proxy-enable-native-sidecar',
  'config.beta.linkerd.io/proxy-enable-native-sidecar',
  'config.alpha.linkerd.io/proxy-enable-native-sidecar',
];

/** Linkerd: native by default from 2.20 (linkerd/linkerd2 PR #15267); the annotation (newest name present) wins. */
export function linkerdNative(profile: InjectorProfile, annotations: Readonly<Record<string, string>>, kube: KubeVersion): boolean {
  if (!hasFeature(kube, 'nativeSidecars')) return false;
  const version = versionOf(profile);
  const key = LINKERD_NATIVE_KEYS.find((name) => annotations[name] !== undefined);
  if (key !== undefined && atLeastInjector(version, 2, 15)) return isTrue(annotations[key]);
  if (profile.nativeSidecars !== 'auto') return profile.nativeSidecars;
  return atLeastInjector(version, 2, 20);
}

/** Istio's `holdApplicationUntilProxyStarts` from `proxy.istio.io/config` (a YAML or JSON map). */
function holdsApplication(annotations: Readonly<Record<string, string>>): boolean {
  const text = annotations['proxy.istio.io/config'];
  return text !== undefined && /holdApplicationUntilProxyStarts["']?\s*:\s*["']?true/.test(text);
}

/**
 * How a mesh proxy starts: native (restartPolicy Always, a startupProbe, and `nativeExtra`), or
 * classic with the blocking postStart hook that holds the app until the proxy is ready, if any.
 */
function startupFields(native: boolean, startupProbe: IProbe, classicHook: string[] | undefined, nativeExtra: Partial<IContainer> = {}): Partial<IContainer> {
  if (native) return { restartPolicy: 'Always', startupProbe, ...nativeExtra };
  return classicHook === undefined ? {} : { lifecycle: { postStart: { exec: { command: classicHook } } } };
}

function istioPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (input.spec.hostNetwork === true) return undefined;
  const names = namesOf(input.spec);
  if (names.includes('istio-proxy') || input.annotations['sidecar.istio.io/status'] !== undefined) return undefined;
  const podLabel = podTrigger(input, 'labels', 'sidecar.istio.io/inject');
  const podAnnotation = podTrigger(input, 'annotations', 'sidecar.istio.io/inject');
  const pod = podLabel ?? podAnnotation;
  const nsOff = isFalse(input.namespaceMeta?.labels['istio-injection']);
  if (nsOff) return undefined;
  const ns = namespaceTrigger(input, 'labels', 'istio-injection') ?? namespaceTrigger(input, 'labels', 'istio.io/rev');
  if (pod !== undefined && isFalse(pod.value)) return undefined;
  const trigger = ns !== undefined && (ns.key === 'istio.io/rev' || isTrue(ns.value)) ? ns : pod !== undefined && isTrue(pod.value) ? pod : undefined;
  if (trigger === undefined) return undefined;
  const native = istioNative(profile, input.annotations, input.kubernetesVersion);
  const version = profile.version ?? DEFAULT_VERSIONS.istio ?? '1.28';
  const image = IMAGES.istio(version);
  const init: IContainer = {
    name: 'istio-init',
    image,
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', String(ISTIO_UID), '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020'],
    resources: SMALL_RESOURCES,
    securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
  };
  const hold = holdsApplication(input.annotations);
  const probe = { httpGet: { path: '/healthz/ready', port: 15021 } };
  const proxy: IContainer = {
    name: 'istio-proxy',
    image,
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local'],
    env: [{ name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' }],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: { ...probe, periodSeconds: 15, failureThreshold: 4 },
    resources: SMALL_RESOURCES,
    securityContext: { runAsUser: ISTIO_UID, runAsGroup: ISTIO_UID, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    volumeMounts: [
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
    ...startupFields(native, { ...probe, periodSeconds: 1, failureThreshold: 600 }, hold ? ['pilot-agent', 'wait'] : undefined, {
      lifecycle: { preStop: { exec: { command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] } } },
    }),
  };
  return {
    by: byOf(profile, trigger, native, input),
    // Istio's golden files (pkg/kube/inject/testdata/inject/cronjob.yaml.injected, native-sidecar.yaml.injected):
    // istio-init first; a native proxy right after it; a classic one last in containers (first with holdApplicationUntilProxyStarts).
    containers: [
      { container: init, list: 'initContainers', position: 'start', role: 'proxy-init' },
      native
        ? { container: proxy, list: 'initContainers', position: 'start', role: 'proxy' }
        : { container: proxy, list: 'containers', position: hold ? 'start' : 'end', role: 'proxy' },
    ],
    volumes: [
      { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
      { name: 'istio-data', emptyDir: {} },
      { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
      { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
      { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    ],
    ownedPorts: ISTIO_PORTS,
    proxyUid: ISTIO_UID,
  };
}

function linkerdPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  const names = namesOf(input.spec);
  if (names.includes('linkerd-proxy') || input.annotations['linkerd.io/proxy-version'] !== undefined) return undefined;
  const pod = podTrigger(input, 'annotations', 'linkerd.io/inject');
  if (pod !== undefined && isFalse(pod.value)) return undefined;
  // Linkerd reads the namespace's annotation; a label with the same key is accepted as well (config `namespaces:` holds both).
  const ns = namespaceTrigger(input, 'annotations', 'linkerd.io/inject') ?? namespaceTrigger(input, 'labels', 'linkerd.io/inject');
  const enabled = (trigger: Trigger | undefined) => trigger !== undefined && /^(?:enabled|ingress)$/.test(trigger.value.trim());
  const trigger = enabled(pod) ? pod : enabled(ns) ? ns : undefined;
  if (trigger === undefined) return undefined;
  const native = linkerdNative(profile, input.annotations, input.kubernetesVersion);
  const version = profile.version ?? DEFAULT_VERSIONS.linkerd ?? '2.19';
  const awaits = !isFalse(input.annotations['config.linkerd.io/proxy-await']);
  const probe = (path: string) => ({ httpGet: { path, port: 4191 } });
  const init: IContainer = {
    name: 'linkerd-init',
    image: IMAGES.linkerdInit,
    args: ['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140', '--proxy-uid', String(LINKERD_UID), '--inbound-ports-to-ignore', '4190,4191,4567,4568', '--outbound-ports-to-ignore', '4567,4568'],
    resources: SMALL_RESOURCES,
    securityContext: { runAsUser: 65534, runAsNonRoot: true, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
    volumeMounts: [{ name: 'linkerd-proxy-init-xtables-lock', mountPath: '/run' }],
  };
  const proxy: IContainer = {
    name: 'linkerd-proxy',
    image: IMAGES.linkerdProxy(version),
    env: [
      { name: 'LINKERD2_PROXY_CONTROL_LISTEN_ADDR', value: '0.0.0.0:4190' },
      { name: 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', value: '0.0.0.0:4191' },
      { name: 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', value: '127.0.0.1:4140' },
      { name: 'LINKERD2_PROXY_INBOUND_LISTEN_ADDR', value: '0.0.0.0:4143' },
    ],
    ports: [{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }],
    livenessProbe: { ...probe('/live'), initialDelaySeconds: 10 },
    readinessProbe: { ...probe('/ready'), initialDelaySeconds: 2 },
    resources: SMALL_RESOURCES,
    securityContext: { runAsUser: LINKERD_UID, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    volumeMounts: [
      { name: 'linkerd-identity-end-entity', mountPath: '/var/run/linkerd/identity/end-entity' },
      { name: 'linkerd-identity-token', mountPath: '/var/run/secrets/tokens' },
    ],
    ...startupFields(native, { ...probe('/ready'), periodSeconds: 1, failureThreshold: 120 }, awaits ? ['/usr/lib/linkerd/linkerd-await', '--timeout=2m'] : undefined),
  };
  return {
    by: byOf(profile, trigger, native, input),
    // Linkerd's fixtures (controller/proxy-injector/fake/data/pod.patch.json, pod.nativesidecar.patch.json):
    // linkerd-init first in initContainers; the proxy first in containers (classic) or right after linkerd-init (native).
    containers: [
      { container: init, list: 'initContainers', position: 'start', role: 'proxy-init' },
      { container: proxy, list: native ? 'initContainers' : 'containers', position: 'start', role: 'proxy' },
    ],
    volumes: [
      { name: 'linkerd-proxy-init-xtables-lock', emptyDir: {} },
      { name: 'linkerd-identity-end-entity', emptyDir: { medium: 'Memory' } },
      { name: 'linkerd-identity-token', projected: { sources: [{ serviceAccountToken: { audience: 'identity.l5d.io', expirationSeconds: 86400, path: 'linkerd-identity-token' } }] } },
    ],
    ownedPorts: LINKERD_PORTS,
    proxyUid: LINKERD_UID,
  };
}

export const VAULT_SECRETS_PATH = '/vault/secrets';

function vaultPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  const names = namesOf(input.spec);
  if (names.includes('vault-agent') || names.includes('vault-agent-init')) return undefined;
  const trigger = podTrigger(input, 'annotations', 'vault.hashicorp.com/agent-inject');
  if (trigger === undefined || !isTrue(trigger.value)) return undefined;
  const prePopulateOnly = isTrue(input.annotations['vault.hashicorp.com/agent-pre-populate-only']);
  const prePopulate = !isFalse(input.annotations['vault.hashicorp.com/agent-pre-populate']);
  const initFirst = isTrue(input.annotations['vault.hashicorp.com/agent-init-first']);
  const mounts = [{ name: 'vault-secrets', mountPath: VAULT_SECRETS_PATH }];
  const agent = (name: string, exit: boolean): IContainer => ({
    name,
    image: IMAGES.vault,
    command: ['/bin/sh', '-ec'],
    args: [exit ? 'echo ${VAULT_CONFIG?} | base64 -d > /home/vault/config.json && vault agent -config=/home/vault/config.json -exit-after-auth' : 'echo ${VAULT_CONFIG?} | base64 -d > /home/vault/config.json && vault agent -config=/home/vault/config.json'],
    resources: SMALL_RESOURCES,
    securityContext: { runAsUser: 100, runAsGroup: 1000, runAsNonRoot: true },
    volumeMounts: mounts,
  });
  const containers: InjectedContainer[] = [];
  if (prePopulate || prePopulateOnly) containers.push({ container: agent('vault-agent-init', true), list: 'initContainers', position: initFirst ? 'start' : 'end', role: 'agent-init' });
  if (!prePopulateOnly) containers.push({ container: agent('vault-agent', false), list: 'containers', position: 'end', role: 'agent' });
  return {
    by: byOf(profile, trigger, false, input),
    containers,
    volumes: [{ name: 'vault-secrets', emptyDir: { medium: 'Memory' } }],
    ownedPorts: [],
  };
}

function daprPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (namesOf(input.spec).includes('daprd')) return undefined;
  const trigger = podTrigger(input, 'annotations', 'dapr.io/enabled');
  if (trigger === undefined || !isTrue(trigger.value)) return undefined;
  const appId = input.annotations['dapr.io/app-id'] ?? 'app';
  const daprd: IContainer = {
    name: 'daprd',
    image: IMAGES.dapr,
    command: ['/daprd'],
    args: ['--mode', 'kubernetes', '--dapr-http-port', '3500', '--dapr-grpc-port', '50001', '--dapr-internal-grpc-port', '50002', '--app-id', appId, '--metrics-port', '9090'],
    ports: [
      { containerPort: 3500, name: 'dapr-http' },
      { containerPort: 50001, name: 'dapr-grpc' },
      { containerPort: 50002, name: 'dapr-internal' },
      { containerPort: 9090, name: 'dapr-metrics' },
    ],
    readinessProbe: { httpGet: { path: 'v1.0/healthz', port: 3501 } },
    resources: SMALL_RESOURCES,
  };
  return {
    by: byOf(profile, trigger, false, input),
    containers: [{ container: daprd, list: 'containers', position: 'end', role: 'proxy' }],
    volumes: [],
    ownedPorts: DAPR_PORTS,
  };
}

const OTEL_LANGUAGES = ['java', 'nodejs', 'python', 'dotnet', 'go', 'apache-httpd', 'nginx', 'sdk'];

function opentelemetryPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  const sidecar = podTrigger(input, 'annotations', 'sidecar.opentelemetry.io/inject');
  const instrumentation = OTEL_LANGUAGES.map((language) => podTrigger(input, 'annotations', `instrumentation.opentelemetry.io/inject-${language}`)).find((found) => found !== undefined && !isFalse(found.value));
  const collector = sidecar !== undefined && !isFalse(sidecar.value) && !namesOf(input.spec).includes('otc-container');
  const trigger = collector ? sidecar : instrumentation;
  if (trigger === undefined) return undefined;
  const native = collector && profile.nativeSidecars === true && hasFeature(input.kubernetesVersion, 'nativeSidecars');
  const containers: InjectedContainer[] = [];
  if (instrumentation !== undefined) {
    const language = instrumentation.key.slice('instrumentation.opentelemetry.io/inject-'.length);
    containers.push({
      container: { name: `opentelemetry-auto-instrumentation-${language}`, image: `ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-${language}:latest`, command: ['cp', '-r', '/autoinstrumentation/.', '/otel-auto-instrumentation'], resources: SMALL_RESOURCES, volumeMounts: [{ name: 'opentelemetry-auto-instrumentation', mountPath: '/otel-auto-instrumentation' }] },
      list: 'initContainers',
      position: 'end',
      role: 'instrumentation',
    });
  }
  if (collector) {
    const container: IContainer = { name: 'otc-container', image: IMAGES.otelCollector, args: ['--config=env:OTEL_CONFIG'], ports: [{ containerPort: 4317, name: 'otlp-grpc' }, { containerPort: 4318, name: 'otlp-http' }], resources: SMALL_RESOURCES, ...(native ? { restartPolicy: 'Always' } : {}) };
    containers.push({ container, list: native ? 'initContainers' : 'containers', position: 'end', role: 'collector' });
  }
  return {
    by: byOf(profile, trigger, native, input),
    containers,
    volumes: instrumentation !== undefined ? [{ name: 'opentelemetry-auto-instrumentation', emptyDir: {} }] : [],
    ownedPorts: [],
  };
}

function appmeshPlan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (namesOf(input.spec).includes('envoy')) return undefined;
  const key = 'appmesh.k8s.aws/sidecarInjectorWebhook';
  const pod = podTrigger(input, 'annotations', key);
  if (pod !== undefined && isFalse(pod.value)) return undefined;
  const trigger = namespaceTrigger(input, 'labels', key);
  if (trigger === undefined || !isTrue(trigger.value)) return undefined;
  return {
    by: byOf(profile, trigger, false, input),
    containers: [
      { container: { name: 'proxyinit', image: IMAGES.appmeshInit, resources: SMALL_RESOURCES, securityContext: { capabilities: { add: ['NET_ADMIN'] } } }, list: 'initContainers', position: 'start', role: 'proxy-init' },
      { container: { name: 'envoy', image: IMAGES.appmeshEnvoy, ports: [{ containerPort: 9901, name: 'stats' }], resources: SMALL_RESOURCES, securityContext: { runAsUser: 1337 } }, list: 'containers', position: 'end', role: 'proxy' },
    ],
    volumes: [],
    ownedPorts: [15000, 15001, 9901],
    proxyUid: 1337,
  };
}

const PLANNERS: Readonly<Record<InjectorName, (profile: InjectorProfile, input: InjectionInput) => InjectionPlan | undefined>> = {
  istio: istioPlan,
  linkerd: linkerdPlan,
  vault: vaultPlan,
  dapr: daprPlan,
  opentelemetry: opentelemetryPlan,
  appmesh: appmeshPlan,
};

/** What every enabled profile would add to this pod spec, in the order the profiles are listed. */
export function planInjections(profiles: readonly InjectorProfile[], input: InjectionInput): InjectionPlan[] {
  return profiles.flatMap((profile) => {
    const plan = PLANNERS[profile.name](profile, input);
    return plan === undefined ? [] : [plan];
  });
}

/** `istio@1.27`, `linkerd@2.19`, `vault` → a profile (auto native mode), or a reason it is none. */
export function parseInjectorFlag(text: string): InjectorProfile | { readonly problem: string } {
  const [name = '', version, ...rest] = text.trim().split('@');
  if (rest.length > 0) return { problem: `"${text}" has more than one @` };
  if (!(INJECTOR_NAMES as readonly string[]).includes(name)) return { problem: `unknown injector "${name}": use one of ${INJECTOR_NAMES.join(', ')}` };
  if (version !== undefined && parseInjectorVersion(version) === undefined) return { problem: `"${version}" is not a version: expected MAJOR.MINOR, for example ${name}@${DEFAULT_VERSIONS[name as InjectorName] ?? '1.0'}` };
  return { name: name as InjectorName, ...(version !== undefined ? { version } : {}), nativeSidecars: 'auto' };
}

/** An annotation to set on the pod template. */
export interface AnnotationChange {
  readonly key: string;
  readonly value: string;
}

/** Istio honours `sidecar.istio.io/nativeSidecar` from this release (the annotation is alpha, from 2024). */
export const ISTIO_NATIVE_ANNOTATION_SINCE = '1.24';

/**
 * The pod annotation that makes this injector inject its proxy as a native sidecar, for its version
 * and the Kubernetes version; undefined when there is none (Vault, Dapr, App Mesh; too old a release).
 */
export function nativeAnnotation(by: InjectedBy, kube: KubeVersion): AnnotationChange | undefined {
  if (!hasFeature(kube, 'nativeSidecars')) return undefined;
  const version = by.version === undefined ? undefined : parseInjectorVersion(by.version);
  if (by.injector === 'istio' && atLeastInjector(version, 1, 24)) return { key: 'sidecar.istio.io/nativeSidecar', value: 'true' };
  if (by.injector === 'linkerd') {
    const key = linkerdNativeAnnotation(by.version);
    return key === undefined ? undefined : { key, value: 'true' };
  }
  return undefined;
}

/** How to let a Job complete with what this injector adds, in the injector's own terms, and the annotation that does it. */
export function jobRemedy(by: InjectedBy, kube: KubeVersion): { readonly text: string; readonly annotation?: AnnotationChange } {
  const native = nativeAnnotation(by, kube);
  const nativeText = native === undefined ? undefined : `add the annotation ${native.key}: "true" to the pod template, and ${by.label} injects the proxy as a native sidecar, which Kubernetes stops when the Job's containers have finished`;
  switch (by.injector) {
    case 'istio': {
      const exit = 'have the main container end with curl -fsS -XPOST http://localhost:15020/quitquitquit (istio/istio#6324, #11659)';
      if (native !== undefined) return { text: `Fix: ${nativeText}; or ${exit}.`, annotation: native };
      const why = hasFeature(kube, 'nativeSidecars') ? `${by.label} has no per-pod native-sidecar annotation (sidecar.istio.io/nativeSidecar, Istio ${ISTIO_NATIVE_ANNOTATION_SINCE} or later)` : `native sidecars need Kubernetes 1.29 or later`;
      return { text: `Fix: ${exit}; ${why}.` };
    }
    case 'linkerd': {
      const exit = 'have the main container call the proxy\'s shutdown endpoint when it is done (curl -X POST http://localhost:4191/shutdown, served only when the control plane sets proxy.enableShutdownEndpoint; linkerd/linkerd2#12951)';
      if (native !== undefined) return { text: `Fix: ${nativeText}; or ${exit}.`, annotation: native };
      return { text: `Fix: ${exit}; native proxies need Linkerd 2.15 or later (config.alpha.linkerd.io/proxy-enable-native-sidecar) and Kubernetes 1.29.` };
    }
    case 'vault':
      return {
        text: 'Fix: add the annotation vault.hashicorp.com/agent-pre-populate-only: "true": only the init container vault-agent-init renders the secrets, and no agent keeps running (hashicorp/vault-k8s#620).',
        annotation: { key: 'vault.hashicorp.com/agent-pre-populate-only', value: 'true' },
      };
    case 'dapr':
      return { text: 'Fix: have the main container end with curl -X POST http://localhost:3500/v1.0/shutdown, which stops daprd (dapr/dapr#5006); Dapr injects daprd as a classic sidecar only.' };
    case 'opentelemetry':
      return { text: 'Fix: enable the operator feature gate operator.sidecarcontainers.native (the collector is then injected as a native sidecar), or do not inject a collector sidecar into Jobs.' };
    case 'appmesh':
      return { text: 'Fix: have the main container stop Envoy when it is done (POST http://localhost:9901/quitquitquit), or opt the Job out with the annotation appmesh.k8s.aws/sidecarInjectorWebhook: disabled; App Mesh reaches end of support on 2026-09-30.' };
  }
}
