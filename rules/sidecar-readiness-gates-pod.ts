import { defineRule } from '../src/engine/rule.js';
import { describeSidecar, isOnRequestPath, isSelfContained, sidecarHelper } from '../src/model/sidecars.js';

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
      gatesClassic:
        "{{container}} has a readinessProbe: when it fails, the whole pod is marked NotReady and taken out of its Services, although this sidecar ({{product}}) serves none of the pod's requests. Remove the readinessProbe; use a livenessProbe to restart it when it hangs (a classic container's startupProbe orders nothing: it starts in parallel with the app whatever its probes).",
    },
  },
  check(pod, context) {
    // Argo Workflows manages its template's sidecars itself: it kills them when the main container exits.
    if (pod.workload === 'argo') return;
    for (const info of pod.containers) {
      const helper = sidecarHelper(info);
      // Helpers off the request path: their readiness says nothing about the pod's.
      if (!helper || isOnRequestPath(info) || info.container.readinessProbe === undefined) continue;
      // A helper known only by its name may serve anything: no verdict on what it serves.
      if (!isSelfContained(helper) && helper.category !== 'secrets') continue;
      context.report({
        path: [...info.path, 'readinessProbe'],
        messageId: info.role === 'sidecar' ? 'gates' : 'gatesClassic',
        data: { container: describeSidecar(info), product: helper.product },
        container: info,
      });
    }
  },
});
