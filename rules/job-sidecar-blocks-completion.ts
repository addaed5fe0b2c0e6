import { describeContainer } from '../src/model/containers.js';
import { nativeSidecarMove } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { featureHistory } from '../src/model/kube-version.js';

export default defineRule({
  meta: {
    id: 'job-sidecar-blocks-completion',
    description: 'Disallow long-running helper containers next to the main container of a Job',
    severity: 'error',
    docs: 'rules/job-sidecar-blocks-completion.md',
    tags: ['kubernetes', 'sidecar', 'reliability', 'jobs'],
    fixable: true,
    messages: {
      blocks: `{{container}} keeps running after {{main}} finishes ({{reason}}), so the {{kind}} never completes. Move it to initContainers with restartPolicy: Always (a native sidecar; native sidecars: ${featureHistory('nativeSidecars')}): it is then stopped when the main container exits.`,
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    if (pod.workload !== 'batch') return;
    const apps = pod.containers.filter((info) => info.role === 'app');
    const main = apps.find((info) => info.lifetime.kind !== 'long-running');
    if (!main) return;
    for (const info of apps) {
      if (info.lifetime.kind !== 'long-running') continue;
      // What an injector adds is injected-sidecar-blocks-job's, with the injector's own remedy.
      if (info.injected !== undefined) continue;
      context.report({
        path: [...info.path, info.lifetime.field],
        messageId: 'blocks',
        data: { container: describeContainer(info), main: describeContainer(main), reason: info.lifetime.reason, kind: pod.owner.kind },
        container: info,
        fix: nativeSidecarMove(info, context.kubernetesVersion),
      });
    }
  },
});
