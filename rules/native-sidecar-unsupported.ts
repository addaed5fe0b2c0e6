import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { FEATURES, featureHistory, featureVersion, formatKubeVersion, hasFeature, atLeastVersion } from '../src/model/kube-version.js';

const HISTORY = featureHistory('nativeSidecars');
const ON = featureVersion('nativeSidecars');

export default defineRule({
  meta: {
    id: 'native-sidecar-unsupported',
    description: 'Disallow native sidecars (init containers with restartPolicy: Always) when the target Kubernetes version lacks them',
    severity: 'error',
    docs: 'rules/native-sidecar-unsupported.md',
    versionAware: true,
    tags: ['kubernetes', 'sidecar', 'compatibility'],
    messages: {
      alpha: `{{container}} is rejected by Kubernetes {{version}} unless the ${FEATURES.nativeSidecars.gate} feature gate (alpha, off by default) is on in the API server and on every node (native sidecars: ${HISTORY}). Target Kubernetes ${ON} or later, or run it as a regular container.`,
      missing: `{{container}} needs native sidecar support, which Kubernetes {{version}} lacks (native sidecars: ${HISTORY}): the field is rejected as unknown or silently dropped, and then the container runs as a regular init container that blocks the pod in Init if it never exits. Target Kubernetes ${ON} or later, or run it as a regular container.`,
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const version = context.kubernetesVersion;
    if (hasFeature(version, 'nativeSidecars')) return;
    const messageId = atLeastVersion(version, FEATURES.nativeSidecars.alpha) ? 'alpha' : 'missing';
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
