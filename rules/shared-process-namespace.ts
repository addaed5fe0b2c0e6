import { defineRule } from '../src/engine/rule.js';
import { isSidecar } from '../src/model/sidecars.js';

export default defineRule({
  meta: {
    id: 'shared-process-namespace',
    description: 'Disallow shareProcessNamespace in pods with sidecars',
    severity: 'off',
    strictSeverity: 'warning',
    docs: 'rules/shared-process-namespace.md',
    tags: ['kubernetes', 'sidecar', 'security'],
    messages: {
      shared:
        'shareProcessNamespace is true in a pod with sidecars ({{sidecars}}): every container sees the others\' processes, and can read their environment, arguments and files through /proc/<pid>; the app is no longer PID 1 either. Remove shareProcessNamespace unless a sidecar really needs to signal or inspect the app.',
    },
  },
  check(pod, context) {
    if (pod.spec.shareProcessNamespace !== true) return;
    const sidecars = pod.containers.filter(isSidecar);
    if (sidecars.length === 0) return;
    context.report({
      path: [...pod.path, 'shareProcessNamespace'],
      messageId: 'shared',
      data: { sidecars: sidecars.map((info) => `"${info.name}"`).join(', ') },
    });
  },
});
