import { describeContainer } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

export default defineRule({
  meta: {
    id: 'volume-mount-duplicate-path',
    description: 'Disallow two volume mounts at the same mountPath in one container',
    severity: 'error',
    docs: 'rules/volume-mount-duplicate-path.md',
    tags: ['kubernetes', 'correctness', 'volumes'],
    messages: {
      duplicate:
        '{{container}} mounts volume "{{volume}}" at {{mountPath}}, where it already mounts volume "{{first}}" (volumeMounts[{{firstIndex}}]); mountPaths must be unique within a container, so the API server rejects the pod. Mount one of them elsewhere, or use subPath to mount single files side by side.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    for (const info of pod.containers) {
      const seen = new Map<string, { volume: string; index: number }>();
      for (const mount of volumeMountsOf(info)) {
        const mountPath: unknown = mount.value.mountPath;
        if (typeof mountPath !== 'string' || mountPath === '') continue;
        const volume = typeof mount.value.name === 'string' ? mount.value.name : '?';
        const first = seen.get(mountPath);
        if (!first) {
          seen.set(mountPath, { volume, index: mount.index });
          continue;
        }
        context.report({
          path: [...mount.path, 'mountPath'],
          messageId: 'duplicate',
          data: { container: describeContainer(info), volume, mountPath, first: first.volume, firstIndex: first.index },
          container: info,
        });
      }
    }
  },
});
