import { defineRule } from '../src/engine/rule.js';
import { describeSidecar, isOnRequestPath, sidecarHelper } from '../src/model/sidecars.js';

export default defineRule({
  meta: {
    id: 'sidecar-readiness-gates-pod',
    description: 'Disallow readiness probes on sidecars that are not on the request path',
    severity: 'warning',
    docs: 'rules/sidecar-readiness-gates-pod.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      gates:
        "{{container}} has a readinessProbe: when it fails, the whole pod is marked NotReady and taken out of its Services, although this sidecar ({{product}}) serves none of the pod's requests. Remove the readinessProbe; use a startupProbe to order startup and a livenessProbe to restart it when it hangs.",
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      const helper = sidecarHelper(info);
      // Helpers off the request path: their readiness says nothing about the pod's.
      if (!helper || isOnRequestPath(info) || info.container.readinessProbe === undefined) continue;
      context.report({
        path: [...info.path, 'readinessProbe'],
        messageId: 'gates',
        data: { container: describeSidecar(info), product: helper.product },
        container: info,
      });
    }
  },
});
