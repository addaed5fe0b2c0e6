import { describeContainer } from '../src/model/containers.js';
import { jobRemedy } from '../src/model/injectors/index.js';
import { annotationFix } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { stopCallFor } from '../src/model/sidecars.js';

export default defineRule({
  meta: {
    id: 'injected-sidecar-blocks-job',
    description: 'Disallow Jobs that an injector gives a classic proxy or agent that never exits',
    severity: 'error',
    docs: 'rules/injected-sidecar-blocks-job.md',
    versionAware: true,
    seesInjected: true,
    fixable: true,
    tags: ['kubernetes', 'sidecar', 'reliability', 'jobs', 'injectors'],
    messages: {
      blocks:
        '{{container}}, which {{injector}} adds at admission as a classic sidecar, keeps running after the {{kind}}\'s containers have finished, so the {{kind}} never completes (its pod never succeeds). {{remedy}}.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    if (pod.workload !== 'batch') return;
    if (!pod.containers.some((info) => info.role === 'app' && info.injected === undefined)) return;
    for (const info of pod.containers) {
      const by = info.injected;
      if (by === undefined || info.role !== 'app' || info.lifetime.kind !== 'long-running') continue;
      // The main container stops it when its work is done (`curl -X POST localhost:15020/quitquitquit`).
      if (stopCallFor(info, pod.containers) !== undefined) continue;
      const remedy = jobRemedy(by, context.kubernetesVersion, info.name);
      const fix = remedy.annotation === undefined ? undefined : annotationFix(pod.object, pod.metadataPath, remedy.annotation.key, remedy.annotation.value);
      context.report({
        path: info.path,
        messageId: 'blocks',
        data: { container: describeContainer(info), injector: by.label, kind: pod.owner.kind, remedy: remedy.text.replace(/\.$/, '') },
        container: info,
        ...(fix !== undefined ? { fix } : {}),
      });
    }
  },
});
