/** Which workloads and containers a policy's `match:` selects: kinds, names, namespaces, labels, roles. */
import type { ContainerInfo } from '../model/containers.js';
import type { Pod } from '../engine/rule.js';
import type { PolicyMatch, PolicyRole } from './policy-schema.js';
import { matchesAnyGlob, matchesSelector } from './selector.js';
import { isRecord } from '../load/values.js';

function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
}

/** Labels of the pod template (`…template.metadata.labels`), empty for a bare Pod. */
function templateLabels(pod: Pod): Record<string, string> {
  if (pod.path.length < 2) return {};
  let current: unknown = pod.object;
  for (const segment of [...pod.path.slice(0, -1), 'metadata', 'labels']) {
    if (!isRecord(current)) return {};
    current = current[segment];
  }
  const labels: Record<string, string> = {};
  if (isRecord(current)) for (const [key, value] of Object.entries(current)) labels[key] = String(value);
  return labels;
}

export function matchesWorkload(match: PolicyMatch, pod: Pod): boolean {
  const { owner } = pod;
  if (match.kinds && !match.kinds.includes(owner.kind)) return false;
  // An object without a namespace lands in the namespace it is applied to; we assume `default`.
  if (match.namespaces && !match.namespaces.includes(owner.namespace ?? 'default')) return false;
  const names = asList(match.names);
  if (names && !matchesAnyGlob(names, owner.name)) return false;
  if (match.labelSelector && !matchesSelector(match.labelSelector, { ...owner.labels, ...templateLabels(pod) })) return false;
  return true;
}

export function matchesContainer(match: PolicyMatch, info: ContainerInfo): boolean {
  if (match.roles) {
    const roles: PolicyRole[] = [info.role];
    if (info.classicSidecar) roles.push('classic-sidecar');
    if (!match.roles.some((role) => roles.includes(role))) return false;
  }
  const names = asList(match.containerNames);
  return !names || matchesAnyGlob(names, info.name);
}
