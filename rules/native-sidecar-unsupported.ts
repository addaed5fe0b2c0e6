import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { atLeast, formatKubeVersion } from '../src/model/kube-version.js';

export default defineRule({
  meta: {
    id: 'native-sidecar-unsupported',
    description: 'Disallow native sidecars (init containers with restartPolicy: Always) when the target Kubernetes version lacks them',
    severity: 'error',
    docs: 'rules/native-sidecar-unsupported.md',
    versionAware: true,
    tags: ['kubernetes', 'sidecar', 'compatibility'],
    messages: {
      alpha:
        '{{container}} is rejected by Kubernetes {{version}} unless the SidecarContainers feature gate (alpha, off by default) is on in the API server and on every node. Target Kubernetes 1.29 or later (beta, on by default), or run it as a regular container.',
      missing:
        '{{container}} needs native sidecar support, which Kubernetes {{version}} lacks (native sidecars arrived in 1.28 as alpha, on by default from 1.29): the field is rejected as unknown or silently dropped, and then the container runs as a regular init container that blocks the pod in Init if it never exits. Target Kubernetes 1.29 or later, or run it as a regular container.',
    },
  },
  check(pod, context) {
    const version = context.kubernetesVersion;
    if (atLeast(version, 1, 29)) return;
    const messageId = atLeast(version, 1, 28) ? 'alpha' : 'missing';
    for (const info of pod.containers) {
      if (info.role !== 'sidecar') continue;
      context.report({
        path: [...info.path, 'restartPolicy'],
        messageId,
        data: { container: describeContainer(info), version: formatKubeVersion(version) },
        container: info,
      });
    }
  },
});
