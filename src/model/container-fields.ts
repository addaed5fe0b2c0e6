/** Small pure helpers over typed Kubernetes objects that YAML may still have shaped wrongly. */
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { ContainerInfo } from './containers.js';
import type { Path } from '../types.js';
export { isRecord } from '../load/values.js';
import { isRecord } from '../load/values.js';

export interface Indexed<T> {
  readonly value: T;
  readonly index: number;
  readonly path: Path;
}

/** Map entries of a list field of a container, with their paths; anything else is skipped. */
function entriesOf<T>(info: ContainerInfo, field: 'volumeMounts' | 'ports'): Indexed<T>[] {
  const list: unknown = info.container[field];
  if (!Array.isArray(list)) return [];
  const out: Indexed<T>[] = [];
  list.forEach((value: unknown, index) => {
    if (isRecord(value)) out.push({ value: value as T, index, path: [...info.path, field, index] });
  });
  return out;
}

export function volumeMountsOf(info: ContainerInfo): Indexed<IVolumeMount>[] {
  return entriesOf<IVolumeMount>(info, 'volumeMounts');
}

export function portsOf(info: ContainerInfo): Indexed<IContainerPort>[] {
  return entriesOf<IContainerPort>(info, 'ports');
}
