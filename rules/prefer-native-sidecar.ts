import { describeContainer } from '../src/containers.js';
import { meshOf } from '../src/mesh.js';
import type { Mesh } from '../src/mesh.js';
import { defineRule } from '../src/rule.js';
import { atLeast, formatKubeVersion } from '../src/version.js';

function meshAdvice(mesh: Mesh | undefined): string {
  if (mesh?.kind === 'istio') {
    return mesh.holdApplicationUntilProxyStarts === true
      ? ' The pod is in an Istio mesh with holdApplicationUntilProxyStarts, which orders startup only; let Istio inject a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true", the default from Istio 1.27) so that shutdown is ordered too.'
      : ' The pod is in an Istio mesh: let Istio inject a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true", the default from Istio 1.27), or at least set holdApplicationUntilProxyStarts: true in proxy.istio.io/config.';
  }
  if (mesh?.kind === 'linkerd') {
    return ' The pod is in a Linkerd mesh: set the annotation config.linkerd.io/proxy-enable-native-sidecar: "true" (config.alpha.linkerd.io/… before Linkerd 2.19) so that the proxy is injected as a native sidecar.';
  }
  return '';
}

export default defineRule({
  meta: {
    id: 'prefer-native-sidecar',
    description: 'Prefer native sidecars (init containers with restartPolicy: Always) to helper containers next to the app',
    severity: 'warning',
    docs: 'rules/prefer-native-sidecar.md',
    versionAware: true,
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      proxy:
        '{{container}} is a classic {{product}} sidecar: it starts in parallel with the app, so the app can start before its network exists, and at shutdown it can stop while the app still sends traffic. Kubernetes {{version}} supports native sidecars: move it to initContainers with restartPolicy: Always and a startupProbe, and it starts before and stops after the app containers.{{advice}}',
      helper:
        '{{container}} is a classic {{product}} sidecar: it starts in parallel with the app and stops in no particular order with it, so it can miss the app\'s first or last {{what}}. Kubernetes {{version}} supports native sidecars: move it to initContainers with restartPolicy: Always, and it starts before and stops after the app containers.',
    },
  },
  check(pod, context) {
    const version = context.kubernetesVersion;
    if (!atLeast(version, 1, 29)) return;
    const mesh = meshOf([pod.podAnnotations, pod.owner.annotations], pod.containers);
    for (const info of pod.containers) {
      const helper = info.classicSidecar;
      if (!helper) continue;
      const onNetwork = helper.category === 'proxy' || helper.category === 'database-proxy';
      const what = helper.category === 'logging' ? 'log lines' : helper.category === 'metrics' ? 'metrics' : 'work';
      context.report({
        path: info.path,
        messageId: onNetwork ? 'proxy' : 'helper',
        data: {
          container: describeContainer(info),
          product: helper.product,
          version: formatKubeVersion(version),
          what,
          advice: helper.category === 'proxy' ? meshAdvice(mesh) : '',
        },
        container: info,
      });
    }
  },
});
