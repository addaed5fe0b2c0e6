import { describeContainer } from '../src/model/containers.js';
import { isRecord } from '../src/load/values.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

export default defineRule({
  meta: {
    id: 'injected-proxy-uid',
    description: 'Disallow app containers that run as the uid of the injected proxy',
    severity: 'error',
    docs: 'rules/injected-proxy-uid.md',
    tags: ['kubernetes', 'sidecar', 'security', 'network', 'injectors'],
    messages: {
      container:
        '{{container}} runs as uid {{uid}}, the uid of {{proxy}}: the iptables rules {{injector}} installs let that uid\'s traffic out unredirected (so the proxy does not loop), so the app\'s traffic bypasses the proxy — no mTLS, no policy, no telemetry. Run it as another uid.',
      pod:
        'The pod\'s securityContext runs its containers as uid {{uid}}, the uid of {{proxy}}: the iptables rules {{injector}} installs let that uid\'s traffic out unredirected (so the proxy does not loop), so {{containers}} bypass the proxy — no mTLS, no policy, no telemetry. Run them as another uid.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    const podUid = isRecord(pod.spec.securityContext) ? pod.spec.securityContext.runAsUser : undefined;
    for (const plan of pod.injections) {
      const uid = plan.proxyUid;
      if (uid === undefined) continue;
      const proxy = injectedContainer(pod.containers, plan.by.injector, 'proxy');
      const proxyName = proxy === undefined ? `the ${plan.by.label} proxy` : `"${proxy.name}"`;
      const inherited: string[] = [];
      for (const info of pod.containers) {
        // Init containers that run as the proxy's uid on purpose get through istio-init's redirection (Istio's advice for them).
        if (info.injected !== undefined || info.role === 'init' || info.role === 'ephemeral') continue;
        const own = isRecord(info.container.securityContext) ? info.container.securityContext.runAsUser : undefined;
        if (own === uid) {
          context.report({
            path: [...info.path, 'securityContext', 'runAsUser'],
            messageId: 'container',
            data: { container: describeContainer(info), uid, proxy: proxyName, injector: plan.by.label },
            container: info,
            injectedBy: plan.by,
          });
        } else if (own === undefined && podUid === uid) inherited.push(describeContainer(info));
      }
      if (inherited.length > 0) {
        context.report({
          path: [...pod.path, 'securityContext', 'runAsUser'],
          messageId: 'pod',
          data: { uid, proxy: proxyName, injector: plan.by.label, containers: inherited.join(', ') },
          injectedBy: plan.by,
        });
      }
    }
  },
});
