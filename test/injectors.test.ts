/**
 * Injector profiles (docs/injectors.md): what each profile synthesizes, with the vendor code each
 * fact was read from (the goldens themselves are compared in injection-goldens.test.ts); the triggers
 * as each webhook reads them, with and without, in namespaces labelled in the config and by a
 * Namespace object in the same file, on both sides of each native-sidecar switch; the webhooks'
 * order; and the findings at the trigger, exact to file:line:column, through the engine and the CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { effectivePod } from '../src/model/effective-pod.js';
import { INJECTOR_NAMES, planInjections, webhookOrder } from '../src/model/injectors/index.js';
import type { InjectionInput, InjectorProfile } from '../src/model/injectors/index.js';
import type { KubeVersion } from '../src/model/kube-version.js';
import { runCli, tempTree } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const CONFIG = ['--config', 'fixtures/injectors/.sidecar-lint.yaml'];
const KUBE_135: KubeVersion = { major: 1, minor: 35 };

const APP = { name: 'hello', image: 'example.com/hello:1.0', ports: [{ containerPort: 80, name: 'http' }] };

function profile(name: InjectorProfile['name'], version?: string, nativeSidecars: InjectorProfile['nativeSidecars'] = 'auto'): InjectorProfile {
  return { name, ...(version !== undefined ? { version } : {}), nativeSidecars };
}

function input(overrides: Partial<InjectionInput> = {}): InjectionInput {
  return { spec: { containers: [APP] }, labels: {}, annotations: {}, namespace: 'default', kubernetesVersion: KUBE_135, ...overrides };
}

/** The effective pod's container names per list, and the synthesized container of a name. */
function injected(profiles: InjectorProfile[], given: InjectionInput) {
  const plans = planInjections(profiles, given);
  const pod = effectivePod(given.spec, ['spec'], plans);
  const names = (list: 'initContainers' | 'containers') => ((pod.spec[list] ?? []) as { name: string }[]).map((container) => container.name);
  const container = (name: string) => pod.containers.find((info) => info.name === name);
  const volumes = ((pod.spec.volumes ?? []) as { name: string }[]).map((volume) => volume.name);
  return { plans, pod, names, container, volumes };
}

const ISTIO_NS = { labels: { 'istio-injection': 'enabled' }, annotations: {}, fromConfig: true };
const count = (profiles: InjectorProfile[], given: Partial<InjectionInput>) => planInjections(profiles, input(given)).length;

describe('the Istio profile (istio/istio 86c9f01, tags 1.23.0–1.30.0)', () => {
  it('classic (Istio 1.26): istio-init last among the init containers, istio-proxy last in containers, its port, probes and uid', () => {
    // multi-init.yaml.injected@1.26.0 and reorderPod (pkg/kube/inject/webhook.go l.817-825); injection-template.yaml
    // l.160-171 (istio-init as uid 0 with NET_ADMIN, NET_RAW), l.194-197 (port 15090), l.358-375 (probes), l.402-413 (uid 1337).
    const spec = { initContainers: [{ name: 'migrate', image: 'example.com/migrate:1', command: ['psql', '-c', 'select 1'] }], containers: [APP] };
    const { names, container, volumes } = injected([profile('istio', '1.26')], input({ spec, namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(names('initContainers')).toEqual(['migrate', 'istio-init']);
    expect(names('containers')).toEqual(['hello', 'istio-proxy']);
    const proxy = container('istio-proxy')!;
    expect(proxy.role).toBe('app');
    expect(proxy.container.ports).toEqual([{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]);
    expect(proxy.container.readinessProbe?.httpGet).toEqual({ path: '/healthz/ready', port: 15021 });
    expect(proxy.container.startupProbe?.httpGet).toEqual({ path: '/healthz/ready', port: 15021 });
    expect(proxy.container.lifecycle).toBeUndefined();
    expect(proxy.container.securityContext).toMatchObject({ runAsUser: 1337, runAsGroup: 1337 });
    expect(proxy.helper?.product).toBe('Istio proxy');
    expect(proxy.injected).toMatchObject({ injector: 'istio', role: 'proxy', native: false, label: 'Istio 1.26', because: "namespace payments has istio-injection=enabled, from the config's namespaces" });
    const init = container('istio-init')!;
    expect(init.role).toBe('init');
    expect(init.injected?.redirects).toBe(true);
    expect(init.container.args?.slice(0, 7)).toEqual(['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337']);
    expect(init.container.securityContext).toMatchObject({ runAsUser: 0, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(volumes).toEqual(['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert']);
  });

  it('holdApplicationUntilProxyStarts: a classic proxy first in containers with postStart pilot-agent wait; a native one ignores it', () => {
    // hello.proxyHoldsApplication.yaml.injected@1.26.0; injection-template.yaml l.71-73 ($holdProxy only when not native).
    const annotations = { 'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true' };
    const labels = { 'sidecar.istio.io/inject': 'true' };
    const classic = injected([profile('istio', '1.26')], input({ annotations, labels }));
    expect(classic.names('containers')).toEqual(['istio-proxy', 'hello']);
    expect(classic.container('istio-proxy')!.container.lifecycle?.postStart?.exec?.command).toEqual(['pilot-agent', 'wait']);
    const native = injected([profile('istio', '1.28')], input({ annotations, labels }));
    expect(native.names('initContainers')).toEqual(['istio-init', 'istio-proxy']);
    expect(native.container('istio-proxy')!.container.lifecycle?.postStart).toBeUndefined();
    expect(native.container('istio-proxy')!.container.lifecycle?.preStop?.exec?.command).toEqual(['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain']);
  });

  it('native (Istio 1.27+ on Kubernetes 1.33+): istio-init, then istio-proxy, before the pod\'s own init containers', () => {
    // native-sidecar.yaml.injected@86c9f01; reorderPod l.809-816 ("so init containers are part of the mesh").
    const spec = { initContainers: [{ name: 'other-sidecar', image: 'example.com/hello:1.0', restartPolicy: 'Always' }], containers: [APP] };
    const { names, container, volumes } = injected([profile('istio', '1.27')], input({ spec, namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(names('initContainers')).toEqual(['istio-init', 'istio-proxy', 'other-sidecar']);
    expect(names('containers')).toEqual(['hello']);
    const proxy = container('istio-proxy')!;
    expect(proxy.role).toBe('sidecar');
    expect(proxy.injected?.native).toBe(true);
    expect(volumes).toContain('istio-ca-crl');
  });

  it('decides native or classic as each release does: auto on 1.33+ nodes from 1.27, the annotation exactly "false" (1.27+) or exactly "true" (1.24–1.26)', () => {
    // pilot/pkg/features/pilot.go l.345-361 (auto), webhook.go DetectNativeSidecar l.1308-1359 (minVersion 33),
    // injection-template.yaml@86c9f01 l.29 and @1.26.0 l.27; the annotation arrived with #53490 (1.24.0).
    const native = (version: string, kubernetesVersion: KubeVersion, annotations: Record<string, string> = {}, setting: InjectorProfile['nativeSidecars'] = 'auto') =>
      injected([profile('istio', version, setting)], input({ namespace: 'payments', namespaceMeta: ISTIO_NS, kubernetesVersion, annotations })).container('istio-proxy')!.injected!.native;
    const annotated = (value: string) => ({ 'sidecar.istio.io/nativeSidecar': value });
    expect(native('1.27', { major: 1, minor: 32 })).toBe(false);
    expect(native('1.27', { major: 1, minor: 33 })).toBe(true);
    expect(native('1.30', KUBE_135, annotated('false'))).toBe(false);
    // Only exactly "false" opts out from 1.27: "False" is native.
    expect(native('1.30', KUBE_135, annotated('False'))).toBe(true);
    expect(native('1.30', KUBE_135, {}, false)).toBe(false);
    expect(native('1.30', { major: 1, minor: 32 }, annotated('true'))).toBe(true);
    // 1.24–1.26: the flag defaults to false; only exactly "true" opts in.
    expect(native('1.26', KUBE_135)).toBe(false);
    expect(native('1.26', KUBE_135, annotated('true'))).toBe(true);
    expect(native('1.26', KUBE_135, annotated('True'))).toBe(false);
    expect(native('1.26', KUBE_135, {}, true)).toBe(true);
    // 1.23 reads no annotation.
    expect(native('1.23', KUBE_135, annotated('true'))).toBe(false);
    // No native sidecars in Kubernetes before 1.29: classic whatever is asked.
    expect(native('1.30', { major: 1, minor: 28 }, annotated('true'))).toBe(false);
  });

  it('selects by label as the webhook configuration does: an annotation opts out, never in; values compared exactly', () => {
    // mutatingwebhook.yaml@86c9f01 l.67-144 (objectSelector on labels), inject.go injectRequired l.201-315.
    const istio = [profile('istio', '1.28')];
    const ns = (labels: Record<string, string>) => ({ namespace: 'payments', namespaceMeta: { labels, annotations: {}, fromConfig: false } });
    expect(count(istio, {})).toBe(0);
    expect(count(istio, { labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(1);
    expect(count(istio, { annotations: { 'sidecar.istio.io/inject': 'true' } })).toBe(0);
    expect(count(istio, { labels: { 'istio.io/rev': 'canary' } })).toBe(1);
    expect(count(istio, ns({ 'istio.io/rev': 'canary' }))).toBe(1);
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), labels: { 'sidecar.istio.io/inject': 'false' } })).toBe(0);
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), annotations: { 'sidecar.istio.io/inject': 'false' } })).toBe(0);
    // "False" is neither "true" nor "false": the default policy (enabled) applies.
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), labels: { 'sidecar.istio.io/inject': 'False' } })).toBe(1);
    // istio-injection with any value but "enabled" keeps every webhook away, the pod's label too.
    expect(count(istio, { ...ns({ 'istio-injection': 'disabled' }), labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(0);
    expect(count(istio, ns({ 'istio-injection': 'Enabled' }))).toBe(0);
    expect(count(istio, { namespace: 'kube-system', labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(0);
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), spec: { hostNetwork: true, containers: [APP] } })).toBe(0);
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), spec: { containers: [APP, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.0' }] } })).toBe(0);
    expect(count(istio, { ...ns({ 'istio-injection': 'enabled' }), annotations: { 'sidecar.istio.io/status': '{}' } })).toBe(0);
  });

  it('with CNI: istio-validation (uid 1337) first in both layouts, and no iptables init container', () => {
    const cni: InjectorProfile = { ...profile('istio', '1.26'), cni: true };
    const spec = { initContainers: [{ name: 'migrate', image: 'example.com/migrate:1' }], containers: [APP] };
    const classic = injected([cni], input({ spec, namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(classic.names('initContainers')).toEqual(['istio-validation', 'migrate']);
    expect(classic.container('istio-validation')!.container.securityContext?.runAsUser).toBe(1337);
    expect(classic.plans[0]!.by.cni).toBe(true);
    const native = injected([{ ...cni, version: '1.28' }], input({ spec, namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(native.names('initContainers')).toEqual(['istio-validation', 'istio-proxy', 'migrate']);
  });
});

describe('the Linkerd profile (linkerd/linkerd2 b24cd40, edge-26.5.1)', () => {
  const enabled = { annotations: { 'linkerd.io/inject': 'enabled' } };

  it('classic (Linkerd 2.19): linkerd-init appended, linkerd-proxy first in containers with linkerd-await, ports 4143/4191, uid 2102', () => {
    // charts/patch/templates/patch.json l.11 ("-": append) and l.137-140; _proxy.tpl l.258-316; _proxy-init.tpl l.24-84.
    const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }], containers: [APP] };
    const { names, container, volumes } = injected([profile('linkerd', '2.19')], input({ ...enabled, spec }));
    expect(names('initContainers')).toEqual(['setup', 'linkerd-init']);
    expect(names('containers')).toEqual(['linkerd-proxy', 'hello']);
    const proxy = container('linkerd-proxy')!;
    expect(proxy.container.lifecycle?.postStart?.exec?.command).toEqual(['/usr/lib/linkerd/linkerd-await', '--timeout=2m', '--port=4191']);
    expect(proxy.container.ports).toEqual([{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }]);
    expect(proxy.container.livenessProbe?.httpGet).toEqual({ path: '/live', port: 4191 });
    expect(proxy.container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 4191 });
    expect(proxy.container.securityContext?.runAsUser).toBe(2102);
    expect(proxy.helper?.product).toBe('Linkerd proxy');
    const init = container('linkerd-init')!;
    expect(init.container.args!.slice(0, 6)).toEqual(['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140', '--proxy-uid', '2102']);
    expect(init.container.securityContext?.runAsUser).toBe(65534);
    expect(volumes).toEqual(['linkerd-proxy-init-xtables-lock', 'linkerd-identity-end-entity', 'linkerd-identity-token']);
    // proxy-await disabled: the proxy goes last, without linkerd-await.
    const unawaited = injected([profile('linkerd', '2.19')], input({ annotations: { ...enabled.annotations, 'config.linkerd.io/proxy-await': 'disabled' } }));
    expect(unawaited.names('containers')).toEqual(['hello', 'linkerd-proxy']);
    expect(unawaited.container('linkerd-proxy')!.container.lifecycle).toBeUndefined();
  });

  it('native (2.20 by default; earlier through the annotation its release reads): linkerd-init, linkerd-proxy first in initContainers', () => {
    // pod.nativesidecar.patch.json@b24cd40: /spec/initContainers/0 linkerd-init, /spec/initContainers/1 linkerd-proxy.
    const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }], containers: [APP] };
    const native = (version: string, annotations: Record<string, string> = {}) =>
      injected([profile('linkerd', version)], input({ spec, annotations: { ...enabled.annotations, ...annotations } }));
    const result = native('2.20');
    expect(result.names('initContainers')).toEqual(['linkerd-init', 'linkerd-proxy', 'setup']);
    expect(result.container('linkerd-proxy')!.role).toBe('sidecar');
    expect(result.container('linkerd-proxy')!.container.startupProbe?.httpGet).toEqual({ path: '/ready', port: 4191 });
    // pkg/inject/inject.go l.429-445: GA over beta over alpha, read with strconv.ParseBool; each name from its release.
    expect(native('2.19', { 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' }).container('linkerd-proxy')!.role).toBe('sidecar');
    expect(native('2.19', { 'config.linkerd.io/proxy-enable-native-sidecar': 'true' }).container('linkerd-proxy')!.role).toBe('app');
    expect(native('2.18', { 'config.alpha.linkerd.io/proxy-enable-native-sidecar': 'True' }).container('linkerd-proxy')!.role).toBe('sidecar');
    expect(native('2.18', { 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' }).container('linkerd-proxy')!.role).toBe('app');
    expect(native('2.20', { 'config.linkerd.io/proxy-enable-native-sidecar': 'false' }).container('linkerd-proxy')!.role).toBe('app');
    // A namespace's config annotation the pod lacks is copied onto it (inject.go l.177-189).
    const fromNamespace = injected([profile('linkerd', '2.19')], input({ namespace: 'reports', namespaceMeta: { labels: {}, annotations: { 'linkerd.io/inject': 'enabled', 'config.alpha.linkerd.io/proxy-enable-native-sidecar': 'true' }, fromConfig: false } }));
    expect(fromNamespace.container('linkerd-proxy')!.role).toBe('sidecar');
  });

  it('reads the annotation only, exactly; the pod over its namespace; refuses hostNetwork and pods with a proxy already', () => {
    // pkg/inject/report.go l.138-228; pkg/healthcheck/sidecar.go l.12-33; values.yaml l.523-541 (namespaceSelector).
    const linkerd = [profile('linkerd', '2.19')];
    const ns = (annotations: Record<string, string>, labels: Record<string, string> = {}) => ({ namespace: 'reports', namespaceMeta: { labels, annotations, fromConfig: false } });
    expect(count(linkerd, {})).toBe(0);
    expect(count(linkerd, enabled)).toBe(1);
    expect(count(linkerd, { annotations: { 'linkerd.io/inject': 'ingress' } })).toBe(1);
    expect(count(linkerd, { labels: { 'linkerd.io/inject': 'enabled' } })).toBe(0);
    expect(count(linkerd, { annotations: { 'linkerd.io/inject': 'true' } })).toBe(0);
    expect(count(linkerd, { annotations: { 'linkerd.io/inject': 'Enabled' } })).toBe(0);
    expect(count(linkerd, ns({ 'linkerd.io/inject': 'enabled' }))).toBe(1);
    expect(count(linkerd, { ...ns({ 'linkerd.io/inject': 'enabled' }), annotations: { 'linkerd.io/inject': 'disabled' } })).toBe(0);
    expect(count(linkerd, { ...ns({ 'linkerd.io/inject': 'disabled' }), ...enabled })).toBe(1);
    // An invalid value at either level refuses, whatever the other says.
    expect(count(linkerd, { ...ns({ 'linkerd.io/inject': 'on' }), ...enabled })).toBe(0);
    expect(count(linkerd, { ...ns({}, { 'config.linkerd.io/admission-webhooks': 'disabled' }), ...enabled })).toBe(0);
    expect(count(linkerd, { ...enabled, namespace: 'kube-system' })).toBe(0);
    expect(count(linkerd, { ...enabled, spec: { hostNetwork: true, containers: [APP] } })).toBe(0);
    expect(count(linkerd, { ...enabled, spec: { containers: [APP, { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0' }] } })).toBe(0);
    expect(count(linkerd, { ...enabled, spec: { containers: [APP, { name: 'sidecar', image: 'cr.l5d.io/linkerd/proxy:edge-24.1.1' }] } })).toBe(0);
  });

  it('with CNI: linkerd-network-validator in place of linkerd-init, no xtables lock volume', () => {
    const { names, volumes, plans } = injected([{ ...profile('linkerd', '2.20'), cni: true }], input(enabled));
    expect(names('initContainers')).toEqual(['linkerd-network-validator', 'linkerd-proxy']);
    expect(volumes).toEqual(['linkerd-identity-end-entity', 'linkerd-identity-token']);
    expect(plans[0]!.by.cni).toBe(true);
  });
});

describe('the Vault, Dapr, OpenTelemetry and App Mesh profiles', () => {
  it('Vault (vault-k8s v1.7.6): vault-agent-init appended (first with agent-init-first), vault-agent last, /vault/secrets in the app\'s containers', () => {
    // agent-inject/agent/agent.go l.607-737; handler_test.go l.140-197, l.316-343.
    const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }], containers: [APP] };
    const on = { 'vault.hashicorp.com/agent-inject': 'true' };
    let result = injected([profile('vault')], input({ spec, annotations: on }));
    expect(result.names('initContainers')).toEqual(['setup', 'vault-agent-init']);
    expect(result.names('containers')).toEqual(['hello', 'vault-agent']);
    expect(result.container('vault-agent-init')!.injected?.needsNetwork).toBe('it logs in to Vault and renders the secrets before it exits');
    expect(result.container('vault-agent')!.container.securityContext).toMatchObject({ runAsUser: 100, runAsGroup: 1000 });
    // The app's containers get the mount too, marked as the injector's.
    expect(result.container('hello')!.container.volumeMounts).toEqual([{ name: 'vault-secrets', mountPath: '/vault/secrets' }]);
    expect(result.container('hello')!.injectedFields).toEqual([['volumeMounts', 0]]);
    expect(result.container('setup')!.injectedFields).toEqual([['volumeMounts', 0]]);
    expect(result.volumes).toEqual(['home-init', 'home-sidecar', 'vault-secrets']);
    result = injected([profile('vault')], input({ spec, annotations: { ...on, 'vault.hashicorp.com/agent-init-first': 'true' } }));
    expect(result.names('initContainers')).toEqual(['vault-agent-init', 'setup']);
    result = injected([profile('vault')], input({ spec, annotations: { ...on, 'vault.hashicorp.com/agent-pre-populate-only': 'true' } }));
    expect(result.names('containers')).toEqual(['hello']);
    result = injected([profile('vault')], input({ spec, annotations: { ...on, 'vault.hashicorp.com/agent-inject-containers': 'nobody' } }));
    expect(result.container('hello')!.container.volumeMounts).toBeUndefined();
  });

  it('Vault: the trigger read with strconv.ParseBool; a value it cannot parse, or a system namespace, gets nothing', () => {
    // agent/agent.go l.575 (parseutil.ParseBool); handler.go l.207-221 (an error, or kube-system / kube-public: the pod is rejected).
    const vault = [profile('vault')];
    for (const value of ['true', 'True', 'TRUE', '1', 't']) expect(count(vault, { annotations: { 'vault.hashicorp.com/agent-inject': value } }), value).toBe(1);
    for (const value of ['false', 'yes', 'on', 'tRuE']) expect(count(vault, { annotations: { 'vault.hashicorp.com/agent-inject': value } }), value).toBe(0);
    expect(count(vault, { namespace: 'kube-system', annotations: { 'vault.hashicorp.com/agent-inject': 'true' } })).toBe(0);
    expect(count(vault, { annotations: { 'vault.hashicorp.com/agent-inject': 'true', 'vault.hashicorp.com/agent-inject-status': 'injected' } })).toBe(0);
  });

  it('Dapr (1.18): daprd last in containers with its ports and probes on 3501, env for the app; native from 1.18 with the annotation', () => {
    // pkg/injector/patcher/sidecar_patcher.go l.124-136, sidecar_container.go l.42-59, l.307-320; sidecar.go l.60-95, l.127.
    const annotations = { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders' };
    const { names, container, plans } = injected([profile('dapr')], input({ annotations }));
    expect(names('containers')).toEqual(['hello', 'daprd']);
    expect(container('daprd')!.classicSidecar).toBeDefined();
    expect(container('daprd')!.container.readinessProbe?.httpGet).toEqual({ path: '/v1.0/healthz', port: 3501 });
    expect(plans[0]!.ownedPorts.map((port) => port.port)).toEqual([3500, 3501, 50001, 50002, 9090]);
    expect(container('hello')!.container.env?.map((variable) => variable.name)).toEqual(['DAPR_HTTP_PORT', 'DAPR_GRPC_PORT', 'APP_PROTOCOL']);
    const native = injected([profile('dapr')], input({ annotations: { ...annotations, 'dapr.io/enable-native-sidecar': 'true' } }));
    expect(native.names('initContainers')).toEqual(['daprd']);
    expect(native.container('daprd')!.role).toBe('sidecar');
    expect(native.container('daprd')!.container.startupProbe).toBeUndefined();
    expect(injected([profile('dapr', '1.17')], input({ annotations: { ...annotations, 'dapr.io/enable-native-sidecar': 'true' } })).names('containers')).toEqual(['hello', 'daprd']);
  });

  it('Dapr: "true" in any case from 1.17.3 (other truthy values before); a controller\'s pod needs dapr.io/app-id', () => {
    // service/handler.go l.66-70 (#9669, from 1.17.3); patcher/sidecar_container.go l.472-478 (the app id defaults to the pod's name).
    const enabled = (value: string) => ({ 'dapr.io/enabled': value, 'dapr.io/app-id': 'orders' });
    expect(count([profile('dapr')], { annotations: enabled('TRUE') })).toBe(1);
    expect(count([profile('dapr')], { annotations: enabled('yes') })).toBe(0);
    expect(count([profile('dapr', '1.17.2')], { annotations: enabled('yes') })).toBe(1);
    expect(count([profile('dapr')], { annotations: { 'dapr.io/enabled': 'true' } })).toBe(0);
    expect(count([profile('dapr')], { annotations: { 'dapr.io/enabled': 'true' }, isPod: true, podName: 'orders-0' })).toBe(1);
  });

  it('OpenTelemetry (0.158): the collector natively (Kubernetes 1.29+) after the pod\'s init containers, then the instrumentation init container', () => {
    // pkg/sidecar/pod.go l.41-51; internal/operator/webhooks.go l.76-80 (sidecar first); internal/instrumentation/sdk.go l.341-355.
    const annotations = { 'instrumentation.opentelemetry.io/inject-java': 'true', 'sidecar.opentelemetry.io/inject': 'true' };
    const { names, container, volumes } = injected([profile('opentelemetry')], input({ annotations }));
    expect(names('initContainers')).toEqual(['otc-container', 'opentelemetry-auto-instrumentation-java']);
    expect(names('containers')).toEqual(['hello']);
    expect(container('otc-container')!.role).toBe('sidecar');
    expect(container('hello')!.container.volumeMounts).toEqual([{ name: 'opentelemetry-auto-instrumentation-java', mountPath: '/otel-auto-instrumentation-java' }]);
    expect(volumes).toEqual(['opentelemetry-auto-instrumentation-java']);
    // CHANGELOG.md: native off by default before 0.132.0 (on with the gate from 0.111.0), always on from 0.139.0.
    const native = (version: string, setting: InjectorProfile['nativeSidecars'] = 'auto', kubernetesVersion = KUBE_135) =>
      injected([profile('opentelemetry', version, setting)], input({ annotations: { 'sidecar.opentelemetry.io/inject': 'true' }, kubernetesVersion })).container('otc-container')!.role;
    expect(native('0.131')).toBe('app');
    expect(native('0.131', true)).toBe('sidecar');
    expect(native('0.110', true)).toBe('app');
    expect(native('0.132', false)).toBe('app');
    expect(native('0.139', false)).toBe('sidecar');
    expect(native('0.158', 'auto', { major: 1, minor: 28 })).toBe('app');
  });

  it('OpenTelemetry: pod over namespace, "false" injects nothing, and Go is a classic privileged sidecar with shareProcessNamespace', () => {
    // pkg/sidecar/annotation.go l.18-47; internal/instrumentation/golang.go l.25-89.
    const otel = [profile('opentelemetry')];
    const ns = (annotations: Record<string, string>) => ({ namespace: 'obs', namespaceMeta: { labels: {}, annotations, fromConfig: false } });
    expect(count(otel, ns({ 'sidecar.opentelemetry.io/inject': 'true' }))).toBe(1);
    expect(count(otel, { ...ns({ 'sidecar.opentelemetry.io/inject': 'true' }), annotations: { 'sidecar.opentelemetry.io/inject': 'false' } })).toBe(0);
    expect(count(otel, { ...ns({ 'sidecar.opentelemetry.io/inject': 'false' }), annotations: { 'sidecar.opentelemetry.io/inject': 'true' } })).toBe(1);
    expect(count(otel, { annotations: { 'sidecar.opentelemetry.io/inject': 'False' } })).toBe(0);
    const go = injected(otel, input({ annotations: { 'instrumentation.opentelemetry.io/inject-go': 'true' } }));
    expect(go.names('containers')).toEqual(['hello', 'opentelemetry-auto-instrumentation']);
    expect(go.pod.spec.shareProcessNamespace).toBe(true);
    expect(go.container('opentelemetry-auto-instrumentation')!.classicSidecar).toBeDefined();
    expect(count(otel, { annotations: { 'instrumentation.opentelemetry.io/inject-go': 'true' }, spec: { shareProcessNamespace: false, containers: [APP] } })).toBe(0);
  });

  it('App Mesh (1.13): in a namespace labelled enabled or disabled only; the pod\'s annotation over it, in any case; proxyinit and envoy appended', () => {
    // config/helm/appmesh-controller/templates/webhook.yaml l.43-67; pkg/inject/inject.go l.246-284; init_proxy.go l.114; envoy.go l.129-134.
    const appmesh = [profile('appmesh')];
    const ns = (value: string) => ({ namespace: 'shop', namespaceMeta: { labels: { 'appmesh.k8s.aws/sidecarInjectorWebhook': value }, annotations: {}, fromConfig: false } });
    const { names, container, plans } = injected(appmesh, input(ns('enabled')));
    expect(names('initContainers')).toEqual(['proxyinit']);
    expect(names('containers')).toEqual(['hello', 'envoy']);
    expect(container('envoy')!.container.lifecycle?.preStop?.exec?.command).toEqual(['sh', '-c', 'sleep 20']);
    expect(plans[0]!.ownedPorts.map((port) => port.port)).toEqual([15000, 15001, 9901]);
    expect(count(appmesh, { ...ns('enabled'), annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'disabled' } })).toBe(0);
    expect(count(appmesh, { ...ns('disabled'), annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'ENABLED' } })).toBe(1);
    expect(count(appmesh, ns('Enabled'))).toBe(0);
    expect(count(appmesh, { annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'enabled' } })).toBe(0);
    expect(injected(appmesh, input({ ...ns('enabled'), annotations: { 'appmesh.k8s.aws/appmeshCNI': 'enabled' } })).names('initContainers')).toEqual([]);
    const xray = injected([{ ...profile('appmesh'), xray: true }], input(ns('enabled')));
    expect(xray.names('containers')).toEqual(['hello', 'envoy', 'xray-daemon']);
    expect(xray.plans[0]!.ownedPorts).toContainEqual({ port: 2000, protocol: 'UDP', what: 'X-Ray daemon' });
  });
});

describe('several profiles: the webhooks\' order', () => {
  it('calls them sorted by configuration name, each on the pod as the earlier ones left it', () => {
    // kubernetes/apiserver pkg/admission/configuration/mutating_webhook_manager.go@24a394e l.125, l.161-162.
    expect(webhookOrder(INJECTOR_NAMES.map((name) => profile(name))).map((item) => item.name)).toEqual(['appmesh', 'dapr', 'istio', 'linkerd', 'opentelemetry', 'vault']);
    expect(webhookOrder([profile('istio'), { ...profile('vault'), webhook: 'a-vault' }]).map((item) => item.name)).toEqual(['vault', 'istio']);
    // Istio first: Linkerd finds istio-proxy and refuses the pod (pkg/healthcheck/sidecar.go).
    const both = planInjections([profile('linkerd'), profile('istio')], input({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'linkerd.io/inject': 'enabled' } }));
    expect(both.map((plan) => plan.by.injector)).toEqual(['istio']);
  });

  it('calls Dapr (reinvocationPolicy IfNeeded) again after a later change, which adds no second daprd', () => {
    // dapr_sidecar_injector_webhook_config.yaml l.13; dispatcher.go l.190-200; sidecar_patcher.go l.156-168 (daprd present: no patch).
    const plans = planInjections([profile('vault'), profile('dapr')], input({ annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders', 'vault.hashicorp.com/agent-inject': 'true' } }));
    expect(plans.map((plan) => plan.by.injector)).toEqual(['dapr', 'vault']);
    const { names } = injected([profile('vault'), profile('dapr')], input({ annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders', 'vault.hashicorp.com/agent-inject': 'true' } }));
    expect(names('containers')).toEqual(['hello', 'daprd', 'vault-agent']);
  });
});

async function lint(name: string, text: string, config: Record<string, unknown>) {
  const resolved = await resolveConfig(config, builtinRules);
  return lintText(name, text, resolved);
}

const JOB = (namespace: string, extra = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: settle
  namespace: ${namespace}
spec:
  template:
${extra}    spec:
      restartPolicy: Never
      containers:
        - name: settle
          image: example.com/settle:2.4
`;

describe('the effective pod in the engine', () => {
  it('reports a plain Job in a mesh namespace of the config at its metadata.namespace, with the injector and its remedy', async () => {
    const findings = await lint('job.yaml', JOB('payments'), { injectors: [{ istio: { version: '1.26' } }], namespaces: { payments: { 'istio-injection': 'enabled' } } });
    const found = findings.filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job');
    expect(found.map((finding) => `${finding.region.start.line}:${finding.region.start.column}`)).toEqual(['5:3']);
    expect(found[0]!.message).toContain('["istio-proxy" injected by Istio 1.26 (namespace payments has istio-injection=enabled, from the config\'s namespaces)]');
    expect(found[0]!.message).toContain('sidecar.istio.io/nativeSidecar: "true"');
    expect(found[0]!.injected).toEqual({ injector: 'istio', label: 'Istio 1.26', because: "namespace payments has istio-injection=enabled, from the config's namespaces", container: 'istio-proxy' });
    // job-sidecar-blocks-completion leaves the injected proxy to this rule: one problem, one finding.
    expect(findings.filter((finding) => finding.ruleId === 'job-sidecar-blocks-completion')).toEqual([]);
  });

  it('reports at the Namespace object\'s label when it is in the same file, and not at all on the other side of the native switch', async () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    istio-injection: enabled
---
${JOB('payments')}`;
    const classic = await lint('ns.yaml', text, { injectors: ['istio@1.26'] });
    expect(classic.filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job').map((finding) => `${finding.region.start.line}:${finding.region.start.column}`)).toEqual(['6:5']);
    expect(classic.find((finding) => finding.ruleId === 'injected-sidecar-blocks-job')!.message).toContain('injected by Istio 1.26 (namespace payments has istio-injection=enabled)]');
    const native = await lint('ns.yaml', text, { injectors: ['istio@1.27'] });
    expect(native.filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job')).toEqual([]);
    // Kubernetes 1.32: Istio 1.27 keeps the proxy classic.
    const older = await lint('ns.yaml', text, { injectors: ['istio@1.27'], kubernetesVersion: '1.32' });
    expect(older.filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job').map((finding) => finding.region.start.line)).toEqual([6]);
    // Without a profile, nothing is injected.
    expect((await lint('ns.yaml', text, {})).filter((finding) => finding.ruleId.startsWith('injected-'))).toEqual([]);
  });

  it('drops what rules without seesInjected report inside a synthesized container, and fixes never touch one', async () => {
    // Linkerd's proxy carries a livenessProbe; sidecar-liveness-probe would report it, but nobody can edit it.
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations:
        linkerd.io/inject: enabled
    spec:
      containers:
        - name: api
          image: example.com/api:2.0
`;
    const findings = await lint('api.yaml', text, { injectors: ['linkerd@2.19'], extends: 'strict' });
    expect(findings.filter((finding) => finding.ruleId === 'sidecar-liveness-probe')).toEqual([]);
    for (const finding of findings) if (finding.fix) expect(JSON.stringify(finding.fix.path)).not.toMatch(/"containers",1|"initContainers",1|"volumes"/);
    const preferred = findings.find((finding) => finding.ruleId === 'prefer-native-sidecar')!;
    expect(`${preferred.region.start.line}:${preferred.region.start.column}`).toBe('11:9');
    expect(preferred.fix).toEqual({ kind: 'set', path: ['spec', 'template', 'metadata', 'annotations'], key: 'config.beta.linkerd.io/proxy-enable-native-sidecar', value: 'true' });
  });

  it('lets a comment above the trigger suppress a finding about the injected container', async () => {
    const text = JOB('payments', `    metadata:
      annotations:
        # sidecar-lint-disable-next-line injected-sidecar-blocks-job
        vault.hashicorp.com/agent-inject: "true"
`);
    const findings = await lint('vault.yaml', text, { injectors: ['vault'] });
    expect(findings.filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job')).toEqual([]);
  });

  it('lets an ignore annotation name the injected container', async () => {
    const text = JOB('payments', `    metadata:
      annotations:
        sidecar-lint.io/ignore.istio-proxy: injected-sidecar-blocks-job
`);
    const config = { injectors: ['istio@1.26'], namespaces: { payments: { 'istio-injection': 'enabled' } } };
    expect((await lint('job.yaml', text, config)).filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job')).toEqual([]);
    // …and the same Job without it is reported, with a fix that adds the native-sidecar annotation to that map.
    const bare = (await lint('job.yaml', JOB('payments', '    metadata:\n      annotations:\n        team: settle\n'), config)).find((finding) => finding.ruleId === 'injected-sidecar-blocks-job');
    expect(bare?.fix).toEqual({ kind: 'set', path: ['spec', 'template', 'metadata', 'annotations'], key: 'sidecar.istio.io/nativeSidecar', value: 'true' });
  });
});

describe('the issue\'s cases: no false errors on default installs', () => {
  const MIGRATION = (annotations: string, labels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  namespace: payments
spec:
  selector: { matchLabels: { app: ledger } }
  template:
    metadata:
      labels: { app: ledger${labels} }
      annotations: { ${annotations} }
    spec:
      initContainers:
        - name: migrate
          image: example.com/ledger-migrate:3.1
          command: ["sh", "-c", "psql -h db.payments -f /migrations/up.sql"]
      containers:
        - name: ledger
          image: example.com/ledger:3.1
`;
  const blocked = async (text: string, config: Record<string, unknown>) =>
    (await lint('ledger.yaml', text, config)).filter((finding) => finding.ruleId === 'injected-init-network-blocked').map((finding) => `${finding.region.start.line}:${finding.region.start.column} ${finding.message}`);

  it('a psql migration next to a classic Istio or Linkerd proxy has the network (their iptables init runs last); with CNI it has not', async () => {
    const istio = MIGRATION('team: ledger', ', sidecar.istio.io/inject: "true"');
    const linkerd = MIGRATION('linkerd.io/inject: enabled');
    expect(await blocked(istio, { injectors: ['istio@1.26'] })).toEqual([]);
    expect(await blocked(linkerd, { injectors: ['linkerd@2.19'] })).toEqual([]);
    const [withCni] = await blocked(istio, { injectors: [{ istio: { version: '1.26', cni: true } }] });
    expect(withCni).toMatch(/^16:11 Deployment\/payments\/ledger: init container "migrate" needs the network \(it runs "psql"\), but with Istio 1\.26's CNI plugin the pod's traffic is redirected to "istio-proxy" before any init container runs/);
    expect(withCni).toContain('Fix: add the annotation sidecar.istio.io/nativeSidecar: "true"');
    expect(await blocked(linkerd, { injectors: [{ linkerd: { version: '2.19', cni: true } }] })).toHaveLength(1);
    // Native proxies run before the pod's init containers, CNI or not.
    expect(await blocked(istio, { injectors: [{ istio: { version: '1.28', cni: true } }] })).toEqual([]);
    expect(await blocked(linkerd, { injectors: [{ linkerd: { version: '2.20', cni: true } }] })).toEqual([]);
  });

  const JOB_WITH = (annotations: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: export
spec:
  template:
    metadata:
      annotations: { ${annotations} }
    spec:
      restartPolicy: Never
      containers:
        - name: export
          image: example.com/export:1.0
`;
  const jobErrors = async (annotations: string, config: Record<string, unknown>) =>
    (await lint('job.yaml', JOB_WITH(annotations), config)).filter((finding) => finding.ruleId === 'injected-sidecar-blocks-job').map((finding) => finding.message);

  it('no Job error for a native OpenTelemetry collector or a native daprd; an error for the Go instrumentation sidecar', async () => {
    expect(await jobErrors('sidecar.opentelemetry.io/inject: "true"', { injectors: ['opentelemetry'] })).toEqual([]);
    expect(await jobErrors('dapr.io/enabled: "true", dapr.io/app-id: export, dapr.io/enable-native-sidecar: "true"', { injectors: ['dapr@1.18'] })).toEqual([]);
    const [go] = await jobErrors('instrumentation.opentelemetry.io/inject-go: "true", instrumentation.opentelemetry.io/otel-go-auto-target-exe: /export', { injectors: ['opentelemetry'] });
    expect(go).toContain('container "opentelemetry-auto-instrumentation", which OpenTelemetry Operator 0.158 adds at admission as a classic sidecar, keeps running after the Job\'s containers have finished');
    expect(go).toContain('Fix: remove instrumentation.opentelemetry.io/inject-go from the Job\'s pod template');
    // A classic collector (0.131, before native by default): the remedy names the gate that release has.
    const [old] = await jobErrors('sidecar.opentelemetry.io/inject: "true"', { injectors: ['opentelemetry@0.131'] });
    expect(old).toContain('--feature-gates=operator.sidecarcontainers.native');
    // A classic daprd: its remedy is the 1.18 annotation, with a fix that adds it.
    const classic = (await lint('job.yaml', JOB_WITH('dapr.io/enabled: "true", dapr.io/app-id: export'), { injectors: ['dapr@1.18'] })).find((finding) => finding.ruleId === 'injected-sidecar-blocks-job');
    expect(classic?.fix).toEqual({ kind: 'set', path: ['spec', 'template', 'metadata', 'annotations'], key: 'dapr.io/enable-native-sidecar', value: 'true' });
  });
});

describe('sidecar-lint with fixtures/injectors/.sidecar-lint.yaml', () => {
  const run = runCli([...CONFIG, '--format', 'compact', 'fixtures/injectors/']);
  const lines = run.stdout.split('\n').filter((line) => /^fixtures\//.test(line));
  const at = (line: string) => line.replace(/ {2}.*\s(\S+)$/, ' $1').replace(/\s+(error|warning)\s+/, ' ');

  it('shows the plain Job in a mesh namespace as an error at its namespace label, with the remedy for the injector\'s version', () => {
    expect(run.status).toBe(1);
    const job = lines.find((line) => line.startsWith('fixtures/injectors/istio-job.yaml:'));
    expect(job).toMatch(/^fixtures\/injectors\/istio-job\.yaml:6:3 {2}error {4}Job\/payments\/settle-invoices: container "istio-proxy", which Istio 1\.26 adds at admission as a classic sidecar, keeps running after the Job's containers have finished, so the Job never completes/);
    expect(job).toContain('Fix: add the annotation sidecar.istio.io/nativeSidecar: "true" to the pod template');
    expect(job).toContain('curl -fsS -XPOST http://localhost:15020/quitquitquit');
    expect(job).toMatch(/injected-sidecar-blocks-job$/);
  });

  it('reports exactly these findings, each at its trigger or field', () => {
    expect(lines.map(at).sort()).toEqual([
      'fixtures/injectors/already-injected.yaml:22:11 prefer-native-sidecar',
      'fixtures/injectors/already-injected.yaml:22:11 sidecar-resources',
      'fixtures/injectors/appmesh.yaml:7:5 injected-appmesh-end-of-support',
      'fixtures/injectors/dapr-ports.yaml:12:9 prefer-native-sidecar',
      'fixtures/injectors/dapr-ports.yaml:20:15 injected-port-conflict',
      'fixtures/injectors/fulfilment-cronjob.yaml:6:3 injected-sidecar-blocks-job',
      'fixtures/injectors/istio-deployment.yaml:21:15 injected-port-conflict',
      'fixtures/injectors/istio-deployment.yaml:23:13 injected-proxy-uid',
      'fixtures/injectors/istio-deployment.yaml:6:3 prefer-native-sidecar',
      'fixtures/injectors/istio-job.yaml:6:3 injected-sidecar-blocks-job',
      'fixtures/injectors/linkerd-namespace.yaml:7:5 injected-sidecar-blocks-job',
      'fixtures/injectors/otel-istio-native.yaml:9:5 injected-otel-istio-native',
      'fixtures/injectors/vault-behind-istio.yaml:14:9 injected-init-network-blocked',
      'fixtures/injectors/vault-behind-istio.yaml:7:3 prefer-native-sidecar',
      'fixtures/injectors/vault-init-order.yaml:18:11 injected-vault-init-order',
      'fixtures/injectors/vault-job.yaml:10:9 injected-sidecar-blocks-job',
    ]);
    // A classic Istio puts istio-init last: the migration in istio-deployment.yaml (psql) has the network (no
    // injected-init-network-blocked there), and vault-agent-init, appended after istio-init, has not.
    const blocked = lines.find((line) => line.startsWith('fixtures/injectors/vault-behind-istio.yaml:14:9'));
    expect(blocked).toContain('init container "vault-agent-init" needs the network (it logs in to Vault and renders the secrets before it exits), but it runs after init container "istio-init", which Istio 1.26 adds before it');
    expect(blocked).toContain('Fix: add the annotation vault.hashicorp.com/agent-init-first: "true" (vault-agent-init then runs first, before init container "istio-init")');
  });

  it('gives a workload the labels of its Namespace object in another linted file, at its metadata.namespace', () => {
    const cronjob = lines.find((line) => line.startsWith('fixtures/injectors/fulfilment-cronjob.yaml:6:3'));
    expect(cronjob).toContain('["istio-proxy" injected by Istio 1.26 (namespace fulfilment has istio-injection=enabled, from its Namespace in fixtures/injectors/namespaces.yaml)]');
    // Linted alone, the file's namespace is labelled nowhere: no injection.
    expect(runCli([...CONFIG, '--format', 'compact', 'fixtures/injectors/fulfilment-cronjob.yaml']).stdout).not.toContain('injected-');
  });

  it('reads that Namespace object from a JSON file, or a flow mapping, as well', () => {
    const cronjob = readFileSync(join(ROOT, 'fixtures/injectors/fulfilment-cronjob.yaml'), 'utf8');
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fulfilment', labels: { 'istio-injection': 'enabled' } } };
    for (const [file, text] of [['namespaces.json', JSON.stringify(namespace, null, 2)], ['namespaces.yaml', `${JSON.stringify(namespace).replace(/"/g, '').replace(/([:,])/g, '$1 ')}\n`]]) {
      const dir = tempTree({ 'cronjob.yaml': cronjob, [file!]: text! });
      const result = runCli(['--injector', 'istio@1.26', '--format', 'compact', '.'], { cwd: dir });
      expect(result.stdout, file).toContain(`cronjob.yaml:6:3  error    CronJob/fulfilment/ship-orders: container "istio-proxy"`);
      expect(result.stdout, file).toContain(`(namespace fulfilment has istio-injection=enabled, from its Namespace in ${file})]  injected-sidecar-blocks-job`);
    }
  });

  it('shows every rule that needs an injector profile firing at least once (fixtures/examples cannot)', () => {
    const fired = new Set(lines.map((line) => line.split(/\s+/).pop()));
    for (const rule of builtinRules.filter((item) => item.meta.tags?.includes('injectors'))) expect(fired, rule.meta.id).toContain(rule.meta.id);
  });

  it('puts the injector into JSON messages and SARIF result properties', () => {
    const json = JSON.parse(runCli([...CONFIG, '--format', 'json', 'fixtures/injectors/vault-job.yaml']).stdout) as { messages: { injected?: unknown }[] }[];
    const injectedBy = { injector: 'vault', label: 'Vault Agent Injector 1.7.6', because: 'the pod template has annotation vault.hashicorp.com/agent-inject: "true"', container: 'vault-agent' };
    expect(json[0]!.messages[0]!.injected).toEqual(injectedBy);
    const sarif = JSON.parse(runCli([...CONFIG, '--format', 'sarif', 'fixtures/injectors/vault-job.yaml']).stdout) as { runs: { results: { properties?: unknown }[] }[] };
    expect(sarif.runs[0]!.results[0]!.properties).toEqual({ injected: injectedBy });
  });

  it('fixes the trigger annotation, never the synthesized container', () => {
    const dir = tempTree({ 'job.yaml': readFileSync(join(ROOT, 'fixtures/injectors/vault-job.yaml'), 'utf8') });
    const fixed = runCli(['--injector', 'vault', '--fix', 'job.yaml'], { cwd: dir });
    expect(fixed.status).toBe(0);
    const text = readFileSync(join(dir, 'job.yaml'), 'utf8');
    expect(text).toContain('        vault.hashicorp.com/agent-pre-populate-only: "true"\n');
    expect(text).not.toContain('vault-agent');
  });

  it('prints the profiles with --print-config, and takes --injector name@version over the config', () => {
    const printed = JSON.parse(runCli([...CONFIG, '--injector', 'istio@1.27', '--print-config', 'fixtures/injectors/istio-job.yaml']).stdout) as { injectors: { name: string; version: string | null }[]; namespaces: unknown };
    // In the order the API server calls the webhooks, each with the configuration name that orders it.
    expect(printed.injectors.map((item) => item.name)).toEqual(['appmesh', 'dapr', 'istio', 'linkerd', 'opentelemetry', 'vault']);
    expect(printed.injectors[2]).toEqual({ name: 'istio', version: '1.27', nativeSidecars: 'auto', webhook: 'istio-sidecar-injector' });
    expect(printed.injectors[5]).toEqual({ name: 'vault', version: '1.7.6', nativeSidecars: 'auto', webhook: 'vault-agent-injector-cfg' });
    expect(printed.namespaces).toEqual({ payments: { 'istio-injection': 'enabled' } });
    const native = runCli([...CONFIG, '--injector', 'istio@1.27', '--format', 'compact', 'fixtures/injectors/istio-job.yaml']);
    expect(native.stdout).not.toContain('injected-sidecar-blocks-job');
  });

  it('says what is wrong with an injector setting, naming the field, without a stack trace', () => {
    const cases: [string, RegExp][] = [
      ['injectors:\n  - istio: { version: 1.27 }\n', /invalid config \.sidecar-lint\.yaml: injectors\[0\]\.istio\.version: write the version in quotes \("1\.30"\)/],
      ['injectors:\n  - vault: { cni: true }\n', /injectors\[0\]\.vault\.cni: only istio and linkerd have a CNI mode/],
      ['injectors:\n  - vault: { nativeSidecars: true }\n', /injectors\[0\]\.vault\.nativeSidecars: Vault Agent Injector injects no native sidecars \(classic only\)/],
      ['injectors:\n  - istio: { webhook: "--set=x" }\n', /injectors\[0\]\.istio\.webhook: "--set=x" is not a Kubernetes object name/],
      ['injectors:\n  - consul: {}\n', /injectors\[0\]: unknown injector "consul": use one of istio, linkerd, vault, dapr, opentelemetry, appmesh/],
      ['injectors:\n  - istio: { nativeSidecars: maybe }\n', /injectors\[0\]\.istio\.nativeSidecars: must be one of auto, true, false/],
      ['injectors:\n  - linkerd: { version: "two" }\n', /injectors\[0\]\.linkerd\.version: "two" is not a version/],
    ];
    for (const [config, message] of cases) {
      const dir = tempTree({ '.sidecar-lint.yaml': config, 'pod.yaml': 'kind: Pod\n' });
      const result = runCli(['pod.yaml'], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    }
    const flag = runCli(['--injector', 'istio@latest', 'fixtures/injectors/istio-job.yaml']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--injector istio@latest: "latest" is not a version');
  });
});

describe('fixtures/injectors', () => {
  it('hold the config and only manifests of this suite', () => {
    const files = readdirSync(join(ROOT, 'fixtures/injectors'));
    expect(files).toContain('.sidecar-lint.yaml');
    // Written by this suite's authors, not copied from vendors: no vendor status annotation but the kube-inject example.
    for (const name of files.filter((file) => file.endsWith('.yaml') && file !== 'already-injected.yaml')) {
      expect(readFileSync(join(ROOT, 'fixtures/injectors', name), 'utf8')).not.toContain('sidecar.istio.io/status');
    }
  });
});
