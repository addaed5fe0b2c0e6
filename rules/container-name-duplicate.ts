import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

export default defineRule({
  meta: {
    id: 'container-name-duplicate',
    description: 'Disallow two containers of one pod with the same name',
    severity: 'error',
    docs: 'rules/container-name-duplicate.md',
    tags: ['kubernetes', 'correctness'],
    messages: {
      duplicate:
        '{{container}} reuses the name of {{first}} ({{firstList}}[{{firstIndex}}]); names must be unique across containers, initContainers and ephemeralContainers, so the API server rejects the pod.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const seen = new Map<string, ContainerInfo>();
    for (const info of pod.containers) {
      const name = info.container.name;
      if (typeof name !== 'string' || name === '') continue;
      const first = seen.get(name);
      if (!first) {
        seen.set(name, info);
        continue;
      }
      context.report({
        path: [...info.path, 'name'],
        messageId: 'duplicate',
        data: { container: describeContainer(info), first: describeContainer(first), firstList: first.list, firstIndex: first.index },
        container: info,
        related: [{ path: [...first.path, 'name'], message: `${describeContainer(first)} has this name first` }],
      });
    }
  },
});
