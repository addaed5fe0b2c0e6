import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import type { Pod, RuleContext } from '../src/engine/rule.js';

/** Sidecars that exchange files with the app: native sidecars and classic ones, except proxies (their emptyDirs are private). */
function isFileSharingSidecar(info: ContainerInfo): boolean {
  if (info.role === 'sidecar') return info.helper?.category !== 'proxy';
  return info.classicSidecar !== undefined && info.classicSidecar.category !== 'proxy';
}

/** Helpers whose output is files on a volume they mount (the list: docs in src/model/README.md). */
const WRITERS = new Set(['git-sync', 'k8s-sidecar (ConfigMap/Secret to files)', 'Vault Agent', 'consul-template', 'certificate renewer', 'certbot']);
/**
 * Writers that replace their output rather than edit it in place: git-sync swaps a link to a new
 * checkout (kubernetes/git-sync#519), certbot writes each renewal to new files in archive/ and points
 * the links in live/ at them, consul-template (and Vault Agent, whose templates it renders) writes a
 * temporary file and renames it over the old one (hashicorp/consul-template 07e568a1,
 * renderer/renderer.go `AtomicWrite`).
 */
const REPLACING_WRITERS = new Set(['git-sync', 'Vault Agent', 'consul-template', 'certbot']);
/** Helpers that keep a ConfigMap or Secret volume's files current for others to reload. */
const WATCHERS = new Set(['config reloader', 'k8s-sidecar (ConfigMap/Secret to files)']);
const UPDATED_SOURCES = ['configMap', 'secret', 'projected'] as const;

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
      onlyWriter:
        '{{container}} is a {{product}}, which writes its output to the volumes it mounts, but no other container mounts emptyDir "{{volume}}" (at {{mountPath}} here), so nothing reads what it writes. Mount "{{volume}}" in the container that uses those files too.',
      unmounted:
        'emptyDir "{{volume}}" is declared in a pod with sidecars ({{sidecars}}), but no container mounts it. Mount it in the containers that share files, or remove it.',
      writerReadOnly:
        '{{container}} is a {{product}}, which writes its output to the volumes it mounts, but it mounts emptyDir "{{volume}}", which {{others}} also mounts, with readOnly: true: its writes there fail. Remove readOnly from this mount (keep it on the readers\' mounts).',
      subPathStale:
        '{{container}} mounts "{{volume}}" with subPath, and {{watcher}} keeps that volume\'s files updated: a subPath mount never sees later updates of its volume, so {{container}} keeps the first version. Mount the whole volume (a directory) and read the file inside it.',
      subPathWriter:
        '{{container}} mounts "{{volume}}" with subPath, and {{writer}} ({{product}}) keeps replacing what it writes there: a subPath is bound when the container starts, resolving links then, so after the first replacement (a new certificate, git-sync\'s swap of its link to a new checkout) {{container}} still sees the old file or an emptied folder. Mount the whole volume and read the path inside it.',
      backupNothing:
        '{{container}} is a backup agent reading emptyDir "{{volume}}", but the containers that mount it ({{others}}) all mount it readOnly: nothing writes it, so it backs up nothing the app produces. Mount the app\'s data volume in it, or drop this mount.',
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
      const writer = WRITERS.has(sidecar.helper?.product ?? '');
      for (const mount of emptyDirMounts) {
        context.report({
          path: [...mount.path, 'name'],
          messageId: writer && mount.value.readOnly !== true ? 'onlyWriter' : 'onlySidecar',
          data: {
            container: describeContainer(sidecar),
            volume: mount.value.name,
            mountPath: String(mount.value.mountPath),
            product: sidecar.helper?.product ?? '',
          },
          container: sidecar,
        });
      }
    }
    checkWriters(pod, context, sidecars);
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

/** Writer sidecars (the other half of sidecar practice): output mounted readOnly, subPath mounts of watched volumes, backups of nothing. */
function checkWriters(pod: Pod, context: RuleContext, sidecars: readonly ContainerInfo[]): void {
  const others = (info: ContainerInfo, name: string): ContainerInfo[] =>
    pod.containers.filter((other) => other !== info && other.role !== 'ephemeral' && volumeMountsOf(other).some((mount) => mount.value.name === name));
  for (const sidecar of sidecars) {
    const product = sidecar.helper?.product ?? '';
    for (const mount of volumeMountsOf(sidecar)) {
      const name = mount.value.name;
      if (typeof name !== 'string') continue;
      const volume = pod.volumes.get(name)?.volume;
      const sharing = others(sidecar, name);
      if (WRITERS.has(product) && mount.value.readOnly === true && volume?.emptyDir !== undefined && sharing.length > 0) {
        context.report({
          path: [...mount.path, 'readOnly'],
          messageId: 'writerReadOnly',
          data: { container: describeContainer(sidecar), product, volume: name, others: sharing.slice(0, 2).map(describeContainer).join(' and ') },
          container: sidecar,
        });
      }
      // Only pod-local volumes: a claim may be written by other pods.
      if (product === 'backup agent' && volume?.emptyDir !== undefined && sharing.length > 0 && !sharing.some((other) => volumeMountsOf(other).some((theirs) => theirs.value.name === name && theirs.value.readOnly !== true))) {
        context.report({
          path: [...mount.path, 'name'],
          messageId: 'backupNothing',
          data: { container: describeContainer(sidecar), volume: name, others: sharing.slice(0, 2).map(describeContainer).join(' and ') },
          container: sidecar,
        });
      }
      /** Every subPath mount of this volume by the containers sharing it: they never see the sidecar's later updates. */
      const staleSubPaths = (messageId: string, data: Readonly<Record<string, string>>): void => {
        for (const reader of sharing) {
          for (const theirs of volumeMountsOf(reader)) {
            if (theirs.value.name !== name || typeof theirs.value.subPath !== 'string' || theirs.value.subPath === '') continue;
            context.report({ path: [...theirs.path, 'subPath'], messageId, data: { ...data, container: describeContainer(reader), volume: name }, container: reader });
          }
        }
      };
      // A writer that keeps running replaces what it wrote (renamed files, git-sync's link swap): a subPath of it goes stale
      // (kubernetes/git-sync#519: "Subpath mounts and dynamically updated volumes do not mix").
      if (REPLACING_WRITERS.has(product) && sidecar.lifetime.kind !== 'one-shot' && mount.value.readOnly !== true && volume?.emptyDir !== undefined) {
        staleSubPaths('subPathWriter', { writer: describeContainer(sidecar), product });
      }
      if (WATCHERS.has(product) && volume !== undefined && UPDATED_SOURCES.some((source) => volume[source] !== undefined)) {
        staleSubPaths('subPathStale', { watcher: describeContainer(sidecar) });
      }
    }
  }
}
