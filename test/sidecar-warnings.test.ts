/**
 * What the fixture tests cannot see: the messages of the sidecar warning rules (version named, mesh
 * advice) and the exact field paths a later --fix will use.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';

async function lint(ruleId: string, text: string, kubernetesVersion = '1.33') {
  const rule = builtinRules.find((candidate) => candidate.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const config = await resolveConfig({ rules: { [ruleId]: 'warning' }, kubernetesVersion }, [rule]);
  return lintText('test.yaml', text, config);
}

const classicProxy = (annotations: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations: ${annotations}
spec:
  containers:
    - name: web
      image: nginx:1.27
    - name: proxy
      image: docker.io/istio/proxyv2:1.22.3
`;

describe('prefer-native-sidecar', () => {
  it('names the target version and points at the container', async () => {
    const [finding] = await lint('prefer-native-sidecar', classicProxy('{}'), '1.30');
    expect(finding?.message).toContain('Kubernetes 1.30 supports native sidecars');
    expect(finding?.path).toEqual(['spec', 'containers', 1]);
  });

  it('gives Istio advice, and notes holdApplicationUntilProxyStarts when it is set', async () => {
    const [plain] = await lint('prefer-native-sidecar', classicProxy('{ sidecar.istio.io/inject: "true" }'));
    expect(plain?.message).toContain('sidecar.istio.io/nativeSidecar');
    expect(plain?.message).toContain('holdApplicationUntilProxyStarts: true');
    const [held] = await lint('prefer-native-sidecar', classicProxy(`{ proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}' }`));
    expect(held?.message).toContain('orders startup only');
  });

  it('gives Linkerd advice', async () => {
    const text = classicProxy('{ linkerd.io/inject: enabled }').replace('docker.io/istio/proxyv2:1.22.3', 'cr.l5d.io/linkerd/proxy:stable-2.14.10');
    const [finding] = await lint('prefer-native-sidecar', text);
    expect(finding?.message).toContain('config.linkerd.io/proxy-enable-native-sidecar');
  });
});

describe('fix targets', () => {
  it('tail-follow-by-name points at the item holding -f', async () => {
    const [finding] = await lint(
      'tail-follow-by-name',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: t\n      image: busybox\n      command: [tail]\n      args: [-n, "10", -f, /var/log/a.log]\n',
    );
    expect(finding?.path).toEqual(['spec', 'containers', 0, 'args', 2]);
  });

  it('sidecar-mount-readonly points at the volumeMount', async () => {
    const [finding] = await lint(
      'sidecar-mount-readonly',
      `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: example.com/app:1
      volumeMounts: [{ name: logs, mountPath: /logs }]
    - name: shipper
      image: fluent/fluent-bit:3.1
      volumeMounts: [{ name: cfg, mountPath: /cfg }, { name: logs, mountPath: /logs }]
  volumes: [{ name: logs, emptyDir: {} }, { name: cfg, emptyDir: {} }]
`,
    );
    expect(finding?.path).toEqual(['spec', 'containers', 1, 'volumeMounts', 1]);
    expect(finding?.message).toContain('position database');
  });
});

describe('sidecar-restart-never', () => {
  const pod = `
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  restartPolicy: Never
  containers:
    - { name: app, image: example.com/app:1 }
    - { name: envoy, image: envoyproxy/envoy:v1.31.2 }
`;
  it('suggests a native sidecar from 1.29, a restart loop before', async () => {
    const [current] = await lint('sidecar-restart-never', pod, '1.29');
    expect(current?.message).toContain('Kubernetes 1.29 supports native sidecars');
    const [old] = await lint('sidecar-restart-never', pod, '1.27');
    expect(old?.message).toContain('Kubernetes 1.27 has no native sidecars');
  });
});

describe('sidecar-resources', () => {
  it('points injected mesh proxies to the mesh annotations', async () => {
    const [istio] = await lint('sidecar-resources', classicProxy('{}'));
    expect(istio?.message).toContain('sidecar.istio.io/proxyMemoryLimit');
  });
});
