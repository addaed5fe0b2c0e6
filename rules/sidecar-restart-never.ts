import { describeContainer } from '../src/model/containers.js';
import { blocksJobCompletion } from '../src/model/sidecars.js';
import { defineRule } from '../src/engine/rule.js';
import { isMeshProxy, nativeSidecarMove } from '../src/fix/builders.js';
import { meshOf } from '../src/model/mesh.js';
import { featureHistory, featureVersion, formatKubeVersion, hasFeature } from '../src/model/kube-version.js';

const NEVER =
  '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: Never: if it crashes or is OOM-killed it is never restarted, and the app silently loses its {{loses}}.';
const ON_FAILURE =
  '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: OnFailure: if it exits with status 0 it is not restarted, and the app silently loses its {{loses}}.';
const NATIVE_FIX =
  "Move it to initContainers with restartPolicy: Always (Kubernetes {{version}} supports native sidecars): a native sidecar is restarted whatever the pod's restartPolicy.";
const NO_NATIVE_FIX =
  `Kubernetes {{version}} has no native sidecars (${featureHistory('nativeSidecars')}), so restart its process inside the container (a supervisor or a restart loop), or move to native sidecars once the cluster runs ${featureVersion('nativeSidecars')} or later.`;

export default defineRule({
  meta: {
    id: 'sidecar-restart-never',
    description: 'Disallow classic sidecars in pods that do not restart containers',
    severity: 'warning',
    docs: 'rules/sidecar-restart-never.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    versionAware: true,
    fixable: true,
    messages: {
      never: `${NEVER} ${NATIVE_FIX}`,
      onFailure: `${ON_FAILURE} ${NATIVE_FIX}`,
      neverNoNative: `${NEVER} ${NO_NATIVE_FIX}`,
      onFailureNoNative: `${ON_FAILURE} ${NO_NATIVE_FIX}`,
    },
  },
  check(pod, context) {
    // Argo Workflows manages its template's sidecars itself: it kills them when the main container exits.
    if (pod.workload === 'argo') return;
    if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') return;
    const native = hasFeature(context.kubernetesVersion, 'nativeSidecars');
    const mesh = meshOf([pod.podAnnotations, pod.owner.annotations], pod.containers);
    for (const info of pod.containers) {
      const helper = info.classicSidecar;
      if (!helper) continue;
      // job-sidecar-blocks-completion reports this container (one problem, one finding).
      if (blocksJobCompletion(pod.workload, pod.containers, info)) continue;
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
        // The move prefer-native-sidecar would offer (it folds into this finding); an injected proxy is the injector's to place.
        fix: helper.category === 'proxy' && (mesh !== undefined || isMeshProxy(info)) ? undefined : nativeSidecarMove(info, context.kubernetesVersion),
      });
    }
  },
});
