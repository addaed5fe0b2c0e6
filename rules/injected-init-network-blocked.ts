import { describeContainer } from '../src/model/containers.js';
import { networkUse } from '../src/model/network-use.js';
import { nativeAnnotation, PRODUCTS } from '../src/model/injectors.js';
import { annotationFix } from '../src/fix/builders.js';
import { isRecord } from '../src/load/values.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';

/** How to let an init container through, in each mesh's terms (besides a native proxy). */
const BYPASS: Readonly<Record<string, string>> = {
  istio: 'run it as uid 1337 (securityContext.runAsUser: 1337, whose traffic istio-init leaves alone), or exclude what it calls with the annotations traffic.sidecar.istio.io/excludeOutboundIPRanges or excludeOutboundPorts',
  linkerd: 'run it as uid 2102 (the proxy\'s, whose traffic linkerd-init leaves alone), or skip what it calls with the annotation config.linkerd.io/skip-outbound-ports',
};

export default defineRule({
  meta: {
    id: 'injected-init-network-blocked',
    description: 'Disallow init containers that need the network while the injected mesh proxy is classic',
    severity: 'error',
    docs: 'rules/injected-init-network-blocked.md',
    versionAware: true,
    seesInjected: true,
    fixable: true,
    tags: ['kubernetes', 'sidecar', 'network', 'reliability', 'injectors'],
    messages: {
      blocked:
        '{{container}} needs the network ({{reason}}), but {{meshInit}}, which {{injector}} adds first, redirects the pod\'s traffic to {{proxy}}, and a classic proxy starts only after every init container has finished: its connections fail until it gives up. Fix: {{remedy}}.',
    },
  },
  check(pod, context) {
    for (const plan of pod.injections) {
      const bypass = BYPASS[plan.by.injector];
      if (bypass === undefined || plan.by.native) continue;
      const meshInit = injectedContainer(pod.containers, plan.by.injector, 'proxy-init');
      const proxy = injectedContainer(pod.containers, plan.by.injector, 'proxy');
      if (meshInit === undefined || proxy === undefined || proxy.role !== 'app') continue;
      const native = nativeAnnotation(plan.by, context.kubernetesVersion);
      const remedy = native === undefined ? bypass : `add the annotation ${native.key}: "true" (${PRODUCTS[plan.by.injector]} then starts the proxy before the pod's init containers), or ${bypass}`;
      const uid = plan.proxyUid;
      for (const info of pod.containers) {
        if (info.role !== 'init' || info.injected !== undefined) continue;
        const reason = networkUse(info.script);
        if (reason === undefined) continue;
        if (isRecord(info.container.securityContext) && info.container.securityContext.runAsUser === uid) continue;
        const fix = native === undefined ? undefined : annotationFix(pod.object, pod.metadataPath, native.key, native.value);
        context.report({
          path: [...info.path, Array.isArray(info.container.command) ? 'command' : 'args'],
          messageId: 'blocked',
          data: { container: describeContainer(info), reason, meshInit: describeContainer(meshInit), proxy: `"${proxy.name}"`, injector: plan.by.label, remedy },
          container: info,
          injectedBy: plan.by,
          ...(fix !== undefined ? { fix } : {}),
        });
      }
    }
  },
});
