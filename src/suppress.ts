/**
 * Suppression by annotation. On the owning object or its pod template:
 *   sidecar-lint.io/ignore: "rule-a,rule-b"   (or "all")
 * and for one container:
 *   sidecar-lint.io/ignore.<container-name>: "rule-a"
 */
import type { ContainerInfo } from './containers.js';
import type { Pod } from './rule.js';

export const IGNORE_ANNOTATION = 'sidecar-lint.io/ignore';

function lists(ruleId: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  return value
    .split(',')
    .map((item) => item.trim())
    .some((item) => item === 'all' || item === ruleId);
}

export function isSuppressed(ruleId: string, pod: Pod, container?: ContainerInfo): boolean {
  const sources = [pod.owner.annotations, pod.podAnnotations];
  return sources.some(
    (annotations) =>
      lists(ruleId, annotations[IGNORE_ANNOTATION]) ||
      (container !== undefined && lists(ruleId, annotations[`${IGNORE_ANNOTATION}.${container.name}`])),
  );
}
