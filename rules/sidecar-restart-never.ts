import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { atLeast, formatKubeVersion } from '../src/model/kube-version.js';

const NEVER =
  '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: Never: if it crashes or is OOM-killed it is never restarted, and the app silently loses its {{loses}}.';
const ON_FAILURE =
  '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: OnFailure: if it exits with status 0 it is not restarted, and the app silently loses its {{loses}}.';
const NATIVE_FIX =
  "Move it to initContainers with restartPolicy: Always (Kubernetes {{version}} supports native sidecars): a native sidecar is restarted whatever the pod's restartPolicy.";
const NO_NATIVE_FIX =
  'Kubernetes {{version}} has no native sidecars (they need 1.29), so restart its process inside the container (a supervisor or a restart loop), or move to native sidecars once the cluster runs 1.29 or later.';

export default defineRule({
  meta: {
    id: 'sidecar-restart-never',
    description: 'Disallow classic sidecars in pods that do not restart containers',
    severity: 'warning',
    docs: 'rules/sidecar-restart-never.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    versionAware: true,
    messages: {
      never: `${NEVER} ${NATIVE_FIX}`,
      onFailure: `${ON_FAILURE} ${NATIVE_FIX}`,
      neverNoNative: `${NEVER} ${NO_NATIVE_FIX}`,
      onFailureNoNative: `${ON_FAILURE} ${NO_NATIVE_FIX}`,
    },
  },
  check(pod, context) {
    if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') return;
    const native = atLeast(context.kubernetesVersion, 1, 29);
    for (const info of pod.containers) {
      const helper = info.classicSidecar;
      if (!helper) continue;
      const loses =
        helper.category === 'proxy' || helper.category === 'database-proxy'
          ? 'network'
          : helper.category === 'logging'
            ? 'logs'
            : helper.category === 'metrics'
              ? 'metrics'
              : `${helper.product}`;
      context.report({
        path: info.path,
        messageId: `${pod.restartPolicy === 'Never' ? 'never' : 'onFailure'}${native ? '' : 'NoNative'}`,
        data: { container: describeContainer(info), product: helper.product, loses, version: formatKubeVersion(context.kubernetesVersion) },
        container: info,
      });
    }
  },
});
