import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { networkUse, talksTo } from '../src/model/network-use.js';
import { defineRule } from '../src/engine/rule.js';
import { isSelfContained } from '../src/model/sidecars.js';

function volumeNames(info: ContainerInfo): Set<string> {
  return new Set(volumeMountsOf(info).map((mount) => String(mount.value.name)));
}

/** True unless the sidecar is a known self-contained helper that the init container neither shares a volume with nor calls. */
function mayNeed(init: ContainerInfo, sidecar: ContainerInfo): boolean {
  if (!isSelfContained(sidecar.helper)) return true;
  const shared = volumeNames(sidecar);
  if ([...volumeNames(init)].some((name) => shared.has(name))) return true;
  return talksTo(init.script, sidecar);
}

export default defineRule({
  meta: {
    id: 'sidecar-order',
    description: 'Require init containers to run after the native sidecars they need and before those they do not',
    severity: 'warning',
    docs: 'rules/sidecar-order.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      afterUnneeded:
        '{{container}} runs after {{sidecars}} but uses nothing of {{them}} (no shared volume, no call to {{its}} ports): it waits for {{them}} to start, and while it runs the pod reserves {{its}} resources on top of its own. Move it before {{sidecars}} in initContainers.',
      beforeProxy:
        '{{container}} needs the network ({{reason}}) but runs before {{proxy}}, so its traffic does not go through the proxy: with the mesh redirecting traffic or requiring mTLS its connections fail. Move it after {{proxy}} in initContainers.',
      beforeClassicProxy:
        '{{container}} starts before the app containers, but the pod\'s {{product}} ({{proxy}}) is classic: once {{meshInit}} redirects the pod\'s traffic, its connections go to a proxy that starts only after every init container has finished, and fail until then. Have the proxy injected as a native sidecar ahead of it, or exclude its traffic from redirection.',
    },
  },
  check(pod, context) {
    const inits = pod.containers.filter((info) => info.role === 'init' || info.role === 'sidecar');
    // A user's native sidecar next to a classic mesh proxy whose init container redirects traffic.
    const classicProxy = pod.containers.find((info) => info.role === 'app' && (info.helper?.product === 'Istio proxy' || info.helper?.product === 'Linkerd proxy'));
    const meshInit = inits.find((info) => info.role === 'init' && /^(?:istio-init|linkerd-init)$/.test(info.name));
    if (classicProxy?.helper && meshInit) {
      for (const info of inits) {
        if (info.role !== 'sidecar' || info.helper?.category === 'proxy' || info.helper?.product === 'log tailer') continue;
        context.report({
          path: info.path,
          messageId: 'beforeClassicProxy',
          data: { container: describeContainer(info), proxy: describeContainer(classicProxy), product: classicProxy.helper.product, meshInit: describeContainer(meshInit) },
          container: info,
          ...(classicProxy.injected !== undefined ? { injectedBy: classicProxy.injected } : {}),
        });
      }
    }
    inits.forEach((info, position) => {
      // What an injector adds goes where the injector puts it; injected-init-network-blocked covers a classic injected proxy.
      if (info.role !== 'init' || info.injected !== undefined) return;
      const before = inits.slice(0, position).filter((other) => other.role === 'sidecar');
      if (before.length > 0 && !before.some((sidecar) => mayNeed(info, sidecar))) {
        const many = before.length > 1;
        context.report({
          path: info.path,
          messageId: 'afterUnneeded',
          data: {
            container: describeContainer(info),
            sidecars: before.map(describeContainer).join(', '),
            them: many ? 'them' : 'it',
            its: many ? 'their' : 'its',
          },
          container: info,
        });
        return;
      }
      if (info.helper?.category === 'proxy') return; // the mesh's own init (istio-init, linkerd-init) must come first
      const proxy = inits.slice(position + 1).find((other) => other.role === 'sidecar' && other.helper?.category === 'proxy');
      const reason = networkUse(info.script);
      if (!proxy || reason === undefined) return;
      context.report({
        path: info.path,
        messageId: 'beforeProxy',
        data: { container: describeContainer(info), proxy: describeContainer(proxy), reason },
        container: info,
      });
    });
  },
});
