import { describeContainer } from '../src/model/containers.js';
import { isRecord } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { featureGated, featureVersion, formatKubeVersion, hasFeature } from '../src/model/kube-version.js';

const DEFAULT_GRACE_SECONDS = 30;

export default defineRule({
  meta: {
    id: 'prestop-sleep-exceeds-grace',
    description: 'Disallow lifecycle sleep actions longer than terminationGracePeriodSeconds',
    severity: 'error',
    docs: 'rules/prestop-sleep-exceeds-grace.md',
    versionAware: true,
    tags: ['kubernetes', 'correctness', 'termination', 'sidecar'],
    messages: {
      exceeds:
        '{{container}} sleeps {{seconds}} s in its {{hook}} hook, longer than the pod\'s terminationGracePeriodSeconds ({{grace}} s{{defaulted}}); the API server rejects the pod. Shorten the sleep or raise terminationGracePeriodSeconds so the sleep and the shutdown after it both fit.',
      notPositive:
        '{{container}} sleeps {{seconds}} s in its {{hook}} hook; Kubernetes {{version}} requires a sleep of at least 1 second ({{zeroNote}}), so the API server rejects the pod. Remove the hook or sleep at least 1 second.',
      negative: '{{container}} sleeps {{seconds}} s in its {{hook}} hook; a negative sleep is invalid, so the API server rejects the pod.',
      unsupported: `{{container}} uses a sleep action in its {{hook}} hook, which Kubernetes {{version}} {{support}}. Use an exec hook (\`sleep N\`) or target Kubernetes ${featureVersion('sleepAction')} or later.`,
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const version = context.kubernetesVersion;
    const rawGrace: unknown = pod.spec.terminationGracePeriodSeconds;
    const grace = typeof rawGrace === 'number' ? rawGrace : DEFAULT_GRACE_SECONDS;
    const defaulted = typeof rawGrace === 'number' ? '' : ', the default';
    for (const info of pod.containers) {
      const lifecycle: unknown = info.container.lifecycle;
      if (!isRecord(lifecycle)) continue;
      for (const hook of ['preStop', 'postStart'] as const) {
        const handler = lifecycle[hook];
        if (!isRecord(handler) || !isRecord(handler.sleep)) continue;
        const base = { container: describeContainer(info), hook, version: formatKubeVersion(version) };
        const sleepPath = [...info.path, 'lifecycle', hook, 'sleep'];
        if (!hasFeature(version, 'sleepAction')) {
          const support = featureGated(version, 'sleepAction')
            ? 'accepts only with the PodLifecycleSleepAction feature gate (alpha, off by default); the API server rejects the pod'
            : 'does not know (it arrived in 1.29 as alpha, on by default from 1.30); the API server rejects or drops the field';
          context.report({ path: sleepPath, messageId: 'unsupported', data: { ...base, support }, container: info });
          continue;
        }
        const seconds: unknown = handler.sleep.seconds;
        if (typeof seconds !== 'number') continue; // missing or wrong type: pod-spec-schema reports it
        const path = [...sleepPath, 'seconds'];
        if (seconds < 0) context.report({ path, messageId: 'negative', data: { ...base, seconds }, container: info });
        else if (seconds === 0 && !hasFeature(version, 'sleepZero')) {
          const zeroNote = featureGated(version, 'sleepZero')
            ? 'a zero sleep needs the PodLifecycleSleepActionAllowZero feature gate, alpha in 1.32 and on by default from 1.33'
            : 'a zero sleep is accepted from 1.33';
          context.report({ path, messageId: 'notPositive', data: { ...base, seconds, zeroNote }, container: info });
        } else if (seconds > grace) {
          context.report({ path, messageId: 'exceeds', data: { ...base, seconds, grace, defaulted }, container: info });
        }
      }
    }
  },
});
