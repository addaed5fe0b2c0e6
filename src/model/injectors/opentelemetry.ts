/**
 * The OpenTelemetry Operator's pod webhook, as open-telemetry/opentelemetry-operator v0.158.0
 * (be89444) does it. Paths below are in that repository.
 *
 * - Which pods: `sidecar.opentelemetry.io/inject` and `instrumentation.opentelemetry.io/inject-<language>`
 *   on the pod or its namespace; a pod value other than empty wins, except that a pod's "true" takes
 *   the namespace's collector or instrumentation name (pkg/sidecar/annotation.go l.18-47,
 *   internal/instrumentation/annotation.go l.38-67); "false" (any case) injects nothing. The collector
 *   named (or the one collector in sidecar mode of the namespace) is taken to exist.
 * - The collector sidecar `otc-container` (internal/naming/main.go l.44) is appended to the containers, or
 *   — native — to the init containers with restartPolicy Always (pkg/sidecar/pod.go l.41-51). Native from
 *   v0.132.0 on Kubernetes 1.29+ (CHANGELOG: gate `operator.sidecarcontainers.native` added 0.111.0 off,
 *   on by default 0.132.0, stable 0.139.0, removed 0.140.0; internal/autodetect/main.go l.271-281).
 * - Instrumentation: the sidecar mutator runs first, then instrumentation (internal/operator/webhooks.go
 *   l.76-80): init containers `opentelemetry-auto-instrumentation-<language>` appended, each with an
 *   emptyDir of 200Mi mounted into the first container (internal/instrumentation/sdk.go l.265-355,
 *   helper.go l.21). Go is different (internal/instrumentation/golang.go): a classic sidecar
 *   `opentelemetry-auto-instrumentation` in the containers, privileged, uid 0, the host's
 *   /sys/kernel/debug, and `shareProcessNamespace: true` — it never exits. Go and nginx are off in the
 *   operator by default (internal/config/config.go l.188-195): a pod that asks for them is taken to run
 *   where they are on.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import { hasFeature } from '../kube-version.js';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { atLeastInjector, parseInjectorVersion } from './profile.js';
import type { ContainerAddition, InjectedContainer, InjectionInput, InjectionPlan, InjectorModule, InjectorProfile, InjectorVersion, Trigger } from './profile.js';
import { containerNames, injectedBy, namespaceTrigger, podTrigger, versionOf } from './triggers.js';

const PRODUCT = 'OpenTelemetry Operator';
const DEFAULT_VERSION = '0.158';

export const OTEL_SIDECAR = 'sidecar.opentelemetry.io/inject';
export const OTEL_INSTRUMENTATION = 'instrumentation.opentelemetry.io/inject-';
const LANGUAGES = ['java', 'nodejs', 'python', 'dotnet', 'go', 'apache-httpd', 'nginx', 'sdk'] as const;

/** The value that decides, pod over namespace (annotation.go): undefined when nothing is asked for, or "false". */
function decide(input: InjectionInput, key: string): Trigger | undefined {
  const pod = podTrigger(input, 'annotations', key);
  const namespace = namespaceTrigger(input, 'annotations', key);
  let chosen = pod !== undefined && pod.value !== '' ? pod : namespace;
  // A pod's "true" takes the namespace's named instance (or its "true"), but not the namespace's "false".
  if (pod?.value.toLowerCase() === 'true' && namespace !== undefined && namespace.value !== '' && namespace.value.toLowerCase() !== 'false') chosen = pod;
  if (chosen === undefined || chosen.value === '' || chosen.value.toLowerCase() === 'false') return undefined;
  return chosen;
}

/** Native collector: the gate's history (CHANGELOG.md l.907-1920) and the API server's version (1.29+). */
export function otelNative(version: InjectorVersion | undefined, setting: InjectorProfile['nativeSidecars'], kube: InjectionInput['kubernetesVersion']): boolean {
  if (!hasFeature(kube, 'nativeSidecars')) return false;
  if (atLeastInjector(version, 0, 139)) return true;
  if (atLeastInjector(version, 0, 132)) return setting !== false;
  if (atLeastInjector(version, 0, 111)) return setting === true;
  return false;
}

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  const names = containerNames(input.spec);
  const sidecar = names.includes('otc-container') ? undefined : decide(input, OTEL_SIDECAR);
  // Skipped when instrumented already (internal/instrumentation/helper.go l.34-67).
  const instrumented = names.some((name) => name.startsWith('opentelemetry-auto-instrumentation'));
  const languages = instrumented ? [] : LANGUAGES.flatMap((language) => {
    const found = decide(input, `${OTEL_INSTRUMENTATION}${language}`);
    return found === undefined ? [] : [{ language, trigger: found }];
  });
  // Go needs the process namespace; a pod that forbids sharing it is skipped (golang.go l.25-27).
  const instrumentation = languages.filter(({ language }) => language !== 'go' || input.spec.shareProcessNamespace !== false);
  const trigger = sidecar ?? instrumentation[0]?.trigger;
  if (trigger === undefined) return undefined;
  const { parsed } = versionOf(profile, DEFAULT_VERSION);
  const native = sidecar !== undefined && otelNative(parsed, profile.nativeSidecars, input.kubernetesVersion);
  const containers: InjectedContainer[] = [];
  const volumes: IVolume[] = [];
  const additions: ContainerAddition[] = [];
  let shareProcessNamespace = false;
  if (sidecar !== undefined) {
    const collector: IContainer = {
      name: 'otc-container',
      image: 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector:0.138.0',
      args: ['--config=env:OTEL_CONFIG'],
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'OTEL_CONFIG', value: '(the collector configuration)' }],
      // Receivers' ports come from the collector's configuration; metrics 8888 always (internal/manifests/collector/container.go l.131-172).
      ports: [{ containerPort: 8888, name: 'metrics', protocol: 'TCP' }],
      ...(native ? { restartPolicy: 'Always' } : {}),
    };
    containers.push({ container: collector, list: native ? 'initContainers' : 'containers', at: 'last', role: 'collector' });
  }
  const firstApp = containerNames(input.spec, ['containers'])[0];
  const listed = input.annotations['instrumentation.opentelemetry.io/container-names'];
  const targets = listed !== undefined ? listed.split(',').map((name) => name.trim()) : firstApp !== undefined ? [firstApp] : [];
  for (const { language } of instrumentation) {
    if (language === 'sdk') {
      additions.push({ containers: targets, env: [{ name: 'OTEL_SERVICE_NAME', value: '(the workload name)' }] });
      continue;
    }
    if (language === 'go') {
      shareProcessNamespace = true;
      const exe = input.annotations['instrumentation.opentelemetry.io/otel-go-auto-target-exe'];
      containers.push({
        container: {
          name: 'opentelemetry-auto-instrumentation',
          image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:latest',
          env: exe !== undefined ? [{ name: 'OTEL_GO_AUTO_TARGET_EXE', value: exe }] : [],
          securityContext: { runAsUser: 0, privileged: true },
          volumeMounts: [{ name: 'kernel-debug', mountPath: '/sys/kernel/debug' }],
        },
        list: 'containers',
        at: 'last',
        role: 'instrumentation',
      });
      volumes.push({ name: 'kernel-debug', hostPath: { path: '/sys/kernel/debug' } });
      continue;
    }
    const volume = language === 'apache-httpd' ? 'otel-apache-agent' : language === 'nginx' ? 'otel-nginx-agent' : `opentelemetry-auto-instrumentation-${language}`;
    const mountPath = language === 'apache-httpd' || language === 'nginx' ? `/opt/opentelemetry-webserver/agent` : `/otel-auto-instrumentation-${language}`;
    const inits = language === 'apache-httpd' ? ['otel-agent-source-container-clone', 'otel-agent-attach-apache'] : language === 'nginx' ? ['otel-agent-source-container-clone', 'otel-agent-attach-nginx'] : [`opentelemetry-auto-instrumentation-${language}`];
    for (const name of inits) {
      containers.push({
        container: { name, image: `ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-${language}:latest`, command: ['cp', '-r', '/autoinstrumentation/.', mountPath], volumeMounts: [{ name: volume, mountPath }] },
        list: 'initContainers',
        at: 'last',
        role: 'instrumentation',
      });
    }
    volumes.push({ name: volume, emptyDir: { sizeLimit: '200Mi' } });
    additions.push({ containers: targets, volumeMounts: [{ name: volume, mountPath }] });
  }
  return {
    by: injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, native, input),
    containers,
    volumes,
    additions,
    ...(shareProcessNamespace ? { podFields: { shareProcessNamespace: true } } : {}),
    ...(sidecar !== undefined ? { labels: { 'sidecar.opentelemetry.io/injected': `${input.namespace}.${sidecar.value.toLowerCase() === 'true' ? 'collector' : sidecar.value.replace('/', '.')}`.slice(0, 63) } } : {}),
    ownedPorts: sidecar !== undefined ? [{ port: 8888, what: 'collector metrics' }] : [],
  };
}

export const opentelemetry: InjectorModule = {
  name: 'opentelemetry',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // config/webhook/manifests.yaml l.5 with config/default/kustomization.yaml's namePrefix; no reinvocationPolicy.
  webhook: { name: 'opentelemetry-operator-mutating-webhook-configuration', reinvocation: 'Never' },
  plan,
  nativeAnnotation: () => undefined,
  jobRemedy(by, kube, container) {
    if (container === 'opentelemetry-auto-instrumentation') {
      return { text: 'Fix: remove instrumentation.opentelemetry.io/inject-go from the Job\'s pod template: the Go agent runs beside the app as a classic sidecar that never exits; instrument the Job with the OpenTelemetry Go SDK instead' };
    }
    const version = parseInjectorVersion(by.version ?? DEFAULT_VERSION);
    if (!hasFeature(kube, 'nativeSidecars')) return { text: `Fix: do not inject a collector sidecar into Jobs (sidecar.opentelemetry.io/inject: "false"); the operator injects it as a native sidecar only on Kubernetes 1.29 or later` };
    if (atLeastInjector(version, 0, 132)) return { text: `Fix: remove -operator.sidecarcontainers.native from the operator's --feature-gates (on by default from v0.132.0, always on from v0.139.0), or do not inject a collector sidecar into Jobs` };
    if (atLeastInjector(version, 0, 111)) return { text: `Fix: start the operator with --feature-gates=operator.sidecarcontainers.native (${by.label} has it off by default) or upgrade it to v0.132.0 or later, and the collector is injected as a native sidecar; or do not inject a collector sidecar into Jobs` };
    return { text: `Fix: upgrade the operator to v0.132.0 or later, which injects the collector as a native sidecar; or do not inject a collector sidecar into Jobs` };
  },
};

/** True for an annotation that asks the OpenTelemetry Operator to inject something. */
export function asksOpenTelemetry(key: string, value: string): boolean {
  return (key === OTEL_SIDECAR || (key.startsWith(OTEL_INSTRUMENTATION) && (LANGUAGES as readonly string[]).includes(key.slice(OTEL_INSTRUMENTATION.length)))) && value !== '' && value.toLowerCase() !== 'false';
}

