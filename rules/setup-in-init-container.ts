import { describeContainer } from '../src/model/containers.js';
import { initContainerMove } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'setup-in-init-container',
    description: 'Prefer init containers for one-shot setup steps',
    severity: 'warning',
    docs: 'rules/setup-in-init-container.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    fixable: true,
    messages: {
      restarts:
        '{{container}} looks like a one-shot setup step ({{reason}}); under restartPolicy Always it is restarted every time it exits and ends in CrashLoopBackOff. Move it to initContainers.',
      concurrent:
        '{{container}} looks like a one-shot setup step ({{reason}}), but in containers it runs at the same time as {{others}}, not before. Move it to initContainers so it finishes first.',
    },
  },
  check(pod, context) {
    const apps = pod.containers.filter((info) => info.role === 'app');
    for (const info of apps) {
      if (info.lifetime.kind !== 'one-shot') continue;
      const base = { container: describeContainer(info), reason: info.lifetime.reason };
      const path = [...info.path, info.lifetime.field];
      // Move it only when a main container stays behind: when every other container is a helper,
      // the one-shot container is the pod's work (a Job next to a mesh proxy), not a setup step.
      const mainStays = apps.some((other) => other !== info && !other.helper && other.lifetime.kind !== 'one-shot');
      const fix = mainStays ? initContainerMove(info) : undefined;
      if (pod.restartPolicy === 'Always') {
        context.report({ path, messageId: 'restarts', data: base, container: info, fix });
        continue;
      }
      // Outside restartPolicy Always, a one-shot container is only a misplaced setup step when a main
      // container runs beside it; next to helpers only (a Job and its mesh proxy) it is the pod's work.
      if (!mainStays) continue;
      const others = apps.filter((other) => other !== info && other.lifetime.kind !== 'one-shot');
      context.report({
        path,
        messageId: 'concurrent',
        data: { ...base, others: others.map(describeContainer).join(', ') },
        container: info,
        fix,
      });
    }
  },
});
