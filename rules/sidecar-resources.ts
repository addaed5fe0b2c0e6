import { isRecord } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { describeSidecar, isSidecar, sidecarHelper } from '../src/model/sidecars.js';
import { isLinkerdControlPlane } from '../src/model/mesh.js';

function quantity(map: unknown, name: string): boolean {
  return isRecord(map) && map[name] !== undefined && map[name] !== null && map[name] !== '';
}

const MISSING =
  "{{container}} sets no {{missing}}: a sidecar counts toward the pod's requests for the pod's whole life, so the scheduler under-reserves the node{{memory}}.";

/**
 * Injected mesh proxies are configured through the mesh's annotations, not in the manifest's
 * container; the proxies of Linkerd's own control plane through its chart's values.
 */
function messageFor(info: ContainerInfo, controlPlane: boolean): string {
  const product = sidecarHelper(info)?.product;
  if (product === 'Istio proxy') return 'missingIstio';
  if (product === 'Linkerd proxy') return controlPlane ? 'missingLinkerdControlPlane' : 'missingLinkerd';
  return 'missing';
}

export default defineRule({
  meta: {
    id: 'sidecar-resources',
    description: 'Require CPU and memory requests and a memory limit on sidecars',
    severity: 'warning',
    docs: 'rules/sidecar-resources.md',
    tags: ['kubernetes', 'sidecar', 'resources'],
    messages: {
      missing: `${MISSING} Set resources.requests.cpu, resources.requests.memory and resources.limits.memory.`,
      missingIstio: `${MISSING} The proxy is injected by Istio: set them with the pod annotations sidecar.istio.io/proxyCPU, sidecar.istio.io/proxyMemory and sidecar.istio.io/proxyMemoryLimit (or mesh-wide in the injector's values).`,
      missingLinkerd: `${MISSING} The proxy is injected by Linkerd: set them with the pod annotations config.linkerd.io/proxy-cpu-request, config.linkerd.io/proxy-memory-request and config.linkerd.io/proxy-memory-limit (or mesh-wide in Linkerd's values).`,
      missingLinkerdControlPlane: `${MISSING} This pod is part of Linkerd's control plane, whose proxies its chart or \`linkerd install\` writes: set the values proxy.resources.cpu.request, proxy.resources.memory.request and proxy.resources.memory.limit (helm --set or linkerd install --set).`,
    },
  },
  check(pod, context) {
    // Pod-level resources (spec.resources) cover every container.
    if (isRecord(pod.spec.resources)) return;
    const controlPlane = isLinkerdControlPlane({ ...pod.owner.labels, ...pod.podLabels });
    for (const info of pod.containers) {
      if (!isSidecar(info)) continue;
      const resources: unknown = info.container.resources;
      const requests = isRecord(resources) ? resources.requests : undefined;
      const limits = isRecord(resources) ? resources.limits : undefined;
      // A limit without a request makes the request equal to the limit.
      const missing: string[] = [];
      if (!quantity(requests, 'cpu') && !quantity(limits, 'cpu')) missing.push('CPU request');
      if (!quantity(requests, 'memory') && !quantity(limits, 'memory')) missing.push('memory request');
      if (!quantity(limits, 'memory')) missing.push('memory limit');
      if (missing.length === 0) continue;
      context.report({
        path: isRecord(resources) ? [...info.path, 'resources'] : info.path,
        messageId: messageFor(info, controlPlane),
        data: {
          container: describeSidecar(info),
          missing: missing.length > 1 ? `${missing.slice(0, -1).join(', ')} or ${missing.at(-1) ?? ''}` : (missing[0] ?? ''),
          memory: quantity(limits, 'memory') ? '' : ', and without a memory limit a leak in it can take the node\'s memory from the app',
        },
        container: info,
      });
    }
  },
});
