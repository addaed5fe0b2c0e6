/**
 * A pod spec with injection plans applied one after another, as the API server applies the patches
 * of its mutating webhooks: each plan's containers go first or last in their list as it stands when
 * that webhook runs, its volumes after the pod's, its mounts and environment into the containers
 * already there, its pod fields where the pod sets none. Remembers where every entry came from, so
 * that the manifest's own containers keep their paths and what was added gets paths of its own.
 */
import type { Path } from '../../types.js';
import { isRecord } from '../../load/values.js';
import type { InjectionPlan } from './profile.js';

export type ContainerListName = 'initContainers' | 'containers';

/** Where an entry of the effective pod came from: the manifest (its index there), or a plan (and which of its containers). */
export type Origin = { readonly real: number } | { readonly plan: number; readonly item: number };

/** A field the plans added to what the manifest has: a path from the pod spec, and which plan added it. */
export interface AddedField {
  readonly path: Path;
  readonly plan: number;
}

export interface MergedPod {
  readonly spec: Record<string, unknown>;
  readonly origins: Readonly<Record<ContainerListName, readonly Origin[]>>;
  /** Volumes, mounts and env in the manifest's containers, pod fields: what the plans added there. */
  readonly added: readonly AddedField[];
}

const LISTS: readonly ContainerListName[] = ['initContainers', 'containers'];

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? [...(value as unknown[])] : [];
}

function nameOf(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry.name === 'string' ? entry.name : undefined;
}

/** Apply the plans in order (the webhooks' order) to a copy of the spec. */
export function mergePlans(spec: Record<string, unknown>, plans: readonly InjectionPlan[]): MergedPod {
  const merged: Record<string, unknown> = { ...spec };
  const entries: Record<ContainerListName, unknown[]> = { initContainers: listOf(spec.initContainers), containers: listOf(spec.containers) };
  const origins: Record<ContainerListName, Origin[]> = {
    initContainers: entries.initContainers.map((_, index) => ({ real: index })),
    containers: entries.containers.map((_, index) => ({ real: index })),
  };
  const volumes = listOf(spec.volumes);
  const added: AddedField[] = [];
  plans.forEach((plan, planIndex) => {
    // Mounts and env go into the containers present when the webhook runs, before its own are added.
    for (const addition of plan.additions ?? []) {
      for (const list of LISTS) {
        entries[list] = entries[list].map((entry, index) => {
          const name = nameOf(entry);
          if (name === undefined || !addition.containers.includes(name) || !isRecord(entry)) return entry;
          const origin = origins[list][index];
          const copy: Record<string, unknown> = { ...entry };
          const real = origin !== undefined && 'real' in origin ? origin.real : undefined;
          if (addition.volumeMounts !== undefined && addition.volumeMounts.length > 0) {
            const mounts = listOf(entry.volumeMounts);
            for (const mount of addition.volumeMounts) {
              if (real !== undefined) added.push({ path: [list, real, 'volumeMounts', mounts.length], plan: planIndex });
              mounts.push(mount);
            }
            copy.volumeMounts = mounts;
          }
          if (addition.env !== undefined && addition.env.length > 0) {
            const env = listOf(entry.env);
            const present = new Set(env.map(nameOf));
            for (const variable of addition.env) {
              if (present.has(variable.name)) continue;
              if (real !== undefined) added.push({ path: [list, real, 'env', env.length], plan: planIndex });
              env.push(variable);
            }
            copy.env = env;
          }
          return copy;
        });
      }
    }
    for (const list of LISTS) {
      const items = plan.containers.flatMap((item, index) => (item.list === list ? [{ item, index }] : []));
      const first = items.filter(({ item }) => item.at === 'first');
      const last = items.filter(({ item }) => item.at === 'last');
      entries[list] = [...first.map(({ item }) => item.container), ...entries[list], ...last.map(({ item }) => item.container)];
      origins[list] = [...first.map(({ index }) => ({ plan: planIndex, item: index })), ...origins[list], ...last.map(({ index }) => ({ plan: planIndex, item: index }))];
    }
    for (const volume of plan.volumes) {
      added.push({ path: ['volumes', volumes.length], plan: planIndex });
      volumes.push(volume);
    }
    for (const [key, value] of Object.entries(plan.podFields ?? {})) {
      const current = merged[key];
      if (current === undefined) {
        merged[key] = value;
        added.push({ path: [key], plan: planIndex });
      } else if (isRecord(current) && isRecord(value)) {
        // One level down: a field of the pod's securityContext the pod does not set.
        const copy: Record<string, unknown> = { ...current };
        for (const [inner, innerValue] of Object.entries(value)) {
          if (copy[inner] !== undefined) continue;
          copy[inner] = innerValue;
          added.push({ path: [key, inner], plan: planIndex });
        }
        merged[key] = copy;
      }
    }
  });
  for (const list of LISTS) if (entries[list].length > 0 || spec[list] !== undefined) merged[list] = entries[list];
  if (volumes.length > 0 || spec.volumes !== undefined) merged.volumes = volumes;
  return { spec: merged, origins, added };
}
