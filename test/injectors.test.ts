/**
 * Injector profiles (docs/injectors.md): what each profile synthesizes, compared with the vendors'
 * own injection test data (facts only — names, order, ports, uid, native placement — with the file
 * each comes from); the triggers, with and without, in namespaces labelled in the config and by a
 * Namespace object in the same file, on both sides of the native-sidecar switch; and the findings
 * at the trigger, exact to file:line:column, through the engine and the command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { effectivePod } from '../src/model/effective-pod.js';
import { planInjections } from '../src/model/injectors.js';
import type { InjectionInput, InjectorProfile } from '../src/model/injectors.js';
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

describe('the Istio profile, against istio/istio pkg/kube/inject/testdata/inject', () => {
  it('classic (Istio 1.26): istio-init first, istio-proxy last in containers, its ports, probe and uid', () => {
    // pkg/kube/inject/testdata/inject/cronjob.yaml.injected: initContainers [istio-init]; containers [hello, istio-proxy];
    // istio-proxy port 15090 "http-envoy-prom", readinessProbe httpGet /healthz/ready on 15021, runAsUser/runAsGroup 1337;
    // istio-init runs istio-iptables -p 15001 -z 15006 -u 1337 as uid 0 with NET_ADMIN, NET_RAW;
    // volumes istio-envoy, istio-data, istio-podinfo, istio-token, istiod-ca-cert (its sidecar.istio.io/status lists the same).
    const { names, container, volumes } = injected([profile('istio', '1.26')], input({ namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(names('initContainers')).toEqual(['istio-init']);
    expect(names('containers')).toEqual(['hello', 'istio-proxy']);
    const proxy = container('istio-proxy')!;
    expect(proxy.role).toBe('app');
    expect(proxy.container.ports).toEqual([{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]);
    expect(proxy.container.readinessProbe?.httpGet).toEqual({ path: '/healthz/ready', port: 15021 });
    expect(proxy.container.securityContext).toMatchObject({ runAsUser: 1337, runAsGroup: 1337 });
    expect(proxy.helper?.product).toBe('Istio proxy');
    expect(proxy.injected).toMatchObject({ injector: 'istio', role: 'proxy', native: false, label: 'Istio 1.26', because: "namespace payments has istio-injection=enabled, from the config's namespaces" });
    const init = container('istio-init')!;
    expect(init.role).toBe('init');
    expect(init.container.args?.slice(0, 7)).toEqual(['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337']);
    expect(init.container.securityContext).toMatchObject({ runAsUser: 0, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(volumes).toEqual(['istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert']);
  });

  it('holdApplicationUntilProxyStarts: the classic proxy first in containers, with postStart pilot-agent wait', () => {
    // pkg/kube/inject/testdata/inject/app_probe/hello-probes.proxyHoldsApplication.yaml.injected: containers [istio-proxy, hello, world],
    // istio-proxy's lifecycle.postStart.exec.command is [pilot-agent, wait].
    const annotations = { 'proxy.istio.io/config': '{ "holdApplicationUntilProxyStarts": true }' };
    const { names, container } = injected([profile('istio', '1.26')], input({ annotations, labels: { 'sidecar.istio.io/inject': 'true' } }));
    expect(names('containers')).toEqual(['istio-proxy', 'hello']);
    expect(container('istio-proxy')!.container.lifecycle?.postStart?.exec?.command).toEqual(['pilot-agent', 'wait']);
  });

  it('native (Istio 1.27 on Kubernetes 1.33+): istio-proxy right after istio-init, before the pod\'s own init containers', () => {
    // pkg/kube/inject/testdata/inject/native-sidecar.yaml.injected: initContainers [istio-init, istio-proxy, other-sidecar],
    // containers [hello]; istio-proxy has restartPolicy Always and a startupProbe httpGet /healthz/ready on 15021.
    const spec = { initContainers: [{ name: 'other-sidecar', image: 'example.com/hello:1.0', restartPolicy: 'Always' }], containers: [APP] };
    const { names, container } = injected([profile('istio', '1.27')], input({ spec, namespace: 'payments', namespaceMeta: ISTIO_NS }));
    expect(names('initContainers')).toEqual(['istio-init', 'istio-proxy', 'other-sidecar']);
    expect(names('containers')).toEqual(['hello']);
    const proxy = container('istio-proxy')!;
    expect(proxy.role).toBe('sidecar');
    expect(proxy.container.startupProbe?.httpGet).toEqual({ path: '/healthz/ready', port: 15021 });
    expect(proxy.injected?.native).toBe(true);
  });

  it('stays classic on older kubelets and when the pod or the mesh says so', () => {
    // pkg/kube/inject/inject_test.go, TestInjectionOlderVersion: with a node on kubelet 1.28, native-sidecar.yaml gives
    // native-sidecar-old-version.yaml.injected (istio-proxy stays in containers).
    const native = (kubernetesVersion: KubeVersion, annotations: Record<string, string> = {}, setting: InjectorProfile['nativeSidecars'] = 'auto') =>
      injected([profile('istio', '1.27', setting)], input({ namespace: 'payments', namespaceMeta: ISTIO_NS, kubernetesVersion, annotations })).container('istio-proxy')!.injected!.native;
    expect(native({ major: 1, minor: 32 })).toBe(false);
    expect(native({ major: 1, minor: 33 })).toBe(true);
    expect(native(KUBE_135, { 'sidecar.istio.io/nativeSidecar': 'false' })).toBe(false);
    expect(native(KUBE_135, {}, false)).toBe(false);
    // The annotation switches a classic release on (Kubernetes 1.29+), not a cluster without native sidecars.
    expect(injected([profile('istio', '1.26')], input({ namespace: 'payments', namespaceMeta: ISTIO_NS, annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } })).container('istio-proxy')!.role).toBe('sidecar');
    expect(injected([profile('istio', '1.26')], input({ namespace: 'payments', namespaceMeta: ISTIO_NS, kubernetesVersion: { major: 1, minor: 28 }, annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } })).container('istio-proxy')!.role).toBe('app');
  });

  it('injects only with a trigger, honours opt-outs, and skips hostNetwork pods and already-injected manifests', () => {
    const plans = (given: Partial<InjectionInput>) => planInjections([profile('istio', '1.27')], input(given)).length;
    expect(plans({})).toBe(0);
    expect(plans({ labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(1);
    expect(plans({ annotations: { 'sidecar.istio.io/inject': 'true' } })).toBe(1);
    expect(plans({ namespace: 'payments', namespaceMeta: { labels: { 'istio.io/rev': 'canary' }, annotations: {}, fromConfig: false } })).toBe(1);
    expect(plans({ namespace: 'payments', namespaceMeta: ISTIO_NS, labels: { 'sidecar.istio.io/inject': 'false' } })).toBe(0);
    expect(plans({ namespace: 'payments', namespaceMeta: { labels: { 'istio-injection': 'disabled' }, annotations: {}, fromConfig: true }, labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(0);
    expect(plans({ namespace: 'payments', namespaceMeta: ISTIO_NS, spec: { hostNetwork: true, containers: [APP] } })).toBe(0);
    // pkg/kube/inject/testdata/inject/*.injected carry istio-proxy and sidecar.istio.io/status: injected once only.
    expect(plans({ namespace: 'payments', namespaceMeta: ISTIO_NS, spec: { containers: [APP, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.0' }] } })).toBe(0);
    expect(plans({ namespace: 'payments', namespaceMeta: ISTIO_NS, annotations: { 'sidecar.istio.io/status': '{}' } })).toBe(0);
  });
});

describe('the Linkerd profile, against linkerd/linkerd2 controller/proxy-injector/fake/data', () => {
  const enabled = { annotations: { 'linkerd.io/inject': 'enabled' } };

  it('classic (Linkerd 2.19): linkerd-init first, linkerd-proxy first in containers with linkerd-await, ports 4143/4191, uid 2102', () => {
    // controller/proxy-injector/fake/data/pod.patch.json: linkerd-init added to initContainers (args --incoming-proxy-port 4143,
    // --outgoing-proxy-port 4140, --proxy-uid 2102, --inbound-ports-to-ignore 4190,4191,…); linkerd-proxy added at /spec/containers/0
    // with postStart /usr/lib/linkerd/linkerd-await --timeout=2m, ports 4143 "linkerd-proxy" and 4191 "linkerd-admin",
    // livenessProbe /live and readinessProbe /ready on 4191, runAsUser 2102; volumes linkerd-proxy-init-xtables-lock,
    // linkerd-identity-end-entity, linkerd-identity-token.
    const { names, container, volumes } = injected([profile('linkerd', '2.19')], input(enabled));
    expect(names('initContainers')).toEqual(['linkerd-init']);
    expect(names('containers')).toEqual(['linkerd-proxy', 'hello']);
    const proxy = container('linkerd-proxy')!;
    expect(proxy.container.lifecycle?.postStart?.exec?.command).toEqual(['/usr/lib/linkerd/linkerd-await', '--timeout=2m']);
    expect(proxy.container.ports).toEqual([{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }]);
    expect(proxy.container.livenessProbe?.httpGet).toEqual({ path: '/live', port: 4191 });
    expect(proxy.container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 4191 });
    expect(proxy.container.securityContext?.runAsUser).toBe(2102);
    expect(proxy.helper?.product).toBe('Linkerd proxy');
    const args = container('linkerd-init')!.container.args!;
    expect(args.slice(0, 6)).toEqual(['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140', '--proxy-uid', '2102']);
    expect(volumes).toEqual(['linkerd-proxy-init-xtables-lock', 'linkerd-identity-end-entity', 'linkerd-identity-token']);
  });

  it('native (Linkerd 2.20, or the annotation of 2.19): linkerd-proxy at initContainers[1] with restartPolicy Always and a startupProbe', () => {
    // controller/proxy-injector/fake/data/pod.nativesidecar.patch.json: linkerd-init at /spec/initContainers/0, linkerd-proxy at
    // /spec/initContainers/1 with restartPolicy Always and a startupProbe httpGet /ready on 4191, runAsUser 2102.
    const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }], containers: [APP] };
    for (const [version, annotations] of [['2.20', {}], ['2.19', { 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' }]] as const) {
      const { names, container } = injected([profile('linkerd', version)], input({ spec, annotations: { ...enabled.annotations, ...annotations } }));
      expect(names('initContainers')).toEqual(['linkerd-init', 'linkerd-proxy', 'setup']);
      expect(names('containers')).toEqual(['hello']);
      const proxy = container('linkerd-proxy')!;
      expect(proxy.role).toBe('sidecar');
      expect(proxy.container.startupProbe?.httpGet).toEqual({ path: '/ready', port: 4191 });
    }
  });

  it('reads the namespace annotation, and honours linkerd.io/inject: disabled and already-injected pods', () => {
    const plans = (given: Partial<InjectionInput>) => planInjections([profile('linkerd', '2.19')], input(given)).length;
    expect(plans({})).toBe(0);
    expect(plans({ namespace: 'reports', namespaceMeta: { labels: {}, annotations: { 'linkerd.io/inject': 'enabled' }, fromConfig: false } })).toBe(1);
    expect(plans({ namespace: 'reports', namespaceMeta: { labels: {}, annotations: { 'linkerd.io/inject': 'enabled' }, fromConfig: false }, annotations: { 'linkerd.io/inject': 'disabled' } })).toBe(0);
    expect(plans({ ...enabled, spec: { containers: [APP, { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0' }] } })).toBe(0);
  });
});

describe('the Vault, Dapr, OpenTelemetry and App Mesh profiles', () => {
  it('Vault: vault-agent-init after the pod\'s init containers (first with agent-init-first), vault-agent last, /vault/secrets shared', () => {
    const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }], containers: [APP] };
    const on = { 'vault.hashicorp.com/agent-inject': 'true' };
    let result = injected([profile('vault')], input({ spec, annotations: on }));
    expect(result.names('initContainers')).toEqual(['setup', 'vault-agent-init']);
    expect(result.names('containers')).toEqual(['hello', 'vault-agent']);
    expect(result.container('vault-agent')!.container.volumeMounts).toEqual([{ name: 'vault-secrets', mountPath: '/vault/secrets' }]);
    expect(result.volumes).toEqual(['vault-secrets']);
    result = injected([profile('vault')], input({ spec, annotations: { ...on, 'vault.hashicorp.com/agent-init-first': 'true' } }));
    expect(result.names('initContainers')).toEqual(['vault-agent-init', 'setup']);
    result = injected([profile('vault')], input({ spec, annotations: { ...on, 'vault.hashicorp.com/agent-pre-populate-only': 'true' } }));
    expect(result.names('containers')).toEqual(['hello']);
    expect(planInjections([profile('vault')], input({ annotations: { 'vault.hashicorp.com/agent-inject': 'false' } }))).toEqual([]);
  });

  it('Dapr: daprd last in containers, classic, with its API ports', () => {
    const { names, container, plans } = injected([profile('dapr')], input({ annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders' } }));
    expect(names('containers')).toEqual(['hello', 'daprd']);
    expect(container('daprd')!.classicSidecar).toBeDefined();
    expect(plans[0]!.ownedPorts).toContain(3500);
  });

  it('OpenTelemetry: the instrumentation init container and the collector sidecar', () => {
    const annotations = { 'instrumentation.opentelemetry.io/inject-java': 'true', 'sidecar.opentelemetry.io/inject': 'true' };
    const { names } = injected([profile('opentelemetry')], input({ annotations }));
    expect(names('initContainers')).toEqual(['opentelemetry-auto-instrumentation-java']);
    expect(names('containers')).toEqual(['hello', 'otc-container']);
  });

  it('App Mesh: Envoy for a labelled namespace, not for an opted-out pod', () => {
    const namespaceMeta = { labels: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'enabled' }, annotations: {}, fromConfig: false };
    expect(injected([profile('appmesh')], input({ namespace: 'shop', namespaceMeta })).names('containers')).toEqual(['hello', 'envoy']);
    expect(planInjections([profile('appmesh')], input({ namespace: 'shop', namespaceMeta, annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'disabled' } }))).toEqual([]);
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
      'fixtures/injectors/dapr-ports.yaml:20:15 injected-port-conflict',
      'fixtures/injectors/fulfilment-cronjob.yaml:6:3 injected-sidecar-blocks-job',
      'fixtures/injectors/istio-deployment.yaml:16:11 injected-init-network-blocked',
      'fixtures/injectors/istio-deployment.yaml:21:15 injected-port-conflict',
      'fixtures/injectors/istio-deployment.yaml:23:13 injected-proxy-uid',
      'fixtures/injectors/istio-deployment.yaml:6:3 prefer-native-sidecar',
      'fixtures/injectors/istio-job.yaml:6:3 injected-sidecar-blocks-job',
      'fixtures/injectors/linkerd-namespace.yaml:7:5 injected-sidecar-blocks-job',
      'fixtures/injectors/otel-istio-native.yaml:9:5 injected-otel-istio-native',
      'fixtures/injectors/vault-init-order.yaml:18:11 injected-vault-init-order',
      'fixtures/injectors/vault-job.yaml:10:9 injected-sidecar-blocks-job',
    ]);
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
    const injectedBy = { injector: 'vault', label: 'Vault Agent Injector', because: 'the pod template has annotation vault.hashicorp.com/agent-inject: "true"', container: 'vault-agent' };
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
    expect(printed.injectors[0]).toEqual({ name: 'istio', version: '1.27', nativeSidecars: 'auto' });
    expect(printed.namespaces).toEqual({ payments: { 'istio-injection': 'enabled' } });
    const native = runCli([...CONFIG, '--injector', 'istio@1.27', '--format', 'compact', 'fixtures/injectors/istio-job.yaml']);
    expect(native.stdout).not.toContain('injected-sidecar-blocks-job');
  });

  it('says what is wrong with an injector setting, naming the field, without a stack trace', () => {
    const cases: [string, RegExp][] = [
      ['injectors:\n  - istio: { version: 1.27 }\n', /invalid config \.sidecar-lint\.yaml: injectors\[0\]\.istio\.version: write the version in quotes \("1\.28"\)/],
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
