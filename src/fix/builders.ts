/**
 * Fix builders for rules: the declarative operations (see `FixOperation` in `src/types.ts`) that
 * the built-in rules attach to their reports, built from the container model. A rule never sees
 * YAML; `apply-fix.ts` turns operations into source edits that leave every byte outside the fixed
 * node as it was.
 *
 * Paths in a rule's report are from the object root; the engine prefixes them so that paths in a
 * finding are from the document root, like `Finding.path`.
 */
import type { ContainerInfo } from '../model/containers.js';
import type { MoveContainer, Path, ReplaceInScalar, SetKey } from '../types.js';
import { atLeast, FEATURES } from '../model/kube-version.js';
import type { KubeVersion } from '../model/kube-version.js';

/** Kubernetes version that made `initContainers[].restartPolicy: Always` (native sidecars) available by default. */
export const NATIVE_SIDECAR_VERSION = FEATURES.nativeSidecars.onByDefault;

/**
 * Service-mesh proxies are put into the pod by an injector that owns their place and settings;
 * moving a copy that `istioctl kube-inject` or `linkerd inject` wrote into the manifest fights the
 * injector (it decides native or classic from its own configuration), so such moves are left to the user.
 */
export function isMeshProxy(info: ContainerInfo): boolean {
  const product = info.helper?.product;
  return product === 'Istio proxy' || product === 'Linkerd proxy';
}

/**
 * The move that turns an app container into a native sidecar (end of initContainers,
 * `restartPolicy: Always`), or undefined when the target version lacks native sidecars,
 * the container is not in `containers`, or it is a mesh proxy. At the end it still starts after
 * the init containers, as it did in `containers`: nothing that ran before it has to wait for it
 * (what sidecar-order checks), and it now starts before the app and stops after it.
 */
export function nativeSidecarMove(info: ContainerInfo, version: KubeVersion): MoveContainer | undefined {
  if (info.list !== 'containers') return undefined;
  if (!atLeast(version, NATIVE_SIDECAR_VERSION.major, NATIVE_SIDECAR_VERSION.minor)) return undefined;
  if (isMeshProxy(info)) return undefined;
  return { kind: 'move-container', path: info.path, to: 'initContainers', position: 'end', set: { restartPolicy: 'Always' } };
}

/** The move that turns a one-shot app container into a regular init container, after the existing ones. */
export function initContainerMove(info: ContainerInfo): MoveContainer | undefined {
  if (info.list !== 'containers') return undefined;
  return { kind: 'move-container', path: info.path, to: 'initContainers', position: 'end' };
}

/**
 * `tail -f` (follow the open file) → `tail -F` (follow the name, retry) inside one command or args
 * string. Matches `tail` as a command word (not `--tail=10` of kubectl logs), then on the same simple
 * command `-f`, a flag cluster holding `f` (`-fn`, `-qf`, `-fn100`, `-n+1f`), `--follow` or
 * `--follow=descriptor`. `$2`/`$3` keep the other characters of a cluster.
 */
export const TAIL_FOLLOW_BY_DESCRIPTOR =
  /((?:^|[\s;&|(/])tail\s(?:[^|;&\n]*?\s)?)(?:-([A-Za-z0-9+]*?)f([A-Za-z0-9+]*)|--follow(?:=descriptor)?)(?=[\s;&|)]|$)/g;

/** A command or args item that is only the follow option of a `tail` split into argv items: `-f`. */
export const TAIL_FOLLOW_FLAG_ITEM = /^(?:-([A-Za-z0-9+]*?)f([A-Za-z0-9+]*)|--follow(?:=descriptor)?)$/;

/**
 * The fix for a `tail` that follows by descriptor, given the command/args item that holds the
 * option (its path and text); undefined when the item shows no option this fix can rewrite.
 */
export function tailFollowByNameFix(path: Path, itemText: string): ReplaceInScalar | undefined {
  if (TAIL_FOLLOW_FLAG_ITEM.test(itemText)) return { kind: 'replace-in-scalar', path, from: TAIL_FOLLOW_FLAG_ITEM, to: '-$1F$2' };
  if (itemText.search(TAIL_FOLLOW_BY_DESCRIPTOR) >= 0) return { kind: 'replace-in-scalar', path, from: TAIL_FOLLOW_BY_DESCRIPTOR, to: '$1-$2F$3' };
  return undefined;
}

/** `readOnly: true` on one volume mount (path of the mount). */
export function readOnlyMountFix(path: Path): SetKey {
  return { kind: 'set', path, key: 'readOnly', value: true };
}

/**
 * Set one annotation of the pod template (`metadataPath` from the object root): the fix for what an
 * injector adds, which is never edited itself. Undefined when the template has no annotations map
 * to add the key to (the fix operation only sets keys of an existing map).
 */
export function annotationFix(object: Readonly<Record<string, unknown>>, metadataPath: Path, key: string, value: string): SetKey | undefined {
  let current: unknown = object;
  for (const segment of [...metadataPath, 'annotations']) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
  return { kind: 'set', path: [...metadataPath, 'annotations'], key, value };
}
