import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { isRecord, volumeMountsOf } from '../src/model/container-fields.js';
import type { Indexed } from '../src/model/container-fields.js';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { defineRule } from '../src/engine/rule.js';

function hasMemoryLimit(info: ContainerInfo): boolean {
  const resources: unknown = info.container.resources;
  const limits = isRecord(resources) ? resources.limits : undefined;
  return isRecord(limits) && limits.memory !== undefined && limits.memory !== null;
}

/** A volume that only carries Unix sockets: its name or every mount path says so. */
const SOCKET = /(?:^|[-_/.])(?:socks?|sockets?|uds|grpc-socket)(?:$|[-_/.])|\.sock$|^\/(?:var\/)?run(?:\/[\w.-]+)?$/;

/**
 * Why nobody fills this volume while the pod runs, or undefined: it only carries Unix sockets, or
 * only regular init containers write it (a one-shot hand-off: config rendered or copied before the
 * app starts) and every long-running container mounts it readOnly.
 */
function boundedUse(name: string, mounters: readonly { info: ContainerInfo; mount: Indexed<IVolumeMount> }[]): string | undefined {
  if (SOCKET.test(name) || mounters.every(({ mount }) => SOCKET.test(String(mount.value.mountPath ?? '')))) return 'socket';
  const writers = mounters.filter(({ mount }) => mount.value.readOnly !== true);
  // A data sync (git-sync --one-time, rsync) can still fill the disk once: only hand-offs are bounded.
  if (writers.length > 0 && writers.every(({ info }) => info.role === 'init' && info.helper?.category !== 'sync' && !/\b(?:rsync|git\s+clone|gsutil|aws\s+s3|rclone)\b/.test(info.script))) return 'init-only';
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
      const mounters: { info: ContainerInfo; mount: Indexed<IVolumeMount> }[] = [];
      for (const info of pod.containers) {
        if (info.role === 'ephemeral') continue;
        const mount = volumeMountsOf(info).find((candidate) => candidate.value.name === volume.name);
        if (mount) mounters.push({ info, mount });
      }
      if (mounters.length < 2) continue;
      const memory = isRecord(emptyDir) && emptyDir.medium === 'Memory';
      const sizeLimit = isRecord(emptyDir) ? emptyDir.sizeLimit : undefined;
      if ((sizeLimit === undefined || sizeLimit === null || sizeLimit === '') && !boundedUse(volume.name, mounters)) {
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
