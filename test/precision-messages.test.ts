/**
 * The messages issue 21 changed, word for word: what is certain and what is likely, the versions of
 * the feature the manifest uses, and advice that fits the container's form (classic or native).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';

async function lint(ruleId: string, text: string, kubernetesVersion = '1.35') {
  const rule = builtinRules.find((candidate) => candidate.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const config = await resolveConfig({ rules: { [ruleId]: 'warning' }, kubernetesVersion }, [rule]);
  return lintText('test.yaml', text, config).map((finding) => finding.message);
}

const pod = (containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
${extra}  containers:
${containers}`;

describe('prefer-native-sidecar', () => {
  it('says a classic proxy held by a blocking postStart already waits at startup; only shutdown is unordered', async () => {
    const text = pod(`    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.24.0
      lifecycle: { postStart: { exec: { command: [pilot-agent, wait] } } }
    - name: app
      image: example.com/app:1.0
`);
    expect(await lint('prefer-native-sidecar', text)).toEqual([
      'Pod/p: container "istio-proxy" is a classic Istio proxy sidecar: its blocking postStart hook ("pilot-agent wait") already holds the app until it is ready, but at shutdown it can stop while the app still sends traffic. Kubernetes 1.35 supports native sidecars, which start before and stop after the app containers. The pod is in an Istio mesh: let Istio inject the proxy as a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true", the default from Istio 1.27), or at least set holdApplicationUntilProxyStarts: true in proxy.istio.io/config.',
    ]);
  });

  it('gives the Linkerd annotation history: config.alpha (2.15–2.18) → config.beta (2.19) → config.linkerd.io (2.20, the default)', async () => {
    const text = pod(`    - name: app
      image: example.com/app:1.0
    - name: linkerd-proxy
      image: cr.l5d.io/linkerd/proxy:edge-25.1.1
`);
    const [message] = await lint('prefer-native-sidecar', text);
    expect(message).toMatch(
      /have the proxy injected as a native sidecar: the default from Linkerd 2\.20 \(annotation config\.linkerd\.io\/proxy-enable-native-sidecar\); before that set it to "true" under its earlier names, config\.beta\.linkerd\.io\/proxy-enable-native-sidecar \(2\.19\) or config\.alpha\.linkerd\.io\/proxy-enable-native-sidecar \(2\.15–2\.18\)\.$/,
    );
  });

  it('leaves the proxy Linkerd keeps classic on purpose (LINKERD_DISABLED) alone', async () => {
    const text = pod(`    - name: identity
      image: cr.l5d.io/linkerd/controller:edge-25.1.1
    - name: linkerd-proxy
      image: cr.l5d.io/linkerd/proxy:edge-25.1.1
      env: [{ name: LINKERD_DISABLED, value: "linkerd-await cannot block the identity controller" }]
`);
    expect(await lint('prefer-native-sidecar', text)).toEqual([]);
  });
});

describe('container-port-conflict', () => {
  it('says what is certain (a duplicate declaration) and what is likely (a bind conflict)', async () => {
    const text = pod(`    - name: a
      image: example.com/a:1.0
      ports: [{ containerPort: 8080 }]
    - name: b
      image: example.com/b:1.0
      ports: [{ containerPort: 8080 }]
`);
    expect(await lint('container-port-conflict', text)).toEqual([
      'Pod/p: container "b" declares port 8080/TCP, which container "a" also declares, and the containers of a pod share one network namespace and run at the same time. Certain: the pod declares one port twice, so what a Service or probe reaches on it is ambiguous (the API server only warns). Likely: if both processes listen where they declare, only one can bind it and the other fails with "address already in use". Move one of them to another port, or remove the declaration that is not true.',
    ]);
  });
});

describe('sidecar-readiness-gates-pod', () => {
  it('gives a classic container no startupProbe advice', async () => {
    const text = pod(`    - name: app
      image: example.com/app:1.0
    - name: fluent-bit
      image: cr.fluentbit.io/fluent/fluent-bit:3.1
      readinessProbe: { httpGet: { path: /, port: 2020 } }
`);
    expect(await lint('sidecar-readiness-gates-pod', text)).toEqual([
      "Pod/p: container \"fluent-bit\" (a classic sidecar) has a readinessProbe: when it fails, the whole pod is marked NotReady and taken out of its Services, although this sidecar (Fluent Bit) serves none of the pod's requests. Remove the readinessProbe; use a livenessProbe to restart it when it hangs (a classic container's startupProbe orders nothing: it starts in parallel with the app whatever its probes).",
    ]);
  });
});

describe('sidecar-startup-probe', () => {
  it('names the evidence that the later containers need the sidecar', async () => {
    const text = pod(
      `    - name: app
      image: example.com/app:1.0
      env: [{ name: CACHE, value: "localhost:11211" }]
`,
      `  initContainers:
    - name: cache
      image: memcached:1.6
      restartPolicy: Always
      ports: [{ containerPort: 11211 }]
`,
    );
    expect(await lint('sidecar-startup-probe', text)).toEqual([
      'Pod/p: native sidecar "cache" has neither a startupProbe nor a postStart hook, so the containers after it (container "app") start as soon as its process exists, not when it is ready, and they need it (container "app" talks to it on localhost). Add a startupProbe that passes when it is ready.',
    ]);
  });

  it('names the product with its article: "an Envoy", "a Vault Agent"', async () => {
    const sidecar = (name: string, image: string) => pod(`    - name: app
      image: example.com/app:1.0
`, `  initContainers:
    - name: ${name}
      image: ${image}
      restartPolicy: Always
`);
    expect((await lint('sidecar-startup-probe', sidecar('envoy', 'envoyproxy/envoy:v1.31.0')))[0]).toContain('(it is an Envoy)');
    expect((await lint('sidecar-startup-probe', sidecar('vault', 'hashicorp/vault:1.17')))[0]).toContain('(it is a Vault Agent)');
  });
});

describe('setup-in-init-container', () => {
  it('reports setup kept alive by sleep infinity next to the app', async () => {
    const parked = pod(`    - name: app
      image: example.com/app:1.0
    - name: fetch
      image: busybox:1.36
      command: [sh, -c, "wget -O /data/seed.json http://seed/seed.json && tail -f /dev/null"]
`);
    expect(await lint('setup-in-init-container', parked)).toEqual([
      'Pod/p: container "fetch" is a one-shot setup step kept alive by "tail -f /dev/null" (its command only runs wget): it runs at the same time as container "app", not before, and holds resources for the life of the pod. Move the setup to initContainers and drop "tail -f /dev/null".',
    ]);
  });
});

describe('container-restart-policy-invalid and RestartAllContainers (KEP-5532)', () => {
  const text = pod(`    - name: app
      image: example.com/app:1.0
      restartPolicy: Never
      restartPolicyRules:
        - action: RestartAllContainers
          exitCodes: { operator: In, values: [42] }
`);

  it('1.35: alpha behind its gate, named with the versions of the table', async () => {
    expect(await lint('container-restart-policy-invalid', text, '1.35')).toEqual([
      'Pod/p: container "app" has a restart rule with action RestartAllContainers, which Kubernetes 1.35 accepts only with the RestartAllContainersOnContainerExits feature gate on (KEP-5532: alpha in 1.35, on by default from 1.36); without it the API server rejects the pod. Use action Restart, or target Kubernetes 1.36 or later.',
    ]);
  });

  it('1.36: accepted', async () => {
    expect(await lint('container-restart-policy-invalid', text, '1.36')).toEqual([]);
  });

  it('1.34: restart rules themselves are alpha (KEP-5307)', async () => {
    expect(await lint('container-restart-policy-invalid', text, '1.34')).toEqual([
      'Pod/p: container "app" sets restartPolicy "Never", but Kubernetes 1.34 lets only init containers set restartPolicy, to Always, which makes them native sidecars (unless the ContainerRestartRules feature gate is on; container restart rules: alpha in 1.34, on by default from 1.35); the API server rejects the pod. To run it as a sidecar, move it to initContainers with restartPolicy: Always.',
      'Pod/p: container "app" sets restartPolicyRules, which Kubernetes 1.34 does not accept (unless the ContainerRestartRules feature gate is on; container restart rules: alpha in 1.34, on by default from 1.35); the API server rejects the pod or drops the field. Remove the rules, or target Kubernetes 1.35 or later.',
    ]);
  });
});

describe('termination-grace-too-short', () => {
  it('names one need alone, and the sum of two once, without doubled parentheses', async () => {
    const app = `    - name: app
      image: example.com/app:1.0
      lifecycle: { preStop: { exec: { command: [sleep, "20"] } } }
`;
    expect(await lint('termination-grace-too-short', pod(app, '  terminationGracePeriodSeconds: 15\n'))).toEqual([
      'Pod/p: terminationGracePeriodSeconds is 15s, less than the 20s preStop hook of container "app": the kubelet kills the pod before the preStop hook has finished, and requests in flight fail. Set terminationGracePeriodSeconds to at least 20.',
    ]);
    const meshed = pod(app.replace('"20"', '"28"'), '').replace('metadata: { name: p }', 'metadata: { name: p, annotations: { sidecar.istio.io/status: "{}" } }');
    expect(await lint('termination-grace-too-short', `${meshed}    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.24.0
`)).toEqual([
      'Pod/p: terminationGracePeriodSeconds is 30s (the default), less than the 33s needed for the 28s preStop hook of container "app" plus the Istio proxy\'s default 5s drain (terminationDrainDuration): the kubelet kills the pod before the proxy has drained its connections, and requests in flight fail. Set terminationGracePeriodSeconds to at least 33.',
    ]);
  });
});

describe("Linkerd's own control plane (fixtures/rules/prefer-native-sidecar/invalid-linkerd-control-plane.yaml)", () => {
  const TEXT = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'rules', 'prefer-native-sidecar', 'invalid-linkerd-control-plane.yaml'), 'utf8');

  it('prefer-native-sidecar gives the install value proxy.nativeSidecar, not a pod annotation no injector reads there', async () => {
    expect(await lint('prefer-native-sidecar', TEXT)).toEqual([
      'Deployment/linkerd/linkerd-destination: container "linkerd-proxy" is a classic Linkerd proxy sidecar: its blocking postStart hook ("linkerd-await") already holds the app until it is ready, but at shutdown it can stop while the app still sends traffic. Kubernetes 1.35 supports native sidecars, which start before and stop after the app containers. This pod is part of Linkerd\'s control plane, whose proxies its chart or `linkerd install` writes (no injector reads pod annotations here): set the value proxy.nativeSidecar: true (helm --set proxy.nativeSidecar=true, or linkerd install --set proxy.nativeSidecar=true), the default of the chart from Linkerd 2.20.',
    ]);
  });

  it('sidecar-resources gives the values proxy.resources.*', async () => {
    const text = TEXT.replace(/ {10}resources:\n {12}requests: \{ cpu: 100m, memory: 20Mi \}\n {12}limits: \{ memory: 250Mi \}\n/, '');
    const [message] = await lint('sidecar-resources', text);
    expect(message).toMatch(/set the values proxy\.resources\.cpu\.request, proxy\.resources\.memory\.request and proxy\.resources\.memory\.limit \(helm --set or linkerd install --set\)\.$/);
  });
});

describe('shared-volume-unshared', () => {
  it('tells a writer nobody reads what it writes (not that it sees none of their files)', async () => {
    const text = pod(`    - name: app
      image: example.com/app:1.0
    - name: git-sync
      image: registry.k8s.io/git-sync/git-sync:v4.3.0
      args: ["--repo=https://example.com/docs.git", "--root=/git"]
      volumeMounts: [{ name: content, mountPath: /git }]
  volumes:
    - { name: content, emptyDir: {} }
`);
    expect(await lint('shared-volume-unshared', text)).toEqual([
      'Pod/p: container "git-sync" is a git-sync, which writes its output to the volumes it mounts, but no other container mounts emptyDir "content" (at /git here), so nothing reads what it writes. Mount "content" in the container that uses those files too.',
    ]);
  });
});
