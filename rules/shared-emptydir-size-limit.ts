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
      if (sizeLimit === undefined || sizeLimit === null || sizeLimit === '') {
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
