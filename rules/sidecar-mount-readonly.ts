import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { readOnlyMountFix } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';
import { isLogReader, sidecarHelper } from '../src/model/sidecars.js';

/** Volume sources the kubelet always mounts read-only: readOnly changes nothing there. */
const ALWAYS_READ_ONLY = ['configMap', 'secret', 'downwardAPI', 'projected', 'image'] as const;

/** Log shippers that keep a position database or buffer, which may live on the shared volume. */
function keepsState(info: ContainerInfo): boolean {
  const product = sidecarHelper(info)?.product ?? '';
  return product !== 'log tailer';
}

/**
 * True when the reader's own command writes under `mountPath`: `touch`, a redirect, `mkdir`/`rm`/`mv`,
 * or a position file (`pos_file`, `--pos-file`, `db=`) there. readOnly would break it.
 */
function writesUnder(info: ContainerInfo, mountPath: string): boolean {
  const base = mountPath.replace(/\/+$/, '');
  const targets = [
    ...info.script.matchAll(/(?:\btouch|\bmkdir(?:\s+-p)?|\brm(?:\s+-[rf]+)?|\bmv|\btruncate(?:\s+-s\s*\S+)?|>>?|\bpos_file|--pos-file[= ]|\bdb[= ]|\bDB\s)\s*(\/[^\s;&|'"]*)/g),
  ].map((match) => match[1] ?? '');
  const env = Array.isArray(info.container.env) ? info.container.env : [];
  for (const variable of env) if (typeof variable?.value === 'string' && /pos|db|buffer/i.test(String(variable.name))) targets.push(variable.value);
  return targets.some((target) => target === base || target.startsWith(`${base}/`));
}

export default defineRule({
  meta: {
    id: 'sidecar-mount-readonly',
    description: 'Require log-reading sidecars to mount the volumes they share read-only',
    severity: 'warning',
    docs: 'rules/sidecar-mount-readonly.md',
    tags: ['sidecar', 'logging', 'security'],
    fixable: true,
    messages: {
      writable:
        '{{container}} reads volume "{{volume}}", which {{writers}} writes, and its command writes nothing there, but it mounts it at {{mountPath}} without readOnly: true: a bug or compromise in the sidecar can change or delete the app\'s files. Add readOnly: true to this volumeMount.',
      writableState:
        '{{container}} reads volume "{{volume}}", which {{writers}} writes, and mounts it at {{mountPath}} without readOnly: true: a bug or compromise in the sidecar can change or delete the app\'s files. If its position database or buffer is not kept there (its command does not show it), add readOnly: true to this volumeMount; else move that state to a volume of its own first.',
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      if (!isLogReader(info)) continue;
      for (const mount of volumeMountsOf(info)) {
        const name = mount.value.name;
        if (typeof name !== 'string' || mount.value.readOnly === true) continue;
        const volume = pod.volumes.get(name)?.volume;
        if (!volume || ALWAYS_READ_ONLY.some((source) => volume[source] !== undefined)) continue;
        // It writes there itself (a position file beside the logs, a touched log file): readOnly would break it.
        if (writesUnder(info, String(mount.value.mountPath ?? ''))) continue;
        const writers = pod.containers.filter(
          (other) =>
            other !== info &&
            other.role !== 'ephemeral' &&
            !isLogReader(other) &&
            volumeMountsOf(other).some((theirs) => theirs.value.name === name && theirs.value.readOnly !== true),
        );
        if (writers.length === 0) continue;
        // A shipper that keeps state may keep it on this volume: readOnly would stop it, so only
        // stateless readers (tail) are fixed automatically.
        const stateful = keepsState(info);
        context.report({
          path: mount.path,
          messageId: stateful ? 'writableState' : 'writable',
          data: {
            container: describeContainer(info),
            volume: name,
            mountPath: String(mount.value.mountPath),
            writers: writers.slice(0, 2).map(describeContainer).join(' and '),
          },
          container: info,
          fix: stateful ? undefined : readOnlyMountFix(mount.path),
        });
      }
    }
  },
});
