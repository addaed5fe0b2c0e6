/**
 * The AWS App Mesh controller's sidecar injector, as aws/aws-app-mesh-controller-for-k8s v1.13.3
 * (pkg/inject unchanged at 7588d12) does it. Paths below are in that repository.
 *
 * - Which pods: the webhook is called only in namespaces labelled
 *   `appmesh.k8s.aws/sidecarInjectorWebhook` `enabled` or `disabled` (config/helm/appmesh-controller/
 *   templates/webhook.yaml l.43-67); the pod's annotation of that key overrides the label, in any case
 *   (pkg/inject/inject.go l.246-284). `enabled` injects when a VirtualNode of the namespace selects the
 *   pod, and rejects the pod when none does (inject.go l.60-82): a pod that is created is injected, so
 *   sidecar-lint takes it to be selected.
 * - What and where: `proxyinit` appended to the init containers (pkg/inject/init_proxy.go l.114; not with
 *   App Mesh CNI or on Fargate), `envoy` appended to the containers (envoy.go l.129-134) with uid 1337,
 *   the admin port 9901 and a preStop `sleep 20` (sidecar_builder.go l.194-214), and with X-Ray tracing
 *   `xray-daemon` (uid 1337, 2000/UDP; xray.go l.67-114). No native sidecars. `fsGroup: 1337` on a pod
 *   that sets none (iam_for_service_accounts.go l.33-41).
 */
import type { InjectedContainer, InjectionInput, InjectionPlan, InjectorModule, InjectorProfile, OwnedPort } from './profile.js';
import { containerNames, injectedBy, namespaceTrigger, namespaceValue, podTrigger } from './triggers.js';

const PRODUCT = 'AWS App Mesh';
const DEFAULT_VERSION = '1.13';
const KEY = 'appmesh.k8s.aws/sidecarInjectorWebhook';
export const APPMESH_UID = 1337;

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  // A VirtualGateway's pod already has its envoy, which the controller edits in place.
  if (containerNames(input.spec).includes('envoy')) return undefined;
  const label = namespaceValue(input, 'labels', KEY);
  if (label !== 'enabled' && label !== 'disabled') return undefined;
  const pod = podTrigger(input, 'annotations', KEY);
  const trigger = pod ?? namespaceTrigger(input, 'labels', KEY);
  // Only `enabled` is certain: another value injects only where a VirtualNode selects the pod, which sidecar-lint cannot see.
  if (trigger === undefined || trigger.value.toLowerCase() !== 'enabled') return undefined;
  const cni = input.annotations['appmesh.k8s.aws/appmeshCNI']?.toLowerCase() === 'enabled' || input.labels['eks.amazonaws.com/fargate-profile'] !== undefined;
  const containers: InjectedContainer[] = [];
  if (!cni) {
    containers.push({
      container: {
        name: 'proxyinit',
        image: '840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-proxy-route-manager:v7-prod',
        env: [
          { name: 'APPMESH_START_ENABLED', value: '1' },
          { name: 'APPMESH_IGNORE_UID', value: String(APPMESH_UID) },
          { name: 'APPMESH_ENVOY_INGRESS_PORT', value: '15000' },
          { name: 'APPMESH_ENVOY_EGRESS_PORT', value: '15001' },
          { name: 'APPMESH_EGRESS_IGNORED_IP', value: '169.254.169.254' },
          { name: 'APPMESH_EGRESS_IGNORED_PORTS', value: '22' },
        ],
        resources: { requests: { cpu: '10m', memory: '32Mi' } },
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
      },
      list: 'initContainers',
      at: 'last',
      role: 'proxy-init',
      redirects: true,
    });
  }
  containers.push({
    container: {
      name: 'envoy',
      image: '840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:v1.34.13.3-prod',
      env: [{ name: 'ENVOY_ADMIN_ACCESS_PORT', value: '9901' }],
      ports: [{ containerPort: 9901, name: 'stats', protocol: 'TCP' }],
      readinessProbe: { exec: { command: ['sh', '-c', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'] }, initialDelaySeconds: 1, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 20'] } } },
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      securityContext: { runAsUser: APPMESH_UID },
    },
    list: 'containers',
    at: 'last',
    role: 'proxy',
  });
  const ports: OwnedPort[] = [
    { port: 15000, what: 'Envoy ingress' },
    { port: 15001, what: 'Envoy egress' },
    { port: 9901, what: 'Envoy admin' },
  ];
  if (profile.xray === true) {
    containers.push({
      container: {
        name: 'xray-daemon',
        image: 'public.ecr.aws/xray/aws-xray-daemon:latest',
        ports: [{ containerPort: 2000, name: 'xray', protocol: 'UDP' }],
        resources: { requests: { cpu: '10m', memory: '32Mi' } },
        securityContext: { runAsUser: APPMESH_UID },
      },
      list: 'containers',
      at: 'last',
      role: 'agent',
    });
    ports.push({ port: 2000, protocol: 'UDP', what: 'X-Ray daemon' });
  }
  return {
    by: injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, false, input),
    containers,
    volumes: [],
    podFields: { securityContext: { fsGroup: APPMESH_UID } },
    ownedPorts: ports,
    proxyUid: APPMESH_UID,
  };
}

export const appmesh: InjectorModule = {
  name: 'appmesh',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // config/helm/appmesh-controller/templates/webhook.yaml l.16 with the release name of its README; no reinvocationPolicy.
  webhook: { name: 'appmesh-controller-mutating-webhook-configuration', reinvocation: 'Never' },
  plan,
  nativeAnnotation: () => undefined,
  jobRemedy: (_by, _kube, container) => ({
    text: container === 'xray-daemon'
      ? `Fix: opt the Job out with the annotation ${KEY}: disabled (the X-Ray daemon has no endpoint that stops it), or run the controller without X-Ray tracing; App Mesh has no native sidecars, and AWS discontinues it on 2026-09-30`
      : `Fix: have the main container stop Envoy when it is done (curl -X POST http://localhost:9901/quitquitquit), or opt the Job out with the annotation ${KEY}: disabled; App Mesh has no native sidecars, and AWS discontinues it on 2026-09-30`,
  }),
};
