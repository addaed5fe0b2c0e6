import { describeContainer } from '../src/containers.js';
import { nativeSidecarMove } from '../src/fix.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'container-restart-policy-invalid',
    description: 'Disallow container restartPolicy values the API server rejects',
    severity: 'error',
    docs: 'rules/container-restart-policy-invalid.md',
    tags: ['kubernetes', 'correctness', 'sidecar'],
    fixable: true,
    messages: {
      onApp:
        '{{container}} sets restartPolicy "{{value}}", but only init containers may set restartPolicy (to Always, which makes them native sidecars); the API server rejects the pod. To run it as a sidecar, move it to initContainers with restartPolicy: Always.',
      onInit:
        '{{container}} sets restartPolicy "{{value}}", but the only value an init container accepts is Always (a native sidecar); the API server rejects the pod.',
      onEphemeral: '{{container}} sets restartPolicy, which ephemeral containers may not set; the API server rejects it.',
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      const value: unknown = info.container.restartPolicy;
      if (value === undefined || value === null) continue;
      const data = { container: describeContainer(info), value: String(value) };
      const path = [...info.path, 'restartPolicy'];
      if (info.role === 'app') {
        // Only `Always` shows the intent (a sidecar); any other value has no safe repair.
        const fix = value === 'Always' ? nativeSidecarMove(info, context.kubernetesVersion) : undefined;
        context.report({ path, messageId: 'onApp', data, container: info, fix });
      }
      else if (info.role === 'init') context.report({ path, messageId: 'onInit', data, container: info });
      else if (info.role === 'ephemeral') context.report({ path, messageId: 'onEphemeral', data, container: info });
    }
  },
});
