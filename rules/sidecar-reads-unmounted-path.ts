import { isUnder, itemPath, pathsRead } from '../src/model/command-paths.js';
import type { ReadPath } from '../src/model/command-paths.js';
import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import type { Indexed } from '../src/model/container-fields.js';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { defineRule } from '../src/engine/rule.js';
import type { Pod } from '../src/engine/rule.js';
import { isSidecar } from '../src/model/sidecars.js';

/** The mount of `info` that holds `path` (the deepest one), if any. */
function mountHolding(info: ContainerInfo, path: string): Indexed<IVolumeMount> | undefined {
  let best: Indexed<IVolumeMount> | undefined;
  for (const mount of volumeMountsOf(info)) {
    const at = mount.value.mountPath;
    if (typeof at !== 'string' || !isUnder(path, at)) continue;
    if (!best || at.length > String(best.value.mountPath).length) best = mount;
  }
  return best;
}

/** "container "app" mounts volume "logs" at /var/log/app" for the first other container whose mount holds the path. */
function hint(pod: Pod, info: ContainerInfo, read: ReadPath): string {
  for (const other of pod.containers) {
    if (other === info) continue;
    const mount = mountHolding(other, read.base);
    if (mount && mount.value.mountPath !== '/') {
      return ` (${describeContainer(other)} mounts volume "${String(mount.value.name)}" at ${String(mount.value.mountPath)})`;
    }
  }
  return '';
}

export default defineRule({
  meta: {
    id: 'sidecar-reads-unmounted-path',
    description: 'Require the files a sidecar reads to lie on a volume another container shares',
    severity: 'warning',
    docs: 'rules/sidecar-reads-unmounted-path.md',
    tags: ['sidecar', 'volumes', 'logging'],
    messages: {
      unmounted:
        '{{container}} reads {{path}} ({{via}}), but none of its volumeMounts holds that path, so it reads its own filesystem and never sees the other containers\' files. Mount the shared volume in {{container}} at a path that holds {{path}}{{hint}}, or fix the path.',
      unshared:
        '{{container}} reads {{path}} ({{via}}) from emptyDir "{{volume}}" mounted at {{mountPath}}, but no other container mounts "{{volume}}", so it stays empty. Mount "{{volume}}" in the container that writes {{path}}, or fix the path.',
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      if (!isSidecar(info)) continue;
      const seen = new Set<string>();
      for (const read of pathsRead(info.container)) {
        if (seen.has(read.path)) continue;
        seen.add(read.path);
        const path = [...info.path, ...itemPath(read.item)];
        const base = { container: describeContainer(info), path: read.path, via: read.via };
        const mount = mountHolding(info, read.base);
        if (!mount) {
          if (read.kind !== 'log') continue; // config and other files usually ship in the image
          context.report({ path, messageId: 'unmounted', data: { ...base, hint: hint(pod, info, read) }, container: info });
          continue;
        }
        const name = mount.value.name;
        if (typeof name !== 'string' || pod.volumes.get(name)?.volume.emptyDir === undefined) continue;
        const shared = pod.containers.some(
          (other) => other !== info && other.role !== 'ephemeral' && volumeMountsOf(other).some((theirs) => theirs.value.name === name),
        );
        if (shared) continue;
        context.report({
          path,
          messageId: 'unshared',
          data: { ...base, volume: name, mountPath: String(mount.value.mountPath) },
          container: info,
        });
      }
    }
  },
});
