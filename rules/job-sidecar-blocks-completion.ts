import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { nativeSidecarMove } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { featureHistory } from '../src/model/kube-version.js';
import { stopCallFor, swallowedStopCall } from '../src/model/sidecars.js';
import type { Path } from '../src/types.js';

const MOVE = `Move it to initContainers with restartPolicy: Always (a native sidecar; native sidecars: ${featureHistory('nativeSidecars')}): it is then stopped when the main container exits.`;
const SWALLOWED =
  'means to stop {{what}} with "{{url}}", but that URL is an argument of "{{command}}", not a command of its own (a folded ">" block joins the lines of a script with spaces), so the call never runs';

/** The command or args item that holds `text`, else the field itself. */
function itemHolding(info: ContainerInfo, text: string): Path {
  for (const field of ['args', 'command'] as const) {
    const items: unknown = info.container[field];
    if (!Array.isArray(items)) continue;
    const index = items.findIndex((item) => typeof item === 'string' && item.includes(text));
    if (index >= 0) return [...info.path, field, index];
  }
  return [...info.path, info.lifetime.field];
}

export default defineRule({
  meta: {
    id: 'job-sidecar-blocks-completion',
    description: 'Disallow long-running helper containers next to the main container of a Job',
    severity: 'error',
    docs: 'rules/job-sidecar-blocks-completion.md',
    tags: ['kubernetes', 'sidecar', 'reliability', 'jobs'],
    fixable: true,
    messages: {
      blocks: `{{container}} keeps running after {{main}} finishes ({{reason}}), so the {{kind}} never completes. ${MOVE}`,
      blocksSwallowed: `{{container}} keeps running after {{main}} finishes ({{reason}}), so the {{kind}} never completes: {{main}} ${SWALLOWED.replace('{{what}}', 'it')}. Make the call a command of its own (a literal "|" block, or ";" or "&&" before it), or ${MOVE.replace(/^Move/, 'move')}`,
      quitSwallowed: `{{main}} ${SWALLOWED.replace('{{what}}', "the pod's {{target}}")}: the {{target}} keeps running and the {{kind}} never completes. Make the call a command of its own: a literal block ("|"), or ";" or "&&" before it.`,
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    if (pod.workload !== 'batch') return;
    const apps = pod.containers.filter((info) => info.role === 'app');
    const main = apps.find((info) => info.lifetime.kind !== 'long-running');
    if (!main) return;
    const swallowed = swallowedStopCall(pod.containers);
    let seen = false;
    for (const info of apps) {
      if (info.lifetime.kind !== 'long-running') continue;
      // The main container stops it when its work is done (`curl -X POST localhost:15020/quitquitquit`).
      if (stopCallFor(info, pod.containers) !== undefined) continue;
      const meant = swallowed !== undefined && info.helper !== undefined && swallowed.call.stops.includes(info.helper.product);
      if (meant) seen = true;
      // What an injector adds is injected-sidecar-blocks-job's, with the injector's own remedy.
      if (info.injected !== undefined) continue;
      const data = { container: describeContainer(info), main: describeContainer(meant ? swallowed.caller : main), reason: info.lifetime.reason, kind: pod.owner.kind };
      context.report({
        path: [...info.path, info.lifetime.field],
        messageId: meant ? 'blocksSwallowed' : 'blocks',
        data: meant ? { ...data, url: swallowed.call.url, command: swallowed.call.argumentOf ?? '' } : data,
        container: info,
        fix: nativeSidecarMove(info, context.kubernetesVersion),
      });
    }
    // The sidecar it means to stop is not in the manifest (an injector adds it at admission): the call alone shows the Job never completes.
    if (swallowed !== undefined && !seen) {
      context.report({
        path: itemHolding(swallowed.caller, swallowed.call.url),
        messageId: 'quitSwallowed',
        data: { main: describeContainer(swallowed.caller), url: swallowed.call.url, command: swallowed.call.argumentOf ?? '', target: swallowed.call.target, kind: pod.owner.kind },
        container: swallowed.caller,
      });
    }
  },
});
