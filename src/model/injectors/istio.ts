/**
 * Istio's sidecar injector, as its code at istio/istio 86c9f01 (and the release tags 1.23.0–1.30.0)
 * does it. Paths below are in that repository; `chart/` is manifests/charts/istio-control/istio-discovery/.
 *
 * - Which pods: the webhooks' selectors read labels only (chart/templates/mutatingwebhook.yaml l.67-144):
 *   namespace label `istio-injection=enabled`, or `istio.io/rev`; else pod label `istio.io/rev`, or pod
 *   label `sidecar.istio.io/inject: "true"`. Then pkg/kube/inject/inject.go `injectRequired` (l.201-315):
 *   no hostNetwork pods, not in kube-system/kube-public/kube-node-lease/local-path-storage, and the label
 *   (else the annotation) `sidecar.istio.io/inject`, compared exactly with "true"/"false". An annotation
 *   can opt a pod out, never in.
 * - Where (pkg/kube/inject/webhook.go `reorderPod`, l.785-828): classic, istio-init last among the init
 *   containers ("Init container must be last to allow any traffic to pass before iptables is setup"),
 *   istio-validation (CNI) first, istio-proxy last in containers or first with
 *   holdApplicationUntilProxyStarts; native, istio-init (or istio-validation) then istio-proxy first in
 *   the init containers ("so init containers are part of the mesh").
 * - Native or classic (chart/files/injection-template.yaml l.29; pilot/pkg/features/pilot.go l.345-361;
 *   webhook.go `DetectNativeSidecar` l.1308-1359): 1.27+, `ENABLE_NATIVE_SIDECARS=auto` — every node's
 *   kubelet 1.33+ — with the annotation `sidecar.istio.io/nativeSidecar` classic only for exactly "false";
 *   1.24–1.26 the flag defaults to false and the annotation (#53490, first in 1.24.0) is native only for
 *   exactly "true"; 1.23 and before, the flag only.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { atLeast, hasFeature } from '../kube-version.js';
import type { KubeVersion } from '../kube-version.js';
import { istioProxyConfig } from '../mesh.js';
import { atLeastInjector, nativeJobRemedy, parseInjectorVersion } from './profile.js';
import type { InjectedContainer, InjectionInput, InjectionPlan, InjectorModule, InjectorProfile, InjectorVersion, OwnedPort } from './profile.js';
import { containerNames, injectedBy, namespaceTrigger, podTrigger, versionOf } from './triggers.js';

const PRODUCT = 'Istio';
const DEFAULT_VERSION = '1.30';

/** The uid and gid of istio-proxy (tools/istio-iptables/pkg/constants/constants.go l.121 `DefaultProxyUIDInt = 1337`). */
export const ISTIO_UID = 1337;

/** pilot/cmd/pilot-agent/status/server.go `istioReservedPorts` (l.585-600). */
export const ISTIO_PORTS: readonly OwnedPort[] = [
  { port: 15000, what: 'Envoy admin' },
  { port: 15001, what: 'outbound capture' },
  { port: 15004, what: 'pilot debug' },
  { port: 15006, what: 'inbound capture' },
  { port: 15008, what: 'HBONE tunnel' },
  { port: 15020, what: 'pilot-agent status, merged metrics and /quitquitquit' },
  { port: 15021, what: 'health' },
  { port: 15053, what: 'DNS proxy' },
  { port: 15090, what: 'Envoy Prometheus' },
];

/** inject.go l.113-123 (`IgnoredNamespaces`). */
const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/** The annotation Istio reads from 1.24.0 (commit 78f4c95, #53490; absent from 1.23.0). */
export const ISTIO_NATIVE_ANNOTATION = 'sidecar.istio.io/nativeSidecar';

const INJECT = 'sidecar.istio.io/inject';

/** The webhook whose selectors match, as the trigger to report; undefined when none does (mutatingwebhook.yaml l.67-144). */
function triggerOf(input: InjectionInput) {
  const namespace = input.namespaceMeta?.labels ?? {};
  const label = input.labels[INJECT];
  // Every webhook's objectSelector has `sidecar.istio.io/inject NotIn ["false"]` (or `In ["true"]`).
  if (label === 'false') return undefined;
  if (namespace['istio-injection'] !== undefined) {
    // `istio-injection In [enabled]`; every other webhook wants the label absent.
    return namespace['istio-injection'] === 'enabled' ? namespaceTrigger(input, 'labels', 'istio-injection') : undefined;
  }
  // rev.namespace: a revision (any revision is taken to be installed).
  if (namespace['istio.io/rev'] !== undefined) return namespaceTrigger(input, 'labels', 'istio.io/rev');
  // rev.object and object: the pod's own labels.
  if (input.labels['istio.io/rev'] !== undefined) return podTrigger(input, 'labels', 'istio.io/rev');
  return label === 'true' ? podTrigger(input, 'labels', INJECT) : undefined;
}

/** Native or classic, for the release, the mesh's ENABLE_NATIVE_SIDECARS, the pod's annotation and the nodes' Kubernetes. */
export function istioNative(version: InjectorVersion | undefined, setting: InjectorProfile['nativeSidecars'], annotations: Readonly<Record<string, string>>, kube: KubeVersion): boolean {
  if (!hasFeature(kube, 'nativeSidecars')) return false;
  const annotation = annotations[ISTIO_NATIVE_ANNOTATION];
  if (atLeastInjector(version, 1, 27)) {
    // `ne (index .ObjectMeta.Annotations "sidecar.istio.io/nativeSidecar" | default (printf "%t" .NativeSidecars)) "false"`
    if (annotation !== undefined && annotation !== '') return annotation !== 'false';
    return setting === 'auto' ? atLeast(kube, 1, 33) : setting;
  }
  if (atLeastInjector(version, 1, 24) && annotation !== undefined) return annotation === 'true';
  // ENABLE_NATIVE_SIDECARS was a boolean defaulting to false (pilot/pkg/features/experimental.go@1.26.0 l.179).
  return setting === true;
}

function holdsApplication(annotations: Readonly<Record<string, string>>): boolean {
  return istioProxyConfig(annotations['proxy.istio.io/config']).holdApplicationUntilProxyStarts === true;
}

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } };

/** The volumes of the golden `sidecar.istio.io/status` (testdata/inject/*.injected); istio-ca-crl from 1.27.0 (#56308). */
function volumesFor(version: InjectorVersion | undefined): IVolume[] {
  const volumes: IVolume[] = [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
  ];
  if (atLeastInjector(version, 1, 27)) volumes.push({ name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } });
  return volumes;
}

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (input.spec.hostNetwork === true || IGNORED_NAMESPACES.includes(input.namespace)) return undefined;
  if (containerNames(input.spec).includes('istio-proxy') || input.annotations['sidecar.istio.io/status'] !== undefined) return undefined;
  const trigger = triggerOf(input);
  if (trigger === undefined) return undefined;
  // injectRequired: the label, else the annotation; exactly "false" opts out (other values: the default policy, enabled).
  if ((input.labels[INJECT] ?? input.annotations[INJECT]) === 'false') return undefined;
  const { text, parsed } = versionOf(profile, DEFAULT_VERSION);
  const native = istioNative(parsed, profile.nativeSidecars, input.annotations, input.kubernetesVersion);
  const image = `docker.io/istio/proxyv2:${text.split('.').length >= 3 ? text : `${text}.0`}`;
  const cni = profile.cni === true;
  // interceptionMode NONE: no init container at all (injection-template.yaml l.74-78).
  const intercept = input.annotations['sidecar.istio.io/interceptionMode'] !== 'NONE';
  const iptablesArgs = ['istio-iptables', '-p', '15001', '-z', '15006', '-u', String(ISTIO_UID), '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'];
  const containers: InjectedContainer[] = [];
  if (intercept && cni) {
    containers.push({
      container: {
        name: 'istio-validation',
        image,
        args: [...iptablesArgs, '--run-validation', '--skip-rule-apply'],
        resources: RESOURCES,
        securityContext: { runAsUser: ISTIO_UID, runAsGroup: ISTIO_UID, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
      list: 'initContainers',
      at: 'first',
      role: 'proxy-init',
    });
  } else if (intercept) {
    containers.push({
      container: {
        name: 'istio-init',
        image,
        args: iptablesArgs,
        resources: RESOURCES,
        securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false, privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
      },
      list: 'initContainers',
      at: native ? 'first' : 'last',
      role: 'proxy-init',
      redirects: true,
    });
  }
  const hold = !native && holdsApplication(input.annotations);
  const ready = { httpGet: { path: '/healthz/ready', port: 15021 } };
  const proxy: IContainer = {
    name: 'istio-proxy',
    image,
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    env: [{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' }, { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' }, { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' }],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: { ...ready, initialDelaySeconds: 0, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
    // global.proxy.startupProbe.enabled, true by default (values.yaml l.394-396): classic proxies have it too.
    startupProbe: { ...ready, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 600 },
    resources: RESOURCES,
    securityContext: { runAsUser: ISTIO_UID, runAsGroup: ISTIO_UID, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } },
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
    // Native: a preStop drain and restartPolicy Always (l.184-193, l.225-235); classic with hold: `pilot-agent wait` (l.218-224),
    // first in containers (reorderPod MoveFirst); MoveFirst(istio-proxy) then MoveFirst(istio-init) leave istio-init ahead of it.
    ...(native ? { restartPolicy: 'Always', lifecycle: { preStop: { exec: { command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] } } } } : {}),
    ...(hold ? { lifecycle: { postStart: { exec: { command: ['pilot-agent', 'wait'] } } } } : {}),
  };
  containers.push({ container: proxy, list: native ? 'initContainers' : 'containers', at: native || hold ? 'first' : 'last', role: 'proxy' });
  const volumes = volumesFor(parsed);
  const by = injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, native, input);
  const names = (list: 'initContainers' | 'containers') => containers.filter((item) => item.list === list).map((item) => item.container.name ?? '');
  const status = { initContainers: names('initContainers'), containers: names('containers'), volumes: volumes.map((volume) => volume.name), imagePullSecrets: null, revision: 'default' };
  return {
    by,
    containers,
    volumes,
    labels: { 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-revision': 'latest' },
    annotations: { 'sidecar.istio.io/status': JSON.stringify(status) },
    ownedPorts: ISTIO_PORTS,
    proxyUid: ISTIO_UID,
  };
}

export const istio: InjectorModule = {
  name: 'istio',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // chart/templates/mutatingwebhook.yaml l.45-49; `reinvocationPolicy: Never` (chart/values.yaml l.147).
  webhook: { name: 'istio-sidecar-injector', reinvocation: 'Never' },
  plan,
  nativeAnnotation(by, kube) {
    if (!hasFeature(kube, 'nativeSidecars')) return undefined;
    return atLeastInjector(parseInjectorVersion(by.version ?? DEFAULT_VERSION), 1, 24) ? { key: ISTIO_NATIVE_ANNOTATION, value: 'true' } : undefined;
  },
  jobRemedy(by, kube) {
    // pilot/cmd/pilot-agent/status/server.go l.1056-1071: POST from localhost only.
    const exit = 'have the main container end with curl -fsS -XPOST http://localhost:15020/quitquitquit, which stops the proxy';
    const native = istio.nativeAnnotation(by, kube);
    if (native !== undefined) {
      return nativeJobRemedy(native, by.label, 'the proxy', exit);
    }
    const why = hasFeature(kube, 'nativeSidecars') ? `${by.label} has no per-pod native-sidecar annotation (${ISTIO_NATIVE_ANNOTATION}, Istio 1.24 or later)` : 'native sidecars need Kubernetes 1.29 or later';
    return { text: `Fix: ${exit}; ${why}.` };
  },
};
