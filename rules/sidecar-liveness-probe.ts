import { defineRule } from '../src/engine/rule.js';
import { isSidecar, describeSidecar } from '../src/model/sidecars.js';

export default defineRule({
  meta: {
    id: 'sidecar-liveness-probe',
    description: 'Require a livenessProbe on long-running sidecars',
    severity: 'off',
    strictSeverity: 'warning',
    docs: 'rules/sidecar-liveness-probe.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      missing:
        '{{container}} runs for the pod\'s whole life but has no livenessProbe: if it hangs without exiting it is never restarted, and the app silently loses what it provides. Add a livenessProbe that fails when it stops working.',
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      if (!isSidecar(info) || info.lifetime.kind === 'one-shot') continue;
      if (info.container.livenessProbe !== undefined) continue;
      context.report({
        path: info.path,
        messageId: 'missing',
        data: { container: describeSidecar(info) },
        container: info,
      });
    }
  },
});
