import { describeContainer } from '../src/model/containers.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'injected-appmesh-end-of-support',
    description: 'Disallow new reliance on AWS App Mesh injection, which reaches end of support on 2026-09-30',
    severity: 'warning',
    docs: 'rules/injected-appmesh-end-of-support.md',
    seesInjected: true,
    tags: ['kubernetes', 'sidecar', 'deprecation', 'injectors'],
    messages: {
      endOfSupport:
        'AWS App Mesh injects {{container}} into this pod, and App Mesh reaches end of support on 2026-09-30 (AWS): after that day its controller and Envoy images get no fixes. Plan the move off App Mesh, and opt the pod out with appmesh.k8s.aws/sidecarInjectorWebhook: disabled once it no longer needs the mesh.',
    },
  },
  check(pod, context) {
    const envoy = injectedContainer(pod.containers, 'appmesh', 'proxy');
    if (envoy === undefined) return;
    context.report({ path: envoy.path, messageId: 'endOfSupport', data: { container: describeContainer(envoy) }, container: envoy });
  },
});
