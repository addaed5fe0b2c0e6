import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

export default defineRule({
  meta: {
    id: 'init-container-never-exits',
    description: 'Disallow regular init containers that run forever',
    severity: 'error',
    docs: 'rules/init-container-never-exits.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      neverExits:
        '{{container}} never exits ({{reason}}), so the pod stays in Init and its app containers never start. Add restartPolicy: Always to run it as a native sidecar, or make it finish.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    for (const info of pod.containers) {
      if (info.role !== 'init' || info.lifetime.kind !== 'long-running') continue;
      context.report({
        path: [...info.path, info.lifetime.field],
        messageId: 'neverExits',
        data: { container: describeContainer(info), reason: info.lifetime.reason },
        container: info,
      });
    }
  },
});
