/**
 * The pod as it will run: a pod spec with what the injector profiles add (`injectors.ts`) merged in
 * where each injector puts it, and its containers described like any other (`containers.ts`). Real
 * containers keep the paths of the manifest; synthesized ones get a path past the end of their list
 * (which no source holds) and an `injected` mark, so that the engine can report them at their trigger.
 */
import type { Path } from '../types.js';
import { containersOf } from './containers.js';
import type { ContainerInfo, ContainerList, Helper } from './containers.js';
import type { InjectedBy, InjectionPlan, InjectedContainer } from './injectors.js';
import { PRODUCTS } from './injectors.js';

export interface Synthesized {
  /** Path from the object root (past the end of its list). */
  readonly path: Path;
  readonly by: InjectedBy;
}

export interface EffectivePod {
  readonly spec: Record<string, unknown>;
  readonly containers: ContainerInfo[];
  readonly synthesized: readonly Synthesized[];
}

type Slot = { readonly real: number } | { readonly injected: InjectedContainer; readonly by: InjectedBy; readonly path: Path };

function slotsOf(list: 'initContainers' | 'containers', real: readonly unknown[], specPath: Path, plans: readonly InjectionPlan[]): Slot[] {
  let next = real.length;
  const take = (position: 'start' | 'end'): Slot[] =>
    plans.flatMap((plan) => plan.containers.filter((item) => item.list === list && item.position === position).map((injected) => ({ injected, by: plan.by, path: [] as Path })));
  const starts = take('start');
  const ends = take('end');
  // Paths past the real list, numbered in effective order.
  const withPaths = (slots: Slot[]): Slot[] => slots.map((slot) => ('injected' in slot ? { ...slot, path: [...specPath, list, next++] } : slot));
  const first = withPaths(starts);
  const last = withPaths(ends);
  return [...first, ...real.map((_, index) => ({ real: index })), ...last];
}

function injectedHelper(by: InjectedBy, name: string, existing: Helper | undefined): Helper {
  return existing ?? { category: 'proxy', product: `${PRODUCTS[by.injector]} sidecar`, reason: `"${name}" is injected by ${by.label}` };
}

/** The pod spec with every plan merged in, and its containers in start order. */
export function effectivePod(spec: Record<string, unknown>, specPath: Path, plans: readonly InjectionPlan[]): EffectivePod {
  const lists = ['initContainers', 'containers'] as const;
  const slots = new Map<ContainerList, Slot[]>();
  const merged: Record<string, unknown> = { ...spec };
  const synthesized: Synthesized[] = [];
  for (const list of lists) {
    const real: unknown[] = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    const listSlots = slotsOf(list, real, specPath, plans);
    slots.set(list, listSlots);
    if (listSlots.length === real.length) continue;
    merged[list] = listSlots.map((slot) => ('real' in slot ? real[slot.real] : slot.injected.container));
    for (const slot of listSlots) if ('injected' in slot) synthesized.push({ path: slot.path, by: slot.by });
  }
  const realVolumes: unknown[] = Array.isArray(spec.volumes) ? (spec.volumes as unknown[]) : [];
  const volumes = plans.flatMap((plan) => plan.volumes.map((volume) => ({ volume, by: plan.by })));
  if (volumes.length > 0) {
    merged.volumes = [...realVolumes, ...volumes.map((item) => item.volume)];
    volumes.forEach((item, index) => synthesized.push({ path: [...specPath, 'volumes', realVolumes.length + index], by: item.by }));
  }
  const containers = containersOf(merged, specPath).map((info): ContainerInfo => {
    if (info.list === 'ephemeralContainers') return info;
    const slot = slots.get(info.list)?.[info.index];
    if (slot === undefined) return info;
    if ('real' in slot) return { ...info, index: slot.real, path: [...specPath, info.list, slot.real] };
    const { by, injected } = slot;
    const base: ContainerInfo = { ...info, path: slot.path, injected: { ...by, role: injected.role } };
    if (info.role !== 'app') return base;
    // An injected proxy or agent in `containers` is a classic sidecar that runs until it is stopped.
    const helper = injectedHelper(by, info.name, info.helper);
    return {
      ...base,
      helper,
      classicSidecar: helper,
      lifetime: { kind: 'long-running', reason: `${by.label} injects it as a classic sidecar that runs until it is stopped`, field: 'image' },
    };
  });
  return { spec: merged, containers, synthesized };
}

/** The synthesized container or volume a path points into, if any. */
export function synthesizedAt(synthesized: readonly Synthesized[], path: Path): Synthesized | undefined {
  return synthesized.find((item) => item.path.length <= path.length && item.path.every((segment, index) => path[index] === segment));
}

/** The container an injector adds in a role (its proxy, its init container), if the pod has one. */
export function injectedContainer(containers: readonly ContainerInfo[], injector: InjectedBy['injector'], role: InjectedContainer['role']): ContainerInfo | undefined {
  return containers.find((info) => info.injected?.injector === injector && info.injected.role === role);
}
