import { describeContainer } from '../src/model/containers.js';
import { initContainerMove } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';
import { hasFeature } from '../src/model/kube-version.js';
import { setupThenPark } from '../src/model/shell.js';

export default defineRule({
  meta: {
    id: 'setup-in-init-container',
    description: 'Prefer init containers for one-shot setup steps',
    severity: 'warning',
    docs: 'rules/setup-in-init-container.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    versionAware: true,
    fixable: true,
    messages: {
      restarts:
        '{{container}} looks like a one-shot setup step ({{reason}}); under restartPolicy Always it is restarted every time it exits and ends in CrashLoopBackOff. Move it to initContainers.',
      concurrent:
        '{{container}} looks like a one-shot setup step ({{reason}}), but in containers it runs at the same time as {{others}}, not before. Move it to initContainers so it finishes first.',
      parked:
        '{{container}} is a one-shot setup step kept alive by "{{park}}" ({{reason}}): it runs at the same time as {{others}}, not before, and holds resources for the life of the pod. Move the setup to initContainers and drop "{{park}}".',
    },
  },
  check(pod, context) {
    // Argo Workflows manages its template's sidecars itself: it kills them when the main container exits.
    if (pod.workload === 'argo') return;
    const apps = pod.containers.filter((info) => info.role === 'app');
    for (const info of apps) {
      const parked = info.lifetime.kind === 'long-running' ? setupThenPark(info.script) : undefined;
      if (parked) {
        const others = apps.filter((other) => other !== info && !other.helper);
        if (others.length === 0) continue; // the pod's only work: a toolbox or debug pod kept alive on purpose
        context.report({
          path: [...info.path, info.lifetime.field],
          messageId: 'parked',
          data: { container: describeContainer(info), reason: parked.setup, park: parked.park, others: others.map(describeContainer).join(', ') },
          container: info,
        });
        continue;
      }
      if (info.lifetime.kind !== 'one-shot') continue;
      const base = { container: describeContainer(info), reason: info.lifetime.reason };
      const path = [...info.path, info.lifetime.field];
      // Move it only when a main container stays behind: when every other container is a helper,
      // the one-shot container is the pod's work (a Job next to a mesh proxy), not a setup step.
      const mainStays = apps.some((other) => other !== info && !other.helper && other.lifetime.kind !== 'one-shot');
      const fix = mainStays ? initContainerMove(info) : undefined;
      // From 1.35 a container may set its own restartPolicy (KEP-5307): Never or OnFailure is not restarted after success.
      const own = info.container.restartPolicy;
      const ownPolicy = hasFeature(context.kubernetesVersion, 'restartPolicyRules') && (own === 'Never' || own === 'OnFailure');
      if (pod.restartPolicy === 'Always' && !ownPolicy) {
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
