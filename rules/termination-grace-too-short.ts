import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { preStopDelay } from '../src/model/lifecycle.js';
import type { PreStopDelay } from '../src/model/lifecycle.js';
import { ISTIO_DEFAULT_DRAIN_SECONDS, meshOf } from '../src/model/mesh.js';
import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/types.js';

const DEFAULT_GRACE_SECONDS = 30;

export default defineRule({
  meta: {
    id: 'termination-grace-too-short',
    description: 'Require terminationGracePeriodSeconds to cover the app\'s preStop hook and the proxy\'s drain time',
    severity: 'warning',
    docs: 'rules/termination-grace-too-short.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      tooShort:
        'terminationGracePeriodSeconds is {{grace}}s{{defaulted}}, less than {{parts}}: the kubelet kills the pod before {{victim}}, and requests in flight fail. Set terminationGracePeriodSeconds to at least {{needed}}.',
      tooShortForBoth:
        'terminationGracePeriodSeconds is {{grace}}s{{defaulted}}, less than the {{needed}}s needed for {{parts}}: the kubelet kills the pod before {{victim}}, and requests in flight fail. Set terminationGracePeriodSeconds to at least {{needed}}.',
    },
  },
  check(pod, context) {
    const declared: unknown = pod.spec.terminationGracePeriodSeconds;
    const grace = typeof declared === 'number' ? declared : DEFAULT_GRACE_SECONDS;
    let longest: { info: ContainerInfo; delay: PreStopDelay } | undefined;
    for (const info of pod.containers) {
      if (info.role !== 'app' || info.classicSidecar) continue;
      const delay = preStopDelay(info.container);
      if (delay && (!longest || delay.seconds > longest.delay.seconds)) longest = { info, delay };
    }
    const mesh = meshOf([pod.podAnnotations, pod.owner.annotations], pod.containers);
    let drain = 0;
    let drainText = '';
    if (mesh?.kind === 'istio') {
      drain = mesh.drainSeconds ?? ISTIO_DEFAULT_DRAIN_SECONDS;
      drainText = `the Istio proxy's ${mesh.drainSeconds === undefined ? 'default ' : ''}${drain}s drain (terminationDrainDuration)`;
    } else if (mesh?.kind === 'linkerd' && mesh.waitBeforeExitSeconds !== undefined && mesh.nativeSidecar !== true) {
      drain = mesh.waitBeforeExitSeconds;
      drainText = `the Linkerd proxy's ${drain}s wait before exit (proxy-wait-before-exit-seconds)`;
    }
    // Without a proxy, a preStop sleep action longer than the grace period is an API error
    // (prestop-sleep-exceeds-grace), not this rule's business.
    if (drain === 0 && longest?.delay.kind === 'sleep') return;
    const preStop = longest?.delay.seconds ?? 0;
    // The proxy whose drain counts, when an injector profile adds it (the message then says so).
    const injectedProxy = drain > 0 ? pod.containers.find((info) => info.injected?.role === 'proxy' && info.injected.injector === mesh?.kind)?.injected : undefined;
    const needed = preStop + drain;
    if (needed <= grace) return;
    const parts = [
      ...(longest ? [`the ${preStop}s preStop hook of ${describeContainer(longest.info)}`] : []),
      ...(drainText ? [drainText] : []),
    ];
    let path: Path = pod.path;
    if (typeof declared === 'number') path = [...pod.path, 'terminationGracePeriodSeconds'];
    else if (longest) path = [...longest.info.path, ...longest.delay.path];
    context.report({
      path,
      messageId: parts.length > 1 ? 'tooShortForBoth' : 'tooShort',
      data: {
        grace,
        defaulted: typeof declared === 'number' ? '' : ' (the default)',
        parts: parts.join(' plus '),
        needed: Math.ceil(needed),
        victim: drain > 0 ? 'the proxy has drained its connections' : 'the preStop hook has finished',
      },
      ...(typeof declared !== 'number' && longest ? { container: longest.info } : {}),
      ...(injectedProxy !== undefined ? { injectedBy: injectedProxy } : {}),
    });
  },
});
