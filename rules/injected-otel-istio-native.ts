import { asksOpenTelemetry, atLeastInjector, parseInjectorVersion } from '../src/model/injectors/index.js';
import { defineRule } from '../src/engine/rule.js';

/**
 * The last operator release the failure was reported with (istio/istio#49054: operator 0.92.1, Istio
 * 1.20 native sidecars): a webhook that re-encodes the pod drops restartPolicy from Istio's native
 * proxy, which leaves an init container with probes (also DataDog/datadog-operator#1116).
 */
const LAST_REPORTED = { major: 0, minor: 92 } as const;

export default defineRule({
  meta: {
    id: 'injected-otel-istio-native',
    description: 'Disallow OpenTelemetry Operator injection into pods that Istio injects with a native sidecar',
    severity: 'warning',
    docs: 'rules/injected-otel-istio-native.md',
    versionAware: true,
    tags: ['kubernetes', 'sidecar', 'correctness', 'injectors'],
    messages: {
      both:
        'The annotation {{key}} has {{otel}} inject into this pod after {{injector}} has injected its proxy as a native sidecar, and with that release the operator\'s webhook has been seen to drop the proxy\'s restartPolicy: the pod then has an init container with probes, which the API server rejects, so the pod is never created (istio/istio#49054). Upgrade the operator (the failure was last reported with 0.92), check the injected pod with kubectl apply --dry-run=server, or keep this pod\'s proxy classic (sidecar.istio.io/nativeSidecar: "false").',
    },
  },
  check(pod, context) {
    const istio = pod.injections.find((plan) => plan.by.injector === 'istio' && plan.by.native);
    const otel = pod.injections.find((plan) => plan.by.injector === 'opentelemetry');
    if (istio === undefined || otel === undefined) return;
    const version = parseInjectorVersion(otel.by.version ?? '');
    if (version === undefined || atLeastInjector(version, LAST_REPORTED.major, LAST_REPORTED.minor + 1)) return;
    // Only when the operator's webhook runs after Istio's (the plans come in the webhooks' order).
    if (pod.injections.indexOf(otel) < pod.injections.indexOf(istio)) return;
    const key = Object.keys(pod.podAnnotations).find((name) => asksOpenTelemetry(name, pod.podAnnotations[name] ?? ''));
    if (key === undefined) return;
    context.report({
      path: [...pod.metadataPath, 'annotations', key],
      messageId: 'both',
      data: { key, otel: otel.by.label, injector: istio.by.label },
      injectedBy: istio.by,
    });
  },
});
