/**
 * Linkerd's proxy injector, as linkerd/linkerd2 b24cd40 (edge-26.8.3) and edge-26.5.1 (the last
 * classic default) do it. Paths below are in that repository.
 *
 * - Which pods (pkg/inject/report.go l.138-228): the annotation `linkerd.io/inject` (never a label) of
 *   the pod, else of its namespace, exactly `enabled`, `ingress` or `disabled`; any other value at
 *   either level refuses. Refused too: hostNetwork pods (report.go l.104), pods that already carry a
 *   Linkerd or Istio proxy or init container (pkg/healthcheck/sidecar.go l.12-33), and the namespaces the
 *   webhook's namespaceSelector leaves out (charts/linkerd-control-plane/values.yaml l.523-541).
 * - Where (charts/patch/templates/patch.json l.11, l.73-144): classic, linkerd-init appended to the init
 *   containers and linkerd-proxy first in containers (last with proxy-await disabled); native, linkerd-init
 *   at initContainers[0] and linkerd-proxy at [1], ahead of the pod's own.
 * - Native or classic: `proxy.nativeSidecar` (values.yaml l.254, true from #15267, edge-26.5.2 = 2.20);
 *   per pod `config.linkerd.io/proxy-enable-native-sidecar` (2.20), `config.beta.linkerd.io/…` (#14587,
 *   2.19), `config.alpha.linkerd.io/…` (#11465, 2.15), newest first (pkg/inject/inject.go l.429-445),
 *   read with strconv.ParseBool.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import { hasFeature } from '../kube-version.js';
import { atLeastInjector, nativeJobRemedy, parseInjectorVersion } from './profile.js';
import type { InjectedContainer, InjectionInput, InjectionPlan, InjectorModule, InjectorProfile, InjectorVersion, OwnedPort } from './profile.js';
import { containerImages, containerNames, injectedBy, namespaceTrigger, parseGoBool, podTrigger, versionOf } from './triggers.js';

const PRODUCT = 'Linkerd';
const DEFAULT_VERSION = '2.20';

/** charts/linkerd-control-plane/values.yaml l.220 `uid: 2102`. */
export const LINKERD_UID = 2102;

/** values.yaml l.165-173 and _proxy.tpl l.110-120. */
export const LINKERD_PORTS: readonly OwnedPort[] = [
  { port: 4143, what: 'inbound' },
  { port: 4140, what: 'outbound' },
  { port: 4191, what: 'admin and metrics' },
  { port: 4190, what: 'control' },
];

const INJECT = 'linkerd.io/inject';
const VALUES = ['enabled', 'disabled', 'ingress'];

/** The native-sidecar annotation under each name, newest first, with the release that first reads it. */
const NATIVE_KEYS: readonly { readonly key: string; readonly since: readonly [number, number] }[] = [
  { key: 'config.linkerd.io/proxy-enable-native-sidecar', since: [2, 20] },
  { key: 'config.beta.linkerd.io/proxy-enable-native-sidecar', since: [2, 19] },
  { key: 'config.alpha.linkerd.io/proxy-enable-native-sidecar', since: [2, 15] },
];

/** The native-sidecar annotation a release reads (its newest name), if any. */
export function linkerdNativeAnnotation(version: string | undefined): string | undefined {
  const parsed = parseInjectorVersion(version ?? DEFAULT_VERSION);
  return NATIVE_KEYS.find((entry) => atLeastInjector(parsed, entry.since[0], entry.since[1]))?.key;
}

/**
 * The pod's config annotations with its namespace's it lacks (inject.go l.43-90, l.177-189): the
 * namespace's `config.linkerd.io/` and `config.alpha.linkerd.io/` keys; `config.beta.linkerd.io/` ones
 * only before 2.20 (#15267 dropped the beta name from the list).
 */
function effectiveAnnotations(input: InjectionInput, version: InjectorVersion | undefined): Readonly<Record<string, string>> {
  const inherited = /^config(?:\.alpha)?\.linkerd\.io\//;
  const beta = /^config\.beta\.linkerd\.io\//;
  const fromNamespace = Object.entries(input.namespaceMeta?.annotations ?? {}).filter(([key]) => inherited.test(key) || (beta.test(key) && !atLeastInjector(version, 2, 20)));
  return { ...Object.fromEntries(fromNamespace), ...input.annotations };
}

export function linkerdNative(version: InjectorVersion | undefined, setting: InjectorProfile['nativeSidecars'], annotations: Readonly<Record<string, string>>, kubernetes: InjectionInput['kubernetesVersion']): boolean {
  if (!hasFeature(kubernetes, 'nativeSidecars')) return false;
  for (const { key, since } of NATIVE_KEYS) {
    if (!atLeastInjector(version, since[0], since[1])) continue;
    const value = parseGoBool(annotations[key]);
    if (value !== undefined) return value;
  }
  return setting === 'auto' ? atLeastInjector(version, 2, 20) : setting;
}

/** Images of containers that make the webhook refuse the pod (pkg/healthcheck/sidecar.go). */
const EXISTING_PROXY_IMAGES = ['cr.l5d.io/linkerd/proxy:', 'gcr.io/istio-release/proxyv2:'];
const EXISTING_INIT_IMAGES = ['cr.l5d.io/linkerd/proxy-init:', 'gcr.io/istio-release/proxy_init:'];

function hasSidecarAlready(spec: Record<string, unknown>): boolean {
  const names = containerNames(spec);
  if (['linkerd-proxy', 'istio-proxy'].some((name) => names.includes(name))) return true;
  if (['linkerd-init', 'istio-init'].some((name) => containerNames(spec, ['initContainers']).includes(name))) return true;
  const images = [...containerImages(spec, 'initContainers'), ...containerImages(spec, 'containers')];
  if (images.some((image) => EXISTING_PROXY_IMAGES.some((prefix) => image.startsWith(prefix)))) return true;
  return containerImages(spec, 'initContainers').some((image) => EXISTING_INIT_IMAGES.some((prefix) => image.startsWith(prefix)));
}

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (input.spec.hostNetwork === true || hasSidecarAlready(input.spec)) return undefined;
  // The webhook's default namespaceSelector.
  if (['kube-system', 'cert-manager'].includes(input.namespace) || input.namespaceMeta?.labels['config.linkerd.io/admission-webhooks'] === 'disabled') return undefined;
  const pod = podTrigger(input, 'annotations', INJECT);
  const namespace = namespaceTrigger(input, 'annotations', INJECT);
  if ((pod !== undefined && !VALUES.includes(pod.value)) || (namespace !== undefined && !VALUES.includes(namespace.value))) return undefined;
  const trigger = pod !== undefined ? pod : namespace;
  if (trigger === undefined || trigger.value === 'disabled') return undefined;
  const { text, parsed } = versionOf(profile, DEFAULT_VERSION);
  const annotations = effectiveAnnotations(input, parsed);
  const native = linkerdNative(parsed, profile.nativeSidecars, annotations, input.kubernetesVersion);
  const awaits = annotations['config.linkerd.io/proxy-await'] !== 'disabled';
  const waitBeforeExit = Number(annotations['config.alpha.linkerd.io/proxy-wait-before-exit-seconds']);
  const cni = profile.cni === true;
  const image = `cr.l5d.io/linkerd/proxy:${text}`;
  const admin = (path: string) => ({ httpGet: { path, port: 4191 } });
  const init: IContainer = cni
    ? {
        name: 'linkerd-network-validator',
        image,
        command: ['/usr/lib/linkerd/linkerd2-network-validator'],
        args: ['--log-format', 'plain', '--log-level', 'info', '--connect-addr', '0.0.0.0:4140', '--listen-addr', '0.0.0.0:4140', '--timeout', '10s'],
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }
    : {
        name: 'linkerd-init',
        image,
        command: ['/usr/lib/linkerd/linkerd2-proxy-init'],
        args: ['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140', '--proxy-uid', String(LINKERD_UID), '--inbound-ports-to-ignore', '4190,4191,4567,4568', '--outbound-ports-to-ignore', '4567,4568'],
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
        volumeMounts: [{ name: 'linkerd-proxy-init-xtables-lock', mountPath: '/run' }],
      };
  const proxy: IContainer = {
    name: 'linkerd-proxy',
    image,
    env: [
      { name: 'LINKERD2_PROXY_CONTROL_LISTEN_ADDR', value: '0.0.0.0:4190' },
      { name: 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', value: '0.0.0.0:4191' },
      { name: 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', value: '127.0.0.1:4140' },
      { name: 'LINKERD2_PROXY_INBOUND_LISTEN_ADDR', value: '0.0.0.0:4143' },
    ],
    ports: [{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }],
    livenessProbe: { ...admin('/live'), initialDelaySeconds: 10, timeoutSeconds: 1 },
    readinessProbe: { ...admin('/ready'), initialDelaySeconds: 2, timeoutSeconds: 1 },
    securityContext: { runAsUser: LINKERD_UID, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    volumeMounts: [
      { name: 'linkerd-identity-end-entity', mountPath: '/var/run/linkerd/identity/end-entity' },
      { name: 'linkerd-identity-token', mountPath: '/var/run/secrets/tokens' },
    ],
    // _proxy.tpl l.269-277 (native with await: a startupProbe), l.299-316 (classic: linkerd-await, the wait before exit), l.333-335.
    ...(native
      ? { restartPolicy: 'Always', ...(awaits ? { startupProbe: { ...admin('/ready'), initialDelaySeconds: 0, periodSeconds: 1, failureThreshold: 120 } } : {}) }
      : awaits || waitBeforeExit > 0
        ? {
            lifecycle: {
              ...(awaits ? { postStart: { exec: { command: ['/usr/lib/linkerd/linkerd-await', '--timeout=2m', '--port=4191'] } } } : {}),
              ...(waitBeforeExit > 0 ? { preStop: { exec: { command: ['/bin/sleep', String(waitBeforeExit)] } } } : {}),
            },
          }
        : {}),
  };
  const containers: InjectedContainer[] = [
    { container: init, list: 'initContainers', at: native ? 'first' : 'last', role: 'proxy-init', ...(cni ? {} : { redirects: true as const }) },
    { container: proxy, list: native ? 'initContainers' : 'containers', at: native || awaits ? 'first' : 'last', role: 'proxy' },
  ];
  return {
    by: injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, native, input),
    containers,
    volumes: [
      ...(cni ? [] : [{ name: 'linkerd-proxy-init-xtables-lock', emptyDir: {} }]),
      { name: 'linkerd-identity-end-entity', emptyDir: { medium: 'Memory' } },
      { name: 'linkerd-identity-token', projected: { sources: [{ serviceAccountToken: { audience: 'identity.l5d.io', expirationSeconds: 86400, path: 'linkerd-identity-token' } }] } },
    ],
    labels: { 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/workload-ns': input.namespace },
    annotations: { 'linkerd.io/created-by': `linkerd/proxy-injector ${text}`, 'linkerd.io/proxy-version': text },
    ownedPorts: LINKERD_PORTS,
    proxyUid: LINKERD_UID,
  };
}

export const linkerd: InjectorModule = {
  name: 'linkerd',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // charts/linkerd-control-plane/templates/proxy-injector-rbac.yaml l.83; no reinvocationPolicy (the default, Never).
  webhook: { name: 'linkerd-proxy-injector-webhook-config', reinvocation: 'Never' },
  plan,
  nativeAnnotation(by, kube) {
    if (!hasFeature(kube, 'nativeSidecars')) return undefined;
    const key = linkerdNativeAnnotation(by.version);
    return key === undefined ? undefined : { key, value: 'true' };
  },
  jobRemedy(by, kube) {
    // The admin server's /shutdown, off by default (values.yaml l.154 enableShutdownEndpoint; per pod config.linkerd.io/proxy-admin-shutdown, #12705).
    const exit = 'have the main container end with curl -X POST http://localhost:4191/shutdown, served only with the annotation config.linkerd.io/proxy-admin-shutdown: enabled (or proxy.enableShutdownEndpoint in the control plane\'s values)';
    const native = linkerd.nativeAnnotation(by, kube);
    if (native !== undefined) {
      return nativeJobRemedy(native, by.label, 'the proxy', exit);
    }
    return { text: `Fix: ${exit}; native proxies need Linkerd 2.15 or later (config.alpha.linkerd.io/proxy-enable-native-sidecar) and Kubernetes 1.29.` };
  },
};
