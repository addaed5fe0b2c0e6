/**
 * Dapr's sidecar injector, as dapr/dapr v1.18.3 does it (its pkg/injector equals master d845074's).
 * Paths below are in that repository, under pkg/injector/.
 *
 * - Which pods: `dapr.io/enabled` equal to "true" in any case (service/handler.go l.66-70, #9669, from
 *   1.17.3; earlier releases took dapr/kit's truthy values: yes, on, 1…), without a `daprd` container
 *   already (patcher/sidecar_patcher.go l.156-168). A pod made by a controller needs `dapr.io/app-id`:
 *   its name does not exist yet at admission, and the empty app id is refused
 *   (patcher/sidecar_container.go l.472-478).
 * - What and where: `daprd` appended to the containers (sidecar_patcher.go l.124-136), or — from 1.18.0
 *   (#9450), with `dapr.io/enable-native-sidecar` or the chart's `nativeSidecar` — appended to the init
 *   containers with restartPolicy Always, without a startupProbe. Ports (patcher/sidecar.go l.60-82):
 *   3500 HTTP and 50001 gRPC APIs, 50002 internal gRPC, 9090 metrics, declared; 3501, the health port of
 *   its probes, not declared. The app containers get DAPR_HTTP_PORT, DAPR_GRPC_PORT and APP_PROTOCOL.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import { hasFeature } from '../kube-version.js';
import { atLeastInjector, nativeJobRemedy, parseInjectorVersion } from './profile.js';
import type { InjectionInput, InjectionPlan, InjectorModule, InjectorProfile, OwnedPort } from './profile.js';
import { containerNames, injectedBy, isTruthy, podTrigger, versionOf } from './triggers.js';

const PRODUCT = 'Dapr';
const DEFAULT_VERSION = '1.18';

const NATIVE = 'dapr.io/enable-native-sidecar';

function portAnnotation(input: InjectionInput, key: string, fallback: number): number {
  const value = Number(input.annotations[key]);
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : fallback;
}

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  if (containerNames(input.spec).includes('daprd')) return undefined;
  const trigger = podTrigger(input, 'annotations', 'dapr.io/enabled');
  const { text, parsed } = versionOf(profile, DEFAULT_VERSION);
  if (trigger === undefined) return undefined;
  const enabled = atLeastInjector(parsed, 1, 17, 3) ? trigger.value.toLowerCase() === 'true' : isTruthy(trigger.value);
  if (!enabled) return undefined;
  const appId = input.annotations['dapr.io/app-id'] ?? input.podName;
  // A controller's pod without an app id is refused at admission: nothing is injected.
  if (appId === undefined || appId === '') return undefined;
  const annotated = input.annotations[NATIVE];
  const wanted = annotated !== undefined ? isTruthy(annotated) : profile.nativeSidecars === true;
  const native = atLeastInjector(parsed, 1, 18) && wanted && hasFeature(input.kubernetesVersion, 'nativeSidecars');
  const grpc = portAnnotation(input, 'dapr.io/grpc-port', 50001);
  const internal = portAnnotation(input, 'dapr.io/internal-grpc-port', 50002);
  const metrics = portAnnotation(input, 'dapr.io/metrics-port', 9090);
  const daprd: IContainer = {
    name: 'daprd',
    image: `ghcr.io/dapr/daprd:${text.split('.').length >= 3 ? text : `${text}.0`}`,
    command: ['/daprd'],
    args: ['--dapr-http-port', '3500', '--dapr-grpc-port', String(grpc), '--dapr-internal-grpc-port', String(internal), '--dapr-listen-addresses', '[::1],127.0.0.1', '--dapr-public-port', '3501', '--app-id', appId, '--mode', 'kubernetes', '--metrics-port', String(metrics), '--dapr-graceful-shutdown-seconds', '-1'],
    ports: [
      { containerPort: 3500, name: 'dapr-http' },
      { containerPort: grpc, name: 'dapr-grpc' },
      { containerPort: internal, name: 'dapr-internal' },
      { containerPort: metrics, name: 'dapr-metrics' },
    ],
    // sidecar_container.go l.307-320, defaults sidecar.go l.88-95.
    readinessProbe: { httpGet: { path: '/v1.0/healthz', port: 3501 }, initialDelaySeconds: 1, timeoutSeconds: 1, periodSeconds: 1, failureThreshold: 5 },
    livenessProbe: { tcpSocket: { port: 3501 }, initialDelaySeconds: 180, timeoutSeconds: 3, periodSeconds: 10, failureThreshold: 5 },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true },
    volumeMounts: [{ name: 'dapr-identity-token', mountPath: '/var/run/secrets/dapr.io/sentrytoken', readOnly: true }],
    ...(native ? { restartPolicy: 'Always' } : {}),
  };
  const apps = containerNames(input.spec, ['containers']);
  const ports: OwnedPort[] = [
    { port: 3500, what: 'HTTP API' },
    { port: 3501, what: 'health' },
    { port: grpc, what: 'gRPC API' },
    { port: internal, what: 'internal gRPC' },
    { port: metrics, what: 'metrics' },
  ];
  return {
    by: injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, native, input),
    containers: [{ container: daprd, list: native ? 'initContainers' : 'containers', at: 'last', role: 'proxy' }],
    volumes: [{ name: 'dapr-identity-token', projected: { sources: [{ serviceAccountToken: { audience: 'spiffe://cluster.local/ns/dapr-system/dapr-sentry', expirationSeconds: 7200, path: 'token' } }] } }],
    additions: [{ containers: apps, env: [{ name: 'DAPR_HTTP_PORT', value: '3500' }, { name: 'DAPR_GRPC_PORT', value: String(grpc) }, { name: 'APP_PROTOCOL', value: input.annotations['dapr.io/app-protocol'] ?? 'http' }] }],
    labels: { 'dapr.io/sidecar-injected': 'true', 'dapr.io/app-id': appId, 'dapr.io/metrics-enabled': 'true' },
    ownedPorts: ports,
  };
}

export const dapr: InjectorModule = {
  name: 'dapr',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // charts/dapr/charts/dapr_sidecar_injector/templates/dapr_sidecar_injector_webhook_config.yaml l.5, l.13.
  webhook: { name: 'dapr-sidecar-injector', reinvocation: 'IfNeeded' },
  plan,
  nativeAnnotation(by, kube) {
    return atLeastInjector(parseInjectorVersion(by.version ?? DEFAULT_VERSION), 1, 18) && hasFeature(kube, 'nativeSidecars') ? { key: NATIVE, value: 'true' } : undefined;
  },
  jobRemedy(by, kube) {
    // pkg/api/http/shutdown.go l.27-44; dapr/dapr#5006.
    const exit = 'have the main container end with curl -X POST http://localhost:3500/v1.0/shutdown, which stops daprd (dapr/dapr#5006)';
    const native = dapr.nativeAnnotation(by, kube);
    if (native !== undefined) return nativeJobRemedy(native, by.label, 'daprd', exit);
    return { text: `Fix: ${exit}; Dapr injects daprd as a native sidecar from 1.18 (dapr.io/enable-native-sidecar).` };
  },
};
