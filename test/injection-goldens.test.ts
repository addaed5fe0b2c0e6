/**
 * `sidecar-lint explain` against the injectors' own expected output. Each fixture in
 * fixtures/injection-goldens/ is written after an input of a vendor's injection tests (names and lists,
 * not the file) with the trigger added; each test states the facts of the vendor's expected output —
 * container names and order per list, restartPolicy, uid, declared ports — with the file and commit
 * they were read from. The vendors' repositories were read at: istio/istio 86c9f01 (tags 1.26.0,
 * 1.30.0), linkerd/linkerd2 b24cd40 and edge-26.5.1, hashicorp/vault-k8s v1.7.6 (fbc5b1f), dapr/dapr
 * v1.18.3 (pkg/injector as at d845074), open-telemetry/opentelemetry-operator v0.158.0 (be89444),
 * aws/aws-app-mesh-controller-for-k8s v1.13.3 (pkg/inject as at 7588d12).
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/cli.js';

interface Container {
  name: string;
  restartPolicy?: string;
  securityContext?: { runAsUser?: number };
  ports?: { containerPort: number; protocol?: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
  env?: { name: string; value?: string }[];
  lifecycle?: { postStart?: { exec?: { command?: string[] } }; preStop?: { exec?: { command?: string[] } } };
  startupProbe?: unknown;
}
interface PodSpec {
  initContainers?: Container[];
  containers: Container[];
  volumes?: { name: string }[];
  shareProcessNamespace?: boolean;
}

const DIR = 'fixtures/injection-goldens';

/**
 * The pod spec of each object `explain --format yaml` prints (its JSON form, a v1 List, must hold the
 * same objects).
 */
function explain(file: string, ...args: string[]): PodSpec[] {
  const result = runCli(['explain', '--format', 'yaml', ...args, `${DIR}/${file}`]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const objects = parseAllDocuments(result.stdout).map((document) => document.toJS() as { spec: Record<string, unknown> });
  const list = JSON.parse(runCli(['explain', '--format', 'json', ...args, `${DIR}/${file}`]).stdout) as { kind: string; items: unknown[] };
  expect(list.kind).toBe('List');
  expect(list.items).toEqual(objects);
  return objects.map((item) => {
    const spec = item.spec as unknown as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } } & PodSpec;
    return spec.jobTemplate?.spec.template.spec ?? spec.template?.spec ?? spec;
  });
}

/** `name(Always)` per container of a list, as the goldens' order is read. */
const names = (list: Container[] | undefined) => (list ?? []).map((container) => `${container.name}${container.restartPolicy !== undefined ? `(${container.restartPolicy})` : ''}`);
const find = (spec: PodSpec, name: string) => [...(spec.initContainers ?? []), ...spec.containers].find((container) => container.name === name)!;
const uid = (container: Container) => container.securityContext?.runAsUser;
const ports = (container: Container) => (container.ports ?? []).map((port) => `${port.containerPort}${port.protocol === 'UDP' ? '/UDP' : ''}`);

/** The init containers and containers of a YAML stream's pod spec, `init… | containers…`. */
function layoutOfYaml(stdout: string): string {
  const documents = parseAllDocuments(stdout).map((document) => document.toJS() as { spec: { template?: { spec: PodSpec } } & PodSpec });
  expect(documents).toHaveLength(1);
  const spec = documents[0]!.spec.template?.spec ?? documents[0]!.spec;
  return `${names(spec.initContainers).join(', ')} | ${names(spec.containers).join(', ')}`;
}

describe('Istio (istio/istio pkg/kube/inject/testdata/inject)', () => {
  it('1.26, classic: multi-init.yaml.injected@1.26.0 — init-one, init-two, istio-init | hello, istio-proxy', () => {
    // webhook.go@86c9f01 reorderPod l.817-825: classic, MoveLast(istio-init) "to allow any traffic to pass before iptables is setup".
    const result = runCli(['explain', '--format', 'yaml', '--injector', 'istio@1.26', `${DIR}/istio-multi-init.yaml`]);
    expect(result.status).toBe(0);
    expect(layoutOfYaml(result.stdout)).toBe('init-one, init-two, istio-init | hello, istio-proxy');
    // The stream says where each object came from and what was injected, as comments.
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      '---',
      `# ${DIR}/istio-multi-init.yaml:2 Deployment/hello`,
      '# Istio 1.26 injects istio-init, istio-proxy (classic): the pod template has label sidecar.istio.io/inject: "true"',
    ]);
    const [spec] = explain('istio-multi-init.yaml', '--injector', 'istio@1.26');
    // injection-template.yaml@86c9f01 l.160-171 (istio-init as root), l.194-197 and l.402-413 (the proxy's port and uid).
    expect(uid(find(spec!, 'istio-init'))).toBe(0);
    expect(uid(find(spec!, 'istio-proxy'))).toBe(1337);
    expect(ports(find(spec!, 'istio-proxy'))).toEqual(['15090']);
    // The golden's sidecar.istio.io/status at 1.26.0: 8 volumes (istio-ca-crl came with 1.27.0, #56308).
    expect(spec!.volumes!.map((volume) => volume.name)).toEqual(['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert']);
  });

  it('1.28, native: native-sidecar.yaml.injected@86c9f01 — istio-init, istio-proxy (Always), other-sidecar (Always) | hello', () => {
    // reorderPod l.809-816: MoveFirst(istio-proxy), MoveFirst(istio-init) "so init containers are part of the mesh".
    const result = runCli(['explain', '--format', 'yaml', '--injector', 'istio@1.28', `${DIR}/istio-native-sidecar.yaml`]);
    expect(result.status).toBe(0);
    expect(layoutOfYaml(result.stdout)).toBe('istio-init, istio-proxy(Always), other-sidecar(Always) | hello');
    const [spec] = explain('istio-native-sidecar.yaml', '--injector', 'istio@1.28');
    const proxy = find(spec!, 'istio-proxy');
    expect(uid(proxy)).toBe(1337);
    // Native: a preStop drain (injection-template.yaml l.225-235); every proxy has the startupProbe (values.yaml l.394-396).
    expect(proxy.lifecycle?.preStop?.exec?.command).toEqual(['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain']);
    expect(proxy.startupProbe).toBeDefined();
    expect(spec!.volumes!.map((volume) => volume.name)).toContain('istio-ca-crl');
  });

  it('1.30 on Kubernetes 1.32: classic (DetectNativeSidecar minVersion 33) — native-sidecar-old-version.yaml.injected: other-sidecar (Always), istio-init | hello, istio-proxy', () => {
    const [spec] = explain('istio-native-sidecar.yaml', '--injector', 'istio@1.30', '--kube-version', '1.32');
    expect(names(spec!.initContainers)).toEqual(['other-sidecar(Always)', 'istio-init']);
    expect(names(spec!.containers)).toEqual(['hello', 'istio-proxy']);
  });

  it('job.yaml.injected@86c9f01 (native) and job-old-version.yaml.injected (classic)', () => {
    const [native] = explain('istio-job.yaml', '--injector', 'istio@1.30');
    expect(names(native!.initContainers)).toEqual(['istio-init', 'istio-proxy(Always)']);
    expect(names(native!.containers)).toEqual(['pi']);
    const [classic] = explain('istio-job.yaml', '--injector', 'istio@1.26');
    expect(names(classic!.initContainers)).toEqual(['istio-init']);
    expect(names(classic!.containers)).toEqual(['pi', 'istio-proxy']);
  });

  it('hold: hello.proxyHoldsApplication.yaml.injected@1.26.0 puts a classic proxy first with pilot-agent wait; 1.28 (native) has no postStart', () => {
    // reorderPod l.797-808 MoveFirst with holdApplicationUntilProxyStarts; injection-template.yaml l.71-73: $holdProxy only when not native.
    const [classic] = explain('istio-hold.yaml', '--injector', 'istio@1.26');
    expect(names(classic!.containers)).toEqual(['istio-proxy', 'hello']);
    expect(find(classic!, 'istio-proxy').lifecycle?.postStart?.exec?.command).toEqual(['pilot-agent', 'wait']);
    const [native] = explain('istio-hold.yaml', '--injector', 'istio@1.28');
    expect(names(native!.initContainers)).toEqual(['istio-init', 'istio-proxy(Always)']);
    expect(find(native!, 'istio-proxy').lifecycle?.postStart).toBeUndefined();
  });

  it('CNI: hello.yaml.cni.injected — istio-validation (uid 1337) first, before the pod\'s init containers', () => {
    // reorderPod l.815, l.821: MoveFirst(istio-validation) in both layouts; injection-template.yaml l.172-176.
    const config = ['--config', 'fixtures/injection-goldens/cni.sidecar-lint.yaml'];
    const [classic] = explain('istio-multi-init.yaml', ...config, '--injector', 'istio@1.26');
    expect(names(classic!.initContainers)).toEqual(['istio-validation', 'init-one', 'init-two']);
    expect(uid(find(classic!, 'istio-validation'))).toBe(1337);
    const [native] = explain('istio-multi-init.yaml', ...config, '--injector', 'istio@1.28');
    expect(names(native!.initContainers)).toEqual(['istio-validation', 'istio-proxy(Always)', 'init-one', 'init-two']);
  });
});

describe('Linkerd (linkerd/linkerd2)', () => {
  it('2.19, classic: cli/cmd/testdata/inject_contour.golden.yml@edge-26.5.1 — envoy-initconfig, linkerd-init | linkerd-proxy, contour, envoy', () => {
    // charts/patch/templates/patch.json l.11: `$initIndex := ternary "0" "-"` (classic appends), l.137-140 (await: the proxy at /spec/containers/0).
    const result = runCli(['explain', '--format', 'yaml', '--injector', 'linkerd@2.19', `${DIR}/linkerd-contour.yaml`]);
    expect(result.status).toBe(0);
    expect(layoutOfYaml(result.stdout)).toBe('envoy-initconfig, linkerd-init | linkerd-proxy, contour, envoy');
    const [spec] = explain('linkerd-contour.yaml', '--injector', 'linkerd@2.19');
    const proxy = find(spec!, 'linkerd-proxy');
    // _proxy.tpl@b24cd40 l.258-262 (ports), l.281-297 (uid 2102), l.299-308 (linkerd-await); _proxy-init.tpl l.82-84 (65534).
    expect(ports(proxy)).toEqual(['4143', '4191']);
    expect(uid(proxy)).toBe(2102);
    expect(proxy.lifecycle?.postStart?.exec?.command).toEqual(['/usr/lib/linkerd/linkerd-await', '--timeout=2m', '--port=4191']);
    expect(uid(find(spec!, 'linkerd-init'))).toBe(65534);
  });

  it('2.20, native by default: inject_contour.golden.yml@b24cd40 — linkerd-init, linkerd-proxy (Always), envoy-initconfig | contour, envoy', () => {
    const [spec] = explain('linkerd-contour.yaml', '--injector', 'linkerd@2.20');
    expect(names(spec!.initContainers)).toEqual(['linkerd-init', 'linkerd-proxy(Always)', 'envoy-initconfig']);
    expect(names(spec!.containers)).toEqual(['contour', 'envoy']);
    expect(find(spec!, 'linkerd-proxy').startupProbe).toBeDefined();
  });

  it('controller/proxy-injector/fake/data/pod.nativesidecar.patch.json@b24cd40 — linkerd-init, linkerd-proxy, memcached (Always) | nginx', () => {
    const [spec] = explain('linkerd-native-pod.yaml', '--injector', 'linkerd@2.20');
    expect(names(spec!.initContainers)).toEqual(['linkerd-init', 'linkerd-proxy(Always)', 'memcached(Always)']);
    // The same input at edge-26.5.1 (classic default): memcached, linkerd-init | linkerd-proxy, nginx.
    const [classic] = explain('linkerd-native-pod.yaml', '--injector', 'linkerd@2.19');
    expect(names(classic!.initContainers)).toEqual(['memcached(Always)', 'linkerd-init']);
    expect(names(classic!.containers)).toEqual(['linkerd-proxy', 'nginx']);
  });

  it('CNI: inject_emojivoto_deployment_no_init_container.golden.yml — linkerd-network-validator instead of linkerd-init, no xtables-lock volume', () => {
    const [spec] = explain('linkerd-contour.yaml', '--config', 'fixtures/injection-goldens/cni.sidecar-lint.yaml', '--injector', 'linkerd@2.20');
    expect(names(spec!.initContainers)).toEqual(['linkerd-network-validator', 'linkerd-proxy(Always)', 'envoy-initconfig']);
    expect(spec!.volumes!.map((volume) => volume.name)).toEqual(['contour-config', 'linkerd-identity-end-entity', 'linkerd-identity-token']);
  });
});

describe('Vault Agent Injector (hashicorp/vault-k8s agent-inject/handler_test.go@v1.7.6)', () => {
  it('"basic pod injection" (l.140-166): web-init, vault-agent-init | web, vault-agent; /vault/secrets in every container', () => {
    const [spec] = explain('vault-web.yaml', '--injector', 'vault');
    expect(names(spec!.initContainers)).toEqual(['web-init', 'vault-agent-init']);
    expect(names(spec!.containers)).toEqual(['web', 'vault-agent']);
    // agent/agent.go l.23-24 (uid 100); agent.go l.655-662, l.698-707 (the mounts into the app's containers and init containers).
    expect(uid(find(spec!, 'vault-agent'))).toBe(100);
    for (const name of ['web-init', 'web', 'vault-agent-init', 'vault-agent']) {
      expect(find(spec!, name).volumeMounts, name).toContainEqual({ name: 'vault-secrets', mountPath: '/vault/secrets' });
    }
    expect(spec!.volumes!.map((volume) => volume.name)).toEqual(['home-init', 'home-sidecar', 'vault-secrets']);
  });

  it('"init first" (l.168-197) and "init only" (l.316-343), through the annotations of a copy', () => {
    const first = runCli(['explain', '--format', 'json', '--injector', 'vault', '-'], {
      input: `${readFixture('vault-web.yaml').replace('vault.hashicorp.com/role: web', 'vault.hashicorp.com/role: web\n        vault.hashicorp.com/agent-init-first: "true"\n        vault.hashicorp.com/agent-pre-populate-only: "true"')}`,
    });
    const spec = (JSON.parse(first.stdout) as { items: { spec: { template: { spec: PodSpec } } }[] }).items[0]!.spec.template.spec;
    expect(names(spec.initContainers)).toEqual(['vault-agent-init', 'web-init']);
    expect(names(spec.containers)).toEqual(['web']);
  });
});

describe('Dapr (dapr/dapr pkg/injector/patcher/sidecar_patcher_test.go@v1.18.3)', () => {
  it('"basic test" (l.387-432): daprd last in containers, its declared ports; the app gets DAPR_HTTP_PORT and DAPR_GRPC_PORT', () => {
    const [spec] = explain('dapr-app.yaml', '--injector', 'dapr@1.18');
    expect(names(spec!.containers)).toEqual(['appcontainer', 'daprd']);
    // patcher/sidecar_container.go l.42-59: 3500, 50001, 50002, 9090 declared; 3501 only in the probes.
    expect(ports(find(spec!, 'daprd'))).toEqual(['3500', '50001', '50002', '9090']);
    expect(find(spec!, 'appcontainer').env).toEqual([{ name: 'DAPR_HTTP_PORT', value: '3500' }, { name: 'DAPR_GRPC_PORT', value: '50001' }, { name: 'APP_PROTOCOL', value: 'http' }]);
  });

  it('"native sidecar preserves existing init containers" (l.341-359): init-migrations, daprd (Always); only from 1.18', () => {
    const config = ['--config', 'fixtures/injection-goldens/dapr-native.sidecar-lint.yaml'];
    const [native] = explain('dapr-app.yaml', ...config);
    expect(names(native!.initContainers)).toEqual(['init-migrations', 'daprd(Always)']);
    expect(names(native!.containers)).toEqual(['appcontainer']);
    // 1.17 has no native mode (dapr/dapr#9450 came with 1.18.0).
    const [older] = explain('dapr-app.yaml', ...config, '--injector', 'dapr@1.17');
    expect(names(older!.containers)).toEqual(['appcontainer', 'daprd']);
  });
});

describe('OpenTelemetry Operator (open-telemetry/opentelemetry-operator@v0.158.0)', () => {
  it('pkg/sidecar/pod_test.go TestAddNativeSidecar (l.22-147): my-init, otc-container (Always) | my-app, on Kubernetes 1.29+', () => {
    const [spec] = explain('otel-collector.yaml', '--injector', 'opentelemetry');
    expect(names(spec!.initContainers)).toEqual(['my-init', 'otc-container(Always)']);
    expect(names(spec!.containers)).toEqual(['my-app']);
    expect(ports(find(spec!, 'otc-container'))).toEqual(['8888']);
    // Classic (l.149-251) before 0.132.0, when the gate was off by default (CHANGELOG.md l.1152-1156).
    const [classic] = explain('otel-collector.yaml', '--injector', 'opentelemetry@0.131');
    expect(names(classic!.containers)).toEqual(['my-app', 'otc-container']);
  });

  it('tests/e2e-instrumentation/instrumentation-go/02-assert.yaml: myapp, opentelemetry-auto-instrumentation (uid 0, /sys/kernel/debug), shareProcessNamespace', () => {
    const [spec] = explain('otel-go.yaml', '--injector', 'opentelemetry');
    expect(names(spec!.containers)).toEqual(['myapp', 'opentelemetry-auto-instrumentation']);
    const agent = find(spec!, 'opentelemetry-auto-instrumentation');
    expect(uid(agent)).toBe(0);
    expect(agent.volumeMounts).toEqual([{ name: 'kernel-debug', mountPath: '/sys/kernel/debug' }]);
    expect(agent.env).toEqual([{ name: 'OTEL_GO_AUTO_TARGET_EXE', value: '/rolldice' }]);
    expect(spec!.shareProcessNamespace).toBe(true);
  });
});

describe('AWS App Mesh (aws/aws-app-mesh-controller-for-k8s pkg/inject@v1.13.3)', () => {
  it('init_proxy_test.go l.202-238 and envoy_test.go l.190-232: custominit, proxyinit | app, envoy (uid 1337, port 9901, preStop sleep 20)', () => {
    const [spec] = explain('appmesh-app.yaml', '--injector', 'appmesh');
    expect(names(spec!.initContainers)).toEqual(['custominit', 'proxyinit']);
    expect(names(spec!.containers)).toEqual(['app', 'envoy']);
    const envoy = find(spec!, 'envoy');
    expect(uid(envoy)).toBe(1337);
    expect(ports(envoy)).toEqual(['9901']);
    expect(envoy.lifecycle?.preStop?.exec?.command).toEqual(['sh', '-c', 'sleep 20']);
  });

  it('with X-Ray tracing (xray.go l.67-114): xray-daemon after envoy, uid 1337, 2000/UDP', () => {
    const [spec] = explain('appmesh-app.yaml', '--config', 'fixtures/injection-goldens/appmesh-xray.sidecar-lint.yaml');
    expect(names(spec!.containers)).toEqual(['app', 'envoy', 'xray-daemon']);
    expect(ports(find(spec!, 'xray-daemon'))).toEqual(['2000/UDP']);
  });
});

describe('several injectors: the API server calls the webhooks by name', () => {
  it('Istio (istio-sidecar-injector) before Vault (vault-agent-injector-cfg): vault-agent-init after istio-init, and Vault mounts /vault/secrets into istio-proxy too', () => {
    // kubernetes/apiserver pkg/admission/configuration/mutating_webhook_manager.go@24a394e l.125: sorted by name.
    const input = readFixture('vault-web.yaml').replace('      labels:\n        app: web\n', '      labels:\n        app: web\n        sidecar.istio.io/inject: "true"\n');
    const result = runCli(['explain', '--format', 'json', '--injector', 'istio@1.26', '--injector', 'vault', '-'], { input });
    const spec = (JSON.parse(result.stdout) as { items: { spec: { template: { spec: PodSpec } } }[] }).items[0]!.spec.template.spec;
    expect(names(spec.initContainers)).toEqual(['web-init', 'istio-init', 'vault-agent-init']);
    expect(names(spec.containers)).toEqual(['web', 'istio-proxy', 'vault-agent']);
    // agent-inject-containers defaults to every container present when Vault's webhook runs (annotations.go l.538-544).
    expect(find(spec, 'istio-proxy').volumeMounts).toContainEqual({ name: 'vault-secrets', mountPath: '/vault/secrets' });
  });

  it('a webhook renamed in the config runs in the order of its new name', () => {
    const input = readFixture('vault-web.yaml').replace('      labels:\n        app: web\n', '      labels:\n        app: web\n        sidecar.istio.io/inject: "true"\n');
    const result = runCli(['explain', '--format', 'json', '--config', 'fixtures/injection-goldens/vault-first.sidecar-lint.yaml', '-'], { input });
    const spec = (JSON.parse(result.stdout) as { items: { spec: { template: { spec: PodSpec } } }[] }).items[0]!.spec.template.spec;
    // Vault first: its init is appended, then Istio's reorderPod moves istio-init last.
    expect(names(spec.initContainers)).toEqual(['web-init', 'vault-agent-init', 'istio-init']);
  });
});

function readFixture(name: string): string {
  return readFileSync(join(ROOT, DIR, name), 'utf8');
}
