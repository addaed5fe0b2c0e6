import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { isRecord, volumeMountsOf } from '../src/model/container-fields.js';
import type { Indexed } from '../src/model/container-fields.js';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { defineRule } from '../src/engine/rule.js';
import { isConfigWatcher } from '../src/model/sidecars.js';

function hasMemoryLimit(info: ContainerInfo): boolean {
  const resources: unknown = info.container.resources;
  const limits = isRecord(resources) ? resources.limits : undefined;
  return isRecord(limits) && limits.memory !== undefined && limits.memory !== null;
}

/** A volume that only carries Unix sockets: its name or every mount path says so. */
const SOCKET = /(?:^|[-_/.])(?:socks?|sockets?|uds|grpc-socket)(?:$|[-_/.])|\.sock$|^\/(?:var\/)?run(?:\/[\w.-]+)?$/;

/** A one-shot step that can still fill the disk once: a data sync, not a config or binary hand-off. */
const DATA_SYNC = /\b(?:rsync|git\s+clone|gsutil|aws\s+s3|rclone)\b/;

type Mounter = { readonly info: ContainerInfo; readonly mount: Indexed<IVolumeMount> };

/** True when some container sets limits.ephemeral-storage: the kubelet then holds the whole pod to their sum. */
function ephemeralStorageLimited(containers: readonly ContainerInfo[]): boolean {
  return containers.some((info) => {
    const resources: unknown = info.container.resources;
    const limits = isRecord(resources) ? resources.limits : undefined;
    return isRecord(limits) && limits['ephemeral-storage'] !== undefined && limits['ephemeral-storage'] !== null && limits['ephemeral-storage'] !== '';
  });
}

/**
 * Why this volume cannot fill the node, or is no hand-over between running containers, or undefined:
 * - it only carries Unix sockets;
 * - (disk) a container sets limits.ephemeral-storage: the kubelet counts disk-backed emptyDirs, the
 *   writable layers and logs of the whole pod against the sum of the containers' limits and evicts
 *   the pod past it (kubernetes/kubernetes pkg/kubelet/eviction/eviction_manager.go
 *   `podEphemeralStorageLimitEviction`, 0239cd73; the sum is of the limits that are set,
 *   component-helpers/resource/helpers.go `PodLimits`/`addResourceList`, 0085214e), so one writer
 *   cannot fill the node's disk;
 * - at most one long-running container uses it besides config watchers (reloaders, k8s-sidecar,
 *   which write or read ConfigMap-sized files), and the others are regular init containers that
 *   hand something over once (a copied binary, a rendered config): a hand-off, not a shared stream.
 *   A data sync in an init container (`git clone`, `rsync`, `git-sync --one-time`) still counts:
 *   it can fill the disk once.
 */
function boundedUse(name: string, mounters: readonly Mounter[], containers: readonly ContainerInfo[], memory: boolean): string | undefined {
  if (SOCKET.test(name) || mounters.every(({ mount }) => SOCKET.test(String(mount.value.mountPath ?? '')))) return 'socket';
  if (!memory && ephemeralStorageLimited(containers)) return 'ephemeral-storage';
  // A regular init container that never exits is a sidecar by mistake (init-container-never-exits), no hand-off.
  const once = (info: ContainerInfo): boolean => info.role === 'init' && info.lifetime.kind !== 'long-running';
  const syncs = mounters.some(({ info, mount }) => once(info) && mount.value.readOnly !== true && (info.helper?.category === 'sync' || DATA_SYNC.test(info.script)));
  const running = mounters.filter(({ info }) => !once(info) && !isConfigWatcher(info));
  if (!syncs && running.length <= 1) return 'hand-off';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'shared-emptydir-size-limit',
    description: 'Require a sizeLimit on emptyDir volumes shared by several containers',
    severity: 'warning',
    docs: 'rules/shared-emptydir-size-limit.md',
    tags: ['kubernetes', 'sidecar', 'volumes', 'resources'],
    messages: {
      noSizeLimit:
        'emptyDir "{{volume}}" is shared by {{containers}} but has no sizeLimit: one writer can fill the node\'s {{storage}} and get other pods evicted. Set emptyDir.sizeLimit.',
      tmpfsNoLimit:
        '{{container}} mounts memory-backed emptyDir "{{volume}}" but has no memory limit: files written there count as memory of the containers that write them, with no cap. Set resources.limits.memory on {{container}}.',
    },
  },
  check(pod, context) {
    const podMemoryLimit = isRecord(pod.spec.resources) && isRecord(pod.spec.resources.limits) && pod.spec.resources.limits.memory !== undefined;
    for (const volume of pod.volumes.values()) {
      const emptyDir: unknown = volume.volume.emptyDir;
      if (emptyDir === undefined) continue;
      const mounters: Mounter[] = [];
      for (const info of pod.containers) {
        if (info.role === 'ephemeral') continue;
        const mount = volumeMountsOf(info).find((candidate) => candidate.value.name === volume.name);
        if (mount) mounters.push({ info, mount });
      }
      if (mounters.length < 2) continue;
      const memory = isRecord(emptyDir) && emptyDir.medium === 'Memory';
      const sizeLimit = isRecord(emptyDir) ? emptyDir.sizeLimit : undefined;
      if ((sizeLimit === undefined || sizeLimit === null || sizeLimit === '') && !boundedUse(volume.name, mounters, pod.containers, memory)) {
        const names = mounters.map(({ info }) => `"${info.name}"`);
        context.report({
          path: [...volume.path, 'emptyDir'],
          messageId: 'noSizeLimit',
          data: {
            volume: volume.name,
            containers: names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '),
            storage: memory ? 'memory' : 'disk',
          },
        });
      }
      if (!memory || podMemoryLimit) continue;
      for (const { info, mount } of mounters) {
        if (hasMemoryLimit(info)) continue;
        context.report({
          path: mount.path,
          messageId: 'tmpfsNoLimit',
          data: { container: describeContainer(info), volume: volume.name },
          container: info,
        });
      }
    }
  },
});
