import { defineRule } from '../src/engine/rule.js';

const OTEL_KEY = /^(?:sidecar\.opentelemetry\.io\/inject|instrumentation\.opentelemetry\.io\/inject-[\w-]+)$/;

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
        'The annotation {{key}} has the OpenTelemetry Operator inject into this pod, which {{injector}} injects with a native sidecar proxy: depending on the order the two webhooks run in, the pod can end up with an init container that carries a readinessProbe, which the API server rejects, so the pod is never created (istio/istio#49054, #49221). Check the injected pod with kubectl apply --dry-run=server, or keep this pod\'s proxy classic (sidecar.istio.io/nativeSidecar: "false").',
    },
  },
  check(pod, context) {
    const istio = pod.injections.find((plan) => plan.by.injector === 'istio' && plan.by.native);
    if (istio === undefined) return;
    const key = Object.keys(pod.podAnnotations).find((name) => OTEL_KEY.test(name) && !/^(?:false|0)$/i.test(pod.podAnnotations[name] ?? ''));
    if (key === undefined) return;
    context.report({
      path: [...pod.metadataPath, 'annotations', key],
      messageId: 'both',
      data: { key, injector: istio.by.label },
      injectedBy: istio.by,
    });
  },
});
