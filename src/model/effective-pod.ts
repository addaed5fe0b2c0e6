/**
 * The pod as it will run: a pod spec with what the injector profiles add (`injectors/`) merged in
 * where each webhook puts it (`injectors/merge.ts`), and its containers described like any other
 * (`containers.ts`). Real containers keep the paths of the manifest; synthesized ones get a path past
 * the end of their list (which no source holds), as do the volumes, mounts and env an injector adds,
 * and an `injected` mark, so that the engine can report them at their trigger.
 */
import type { Path } from '../types.js';
import { containersOf } from './containers.js';
import type { ContainerInfo, Helper } from './containers.js';
import { mergePlans } from './injectors/merge.js';
import type { ContainerListName, Origin } from './injectors/merge.js';
import { PRODUCTS } from './injectors/index.js';
import type { InjectedBy, InjectedContainer, InjectedRole, InjectionPlan, InjectorName } from './injectors/index.js';

export interface Synthesized {
  /** Path from the object root (past the end of its list, or a field the manifest does not have). */
  readonly path: Path;
  readonly by: InjectedBy;
}

export interface EffectivePod {
  readonly spec: Record<string, unknown>;
  readonly containers: ContainerInfo[];
  readonly synthesized: readonly Synthesized[];
}

function injectedHelper(by: InjectedBy, name: string, existing: Helper | undefined): Helper {
  return existing ?? { category: 'proxy', product: PRODUCTS[by.injector], reason: `"${name}" is injected by ${by.label}` };
}

/** The pod spec with every plan merged in (in the webhooks' order), and its containers in start order. */
export function effectivePod(spec: Record<string, unknown>, specPath: Path, plans: readonly InjectionPlan[]): EffectivePod {
  const merged = mergePlans(spec, plans);
  const synthesized: Synthesized[] = merged.added.map((field) => ({ path: [...specPath, ...field.path], by: plans[field.plan]!.by }));
  // Paths of the synthesized containers: past the manifest's list, numbered in effective order.
  const slots = new Map<ContainerListName, (Origin & { path?: Path })[]>();
  for (const list of ['initContainers', 'containers'] as const) {
    const origins = merged.origins[list];
    let next = origins.filter((origin) => 'real' in origin).length;
    slots.set(list, origins.map((origin) => {
      if ('real' in origin) return origin;
      const path = [...specPath, list, next++];
      synthesized.push({ path, by: plans[origin.plan]!.by });
      return { ...origin, path };
    }));
  }
  const containers = containersOf(merged.spec, specPath).map((info): ContainerInfo => {
    if (info.list === 'ephemeralContainers') return info;
    const slot = slots.get(info.list)?.[info.index];
    if (slot === undefined) return info;
    if ('real' in slot) {
      const path = [...specPath, info.list, slot.real];
      const fields = merged.added.filter((field) => field.path[0] === info.list && field.path[1] === slot.real).map((field) => field.path.slice(2));
      return { ...info, index: slot.real, path, ...(fields.length > 0 ? { injectedFields: fields } : {}) };
    }
    const plan = plans[slot.plan]!;
    const injected: InjectedContainer = plan.containers[slot.item]!;
    const base: ContainerInfo = {
      ...info,
      path: slot.path ?? info.path,
      injected: { ...plan.by, role: injected.role, ...(injected.needsNetwork !== undefined ? { needsNetwork: injected.needsNetwork } : {}), ...(injected.redirects ? { redirects: true } : {}) },
    };
    if (info.role !== 'app') return base;
    // An injected proxy or agent in `containers` is a classic sidecar that runs until it is stopped.
    const helper = injectedHelper(plan.by, info.name, info.helper);
    return {
      ...base,
      helper,
      classicSidecar: helper,
      lifetime: { kind: 'long-running', reason: `${plan.by.label} injects it as a classic sidecar that runs until it is stopped`, field: 'image' },
    };
  });
  return { spec: merged.spec, containers, synthesized };
}

/** The synthesized container or field a path points into, if any. */
export function synthesizedAt(synthesized: readonly Synthesized[], path: Path): Synthesized | undefined {
  return synthesized.find((item) => item.path.length <= path.length && item.path.every((segment, index) => path[index] === segment));
}

/** The container an injector adds in a role (its proxy, its init container), if the pod has one. */
export function injectedContainer(containers: readonly ContainerInfo[], injector: InjectorName, role: InjectedRole): ContainerInfo | undefined {
  return containers.find((info) => info.injected?.injector === injector && info.injected.role === role);
}
