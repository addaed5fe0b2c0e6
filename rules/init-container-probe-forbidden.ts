import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export default defineRule({
  meta: {
    id: 'init-container-probe-forbidden',
    description: 'Disallow probes and lifecycle hooks on regular init containers',
    severity: 'error',
    docs: 'rules/init-container-probe-forbidden.md',
    tags: ['kubernetes', 'correctness', 'sidecar'],
    messages: {
      forbidden:
        '{{container}} sets {{field}}, which is forbidden for init containers without restartPolicy: Always; the API server rejects the pod. Remove it, or add restartPolicy: Always if the container is meant to keep running as a native sidecar.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    for (const info of pod.containers) {
      if (info.role !== 'init') continue;
      for (const field of FIELDS) {
        if (info.container[field] === undefined) continue;
        context.report({
          path: [...info.path, field],
          messageId: 'forbidden',
          data: { container: describeContainer(info), field },
          container: info,
        });
      }
    }
  },
});
