import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';

/** Sidecars that exchange files with the app: native sidecars and classic ones, except proxies (their emptyDirs are private). */
function isFileSharingSidecar(info: ContainerInfo): boolean {
  if (info.role === 'sidecar') return info.helper?.category !== 'proxy';
  return info.classicSidecar !== undefined && info.classicSidecar.category !== 'proxy';
}

export default defineRule({
  meta: {
    id: 'shared-volume-unshared',
    description: 'Require the emptyDir volumes a sidecar mounts to be shared with another container',
    severity: 'warning',
    docs: 'rules/shared-volume-unshared.md',
    tags: ['kubernetes', 'sidecar', 'volumes'],
    messages: {
      onlySidecar:
        '{{container}} mounts emptyDir "{{volume}}" at {{mountPath}}, but no other container mounts it, so the sidecar sees none of their files. Mount "{{volume}}" in the container that writes them too.',
      unmounted:
        'emptyDir "{{volume}}" is declared in a pod with sidecars ({{sidecars}}), but no container mounts it. Mount it in the containers that share files, or remove it.',
    },
  },
  check(pod, context) {
    const sidecars = pod.containers.filter(isFileSharingSidecar);
    if (sidecars.length === 0) return;
    const mountersOf = new Map<string, ContainerInfo[]>();
    for (const info of pod.containers) {
      for (const mount of volumeMountsOf(info)) {
        if (typeof mount.value.name !== 'string') continue;
        const list = mountersOf.get(mount.value.name) ?? [];
        if (!list.includes(info)) list.push(info);
        mountersOf.set(mount.value.name, list);
      }
    }
    const isEmptyDir = (name: unknown): name is string =>
      typeof name === 'string' && pod.volumes.get(name)?.volume.emptyDir !== undefined;

    for (const sidecar of sidecars) {
      const emptyDirMounts = volumeMountsOf(sidecar).filter((mount) => isEmptyDir(mount.value.name));
      const sharesAny = emptyDirMounts.some((mount) => (mountersOf.get(mount.value.name)?.length ?? 0) > 1);
      if (sharesAny) continue;
      for (const mount of emptyDirMounts) {
        context.report({
          path: [...mount.path, 'name'],
          messageId: 'onlySidecar',
          data: {
            container: describeContainer(sidecar),
            volume: mount.value.name,
            mountPath: String(mount.value.mountPath),
          },
          container: sidecar,
        });
      }
    }
    for (const volume of pod.volumes.values()) {
      if (volume.volume.emptyDir === undefined || mountersOf.has(volume.name)) continue;
      context.report({
        path: [...volume.path, 'name'],
        messageId: 'unmounted',
        data: { volume: volume.name, sidecars: sidecars.map((info) => `"${info.name}"`).join(', ') },
      });
    }
  },
});
