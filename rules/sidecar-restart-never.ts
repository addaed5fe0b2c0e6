import { describeContainer } from '../src/containers.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'sidecar-restart-never',
    description: 'Disallow classic sidecars in pods that do not restart containers',
    severity: 'warning',
    docs: 'rules/sidecar-restart-never.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      never:
        '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: Never: if it crashes or is OOM-killed it is never restarted, and the app silently loses its {{loses}}. Move it to initContainers with restartPolicy: Always: a native sidecar is restarted whatever the pod\'s restartPolicy.',
      onFailure:
        '{{container}} is a classic {{product}} sidecar in a pod with restartPolicy: OnFailure: if it exits with status 0 it is not restarted, and the app silently loses its {{loses}}. Move it to initContainers with restartPolicy: Always: a native sidecar is restarted whatever the pod\'s restartPolicy.',
    },
  },
  check(pod, context) {
    if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') return;
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
        messageId: pod.restartPolicy === 'Never' ? 'never' : 'onFailure',
        data: { container: describeContainer(info), product: helper.product, loses },
        container: info,
      });
    }
  },
});
