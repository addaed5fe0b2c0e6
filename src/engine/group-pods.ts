/**
 * Live output (`kubectl get pods -o yaml`: a `List` of the Pods of one ReplicaSet) repeats every
 * finding once per replica. Pods with the same controller (`metadata.ownerReferences`, the one with
 * `controller: true`, else the first) and the same containers (names and images) are one group: the
 * first is linted and its findings say how many pods share them; the others are not linted again.
 */
import type { LoadedObject } from '../load/source.js';
import { isRecord } from '../load/values.js';

export interface PodGroup {
  /** `ReplicaSet/web-7d9f`. */
  readonly owner: string;
  /** Pods in the group, this one included. */
  readonly size: number;
  /** The pod linted for the group. */
  readonly first: LoadedObject;
}

function ownerOf(object: LoadedObject): string | undefined {
  if (object.ref.kind !== 'Pod' || !isRecord(object.value.metadata)) return undefined;
  const references = object.value.metadata.ownerReferences;
  if (!Array.isArray(references)) return undefined;
  const owners = references.filter(isRecord);
  const owner = owners.find((reference) => reference.controller === true) ?? owners[0];
  if (!owner || typeof owner.kind !== 'string' || typeof owner.name !== 'string') return undefined;
  return `${owner.kind}/${owner.name}`;
}

function containersKey(object: LoadedObject): string {
  const spec = isRecord(object.value.spec) ? object.value.spec : {};
  const lists = ['initContainers', 'containers'].map((list) => {
    const entries = spec[list];
    return Array.isArray(entries) ? entries.filter(isRecord).map((entry) => `${String(entry.name)}=${String(entry.image)}`).join(',') : '';
  });
  return lists.join('|');
}

/** The group of each Pod that shares its controller and containers with at least one other Pod. */
export function podGroups(objects: readonly LoadedObject[]): Map<LoadedObject, PodGroup> {
  const byKey = new Map<string, LoadedObject[]>();
  for (const object of objects) {
    const owner = ownerOf(object);
    if (owner === undefined) continue;
    const key = `${object.ref.namespace ?? ''}\u0000${owner}\u0000${containersKey(object)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), object]);
  }
  const groups = new Map<LoadedObject, PodGroup>();
  for (const members of byKey.values()) {
    const [first] = members;
    if (first === undefined || members.length < 2) continue;
    const group: PodGroup = { owner: ownerOf(first) ?? '', size: members.length, first };
    for (const member of members) groups.set(member, group);
  }
  return groups;
}
