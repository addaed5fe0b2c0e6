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
    },
  },
  check(pod, context) {
    const inits = pod.containers.filter((info) => info.role === 'init' || info.role === 'sidecar');
    inits.forEach((info, position) => {
      if (info.role !== 'init') return;
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
